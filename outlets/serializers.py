from rest_framework import serializers

from spm.months import format_month

from .metrics import metric_unit
from .models import MetricValue, OrderLine, Outlet, Product, ShelfAudit, TeamMetricValue, Visit


class OutletSerializer(serializers.ModelSerializer):
    territory = serializers.CharField(
        source="territory.name", default=None, allow_null=True, read_only=True
    )
    salesman = serializers.CharField(
        source="salesman.code", default=None, allow_null=True, read_only=True
    )
    acquired_by = serializers.CharField(
        source="acquired_by.code", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Outlet
        fields = [
            "code",
            "name",
            "channel",
            "type",
            "territory",
            "salesman",
            "key_account",
            "acquired_on",
            "acquired_by",
            "active",
        ]


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["sku", "name", "category", "new_product"]


class VisitSerializer(serializers.ModelSerializer):
    salesman = serializers.CharField(source="salesman.code", read_only=True)
    outlet = serializers.CharField(source="outlet.code", read_only=True)

    class Meta:
        model = Visit
        fields = ["visit_id", "date", "salesman", "outlet"]


class OrderLineSerializer(serializers.ModelSerializer):
    salesman = serializers.CharField(source="salesman.code", read_only=True)
    outlet = serializers.CharField(source="outlet.code", read_only=True)
    sku = serializers.CharField(source="product.sku", read_only=True)

    class Meta:
        model = OrderLine
        fields = ["id", "order_no", "date", "salesman", "outlet", "sku", "quantity", "amount"]


class ShelfAuditSerializer(serializers.ModelSerializer):
    salesman = serializers.CharField(source="salesman.code", read_only=True)
    outlet = serializers.CharField(source="outlet.code", read_only=True)

    class Meta:
        model = ShelfAudit
        fields = [
            "audit_id",
            "date",
            "salesman",
            "outlet",
            "planogram_compliance",
            "osa",
            "share_of_shelf",
        ]


class _MetricFields(serializers.ModelSerializer):
    month = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()

    def get_month(self, obj) -> str:
        return format_month(obj.month)

    def get_unit(self, obj) -> str | None:
        return metric_unit(obj.metric) or None  # group metrics too: revenue@focus → Rp


class MetricValueSerializer(_MetricFields):
    """One metric of one salesman and month; `value` null means no data."""

    salesman = serializers.CharField(source="salesman.code", read_only=True)

    class Meta:
        model = MetricValue
        fields = ["id", "salesman", "month", "metric", "value", "unit", "computed_at"]


class TeamMetricValueSerializer(_MetricFields):
    team_name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = TeamMetricValue
        fields = ["id", "team", "team_name", "month", "metric", "value", "unit", "computed_at"]

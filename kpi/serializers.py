from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from org.models import Channel
from spm.api_fields import MonthField

from .models import (
    KRA,
    Direction,
    KPIDefinition,
    ManualActual,
    Rounding,
    Scorecard,
    ScorecardRow,
    ScoredRole,
    Target,
)


class AlignedListSerializer(serializers.ListSerializer):
    """A list whose errors line up with its items: `{"rows": [{}, {"weight": ["…"]}]}` (one
    entry per row, `{}` for a good one) rather than DRF's dict keyed by index; a problem with the
    list itself (missing, not a list, empty, too long) is a plain list of messages:
    `{"rows": ["This list may not be empty."]}`."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and set(detail) == {api_settings.NON_FIELD_ERRORS_KEY}:
                raise serializers.ValidationError(
                    detail[api_settings.NON_FIELD_ERRORS_KEY]
                ) from None
            if isinstance(detail, dict):
                raise serializers.ValidationError(
                    [detail.get(index, {}) for index in range(len(data))]
                ) from None
            raise


class PreviewRowSerializer(serializers.Serializer):
    kpi = serializers.CharField(max_length=150)
    weight = serializers.DecimalField(max_digits=9, decimal_places=4, min_value=0)
    direction = serializers.ChoiceField(choices=Direction.choices)
    target = serializers.DecimalField(max_digits=30, decimal_places=10, allow_null=True)
    actual = serializers.DecimalField(max_digits=30, decimal_places=10, allow_null=True)
    cap = serializers.DecimalField(
        max_digits=12, decimal_places=4, min_value=0, allow_null=True, required=False, default=None
    )
    floor = serializers.DecimalField(
        max_digits=12, decimal_places=4, min_value=0, allow_null=True, required=False, default=None
    )

    class Meta:
        list_serializer_class = AlignedListSerializer

    def validate(self, attrs):
        if attrs["direction"] == "lower" and attrs.get("cap") is None:
            raise serializers.ValidationError({"cap": [_("A lower-is-better KPI needs a cap.")]})
        cap, floor = attrs.get("cap"), attrs.get("floor")
        if cap is not None and floor is not None and floor > cap:
            raise serializers.ValidationError({"floor": [_("Cannot be above the cap.")]})
        return attrs


class PreviewSerializer(serializers.Serializer):
    rounding = serializers.ChoiceField(choices=Rounding.choices, default="exact")
    rows = PreviewRowSerializer(many=True, allow_empty=False, max_length=500)


class PreviewResultRowSerializer(serializers.Serializer):
    kpi = serializers.CharField()
    score = serializers.CharField(help_text="2 decimals in exact mode, a whole number in row mode")
    final_score = serializers.CharField()


class PreviewResultSerializer(serializers.Serializer):
    rows = PreviewResultRowSerializer(many=True)
    total = serializers.CharField()


class KRASerializer(serializers.ModelSerializer):
    class Meta:
        model = KRA
        fields = ["id", "name", "name_id"]


class KPISerializer(serializers.ModelSerializer):
    kra = serializers.CharField(source="kra.name", read_only=True)

    class Meta:
        model = KPIDefinition
        fields = ["code", "name_id", "name_en", "kra", "unit", "direction", "source"]


# The template document (docs/contracts.md); validated by kpi.documents, described here for the
# schema.
class DocumentItemSerializer(serializers.Serializer):
    # Numbers in the document (kpi.documents writes 50, not "50.00").
    kpi = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    cap = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    floor = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, coerce_to_string=False
    )


class DocumentNameSerializer(serializers.Serializer):
    id = serializers.CharField()
    en = serializers.CharField()


class DocumentKPISerializer(serializers.Serializer):
    code = serializers.CharField()
    name = DocumentNameSerializer()
    kra = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    direction = serializers.ChoiceField(choices=Direction.choices)
    source = serializers.CharField(help_text="'manual' or 'metric:NAME'")


class DocumentAppliesToSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ScoredRole.choices)
    channel = serializers.ChoiceField(choices=Channel.choices, allow_null=True)


class TemplateDocumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    rounding = serializers.ChoiceField(choices=Rounding.choices)
    applies_to = DocumentAppliesToSerializer()
    items = DocumentItemSerializer(many=True)
    kpis = DocumentKPISerializer(many=True, required=False)


class TargetSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    salesman = serializers.CharField(source="salesman.code", read_only=True)
    kpi = serializers.CharField(source="kpi.code", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "month", "salesman", "kpi", "value"]


class ManualActualSerializer(TargetSerializer):
    class Meta:
        model = ManualActual
        fields = ["id", "month", "salesman", "kpi", "value"]


class ScorecardRowSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi_code")
    name = serializers.SerializerMethodField()

    class Meta:
        model = ScorecardRow
        fields = [
            "kpi",
            "name",
            "kpi_name_id",
            "kpi_name_en",
            "kra",
            "weight",
            "unit",
            "direction",
            "source",
            "target",
            "actual",
            "attainment",
            "score",
            "final_score",
            "cap",
            "floor",
            "no_data",
        ]

    def get_name(self, row) -> str:
        return row.kpi_name


class ScorecardSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    salesman = serializers.CharField(source="salesman.code", read_only=True)
    name = serializers.CharField(source="salesman.name", read_only=True)
    team = serializers.CharField(
        source="salesman.team.name", default=None, allow_null=True, read_only=True
    )
    template = serializers.CharField(source="template_code", read_only=True)
    # A plain string (draft/locked), not an enum: "status" names other choice sets elsewhere.
    status = serializers.CharField(read_only=True, help_text="draft or locked")
    rows = ScorecardRowSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "month",
            "salesman",
            "name",
            "team",
            "template",
            "template_name",
            "rounding",
            "total",
            "status",
            "computed_at",
            "rows",
        ]


class ScorecardQuerySerializer(serializers.Serializer):
    month = MonthField(required=False, help_text="YYYY-MM")
    salesman = serializers.CharField(required=False, help_text="a salesman's code")


class TargetWriteSerializer(serializers.Serializer):
    """Set one target: {"month": "2026-06", "salesman": "A1", "kpi": "revenue", "value": 500}.
    A null value removes the target."""

    month = MonthField(help_text="YYYY-MM")
    salesman = serializers.CharField(max_length=40)
    kpi = serializers.CharField(max_length=60)
    value = serializers.DecimalField(max_digits=20, decimal_places=4, min_value=0, allow_null=True)


class BreakdownQuerySerializer(serializers.Serializer):
    month = MonthField(help_text="YYYY-MM")
    kpi = serializers.CharField(max_length=60)
    total = serializers.DecimalField(max_digits=20, decimal_places=0, min_value=0)
    team = serializers.IntegerField(required=False, allow_null=True, default=None)
    history_months = serializers.IntegerField(min_value=1, max_value=24, default=3)


class BreakdownLineSerializer(serializers.Serializer):
    salesman = serializers.CharField(source="code")
    name = serializers.CharField()
    history = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    share = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text="% of the whole (history share)"
    )
    proposed = serializers.IntegerField()


class BreakdownTeamSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team_id")
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=30, decimal_places=4)
    share = serializers.DecimalField(max_digits=5, decimal_places=1)
    proposed = serializers.IntegerField()
    lines = BreakdownLineSerializer(many=True)

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Outlet, ProductGroup, ShelfAudit, Visit

ATTRS = {"class": "table table-sm table-hover align-middle"}


class OutletTable(tables.Table):
    code = tables.Column(linkify=("outlets:outlet", {"code": tables.A("code")}))
    salesman = tables.Column(
        linkify=lambda record: (
            reverse("outlets:salesman-metrics-current", args=[record.salesman.code])
            if record.salesman
            else None
        ),
        order_by=("salesman__name",),
    )
    territory = tables.Column(order_by=("territory__name",))
    key_account = tables.BooleanColumn(verbose_name=_("key account"))
    active = tables.BooleanColumn(verbose_name=_("active"))

    class Meta:
        model = Outlet
        fields = (
            "code",
            "name",
            "channel",
            "type",
            "territory",
            "salesman",
            "key_account",
            "acquired_on",
            "active",
        )
        attrs = ATTRS


class VisitTable(tables.Table):
    class Meta:
        model = Visit
        fields = ("date", "visit_id", "salesman")
        attrs = ATTRS


class AuditTable(tables.Table):
    planogram_compliance = tables.Column(attrs={"td": {"class": "num"}})
    osa = tables.Column(attrs={"td": {"class": "num"}})
    share_of_shelf = tables.Column(attrs={"td": {"class": "num"}})

    class Meta:
        model = ShelfAudit
        fields = ("date", "audit_id", "salesman", "planogram_compliance", "osa", "share_of_shelf")
        attrs = ATTRS


class ProductGroupTable(tables.Table):
    """The SKU groups page: each group, its names, its number of SKUs and its metric names."""

    code = tables.Column(linkify=("outlets:group-edit", {"code": tables.A("code")}))
    name = tables.Column(verbose_name=_("name"))
    name_en = tables.Column(verbose_name=_("name in English"))
    sku_count = tables.Column(verbose_name=_("SKUs"), attrs={"td": {"class": "text-end"}})
    metrics = tables.Column(verbose_name=_("metrics"), empty_values=(), orderable=False)

    class Meta:
        model = ProductGroup
        fields = ("code", "name", "name_en", "sku_count")
        attrs = ATTRS

    def render_metrics(self, record):
        return ", ".join(
            f"{name}@{record.code}" for name in ("revenue", "outlets", "numeric_distribution")
        )

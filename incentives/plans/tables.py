import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from incentives.models import Plan
from incentives.wording import plan_name


class PlanTable(tables.Table):
    code = tables.Column(linkify=("incentives:plan", {"code": tables.A("code")}))
    updated_at = tables.DateTimeColumn(format="Y-m-d H:i")
    updated_by = tables.Column(verbose_name=_("updated by"))

    class Meta:
        model = Plan
        fields = (
            "code",
            "name",
            "role",
            "channel",
            "valid_from",
            "valid_to",
            "status",
            "updated_at",
            "updated_by",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_name(self, record) -> str:
        return plan_name(record)

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from incentives.disputes.models import Dispute
from spm import formats as fmt


class DisputeTable(tables.Table):
    """The dispute queue: newest first, with age and status."""

    id = tables.Column(
        verbose_name="#", linkify=lambda record: reverse("incentives:dispute", args=[record.pk])
    )
    salesman = tables.Column(verbose_name=_("salesman"), order_by=("salesman__code",))
    month = tables.Column(verbose_name=_("month"))
    line = tables.Column(verbose_name=_("line"), accessor="rule_code", orderable=False)
    raised_at = tables.Column(verbose_name=_("age"))
    status = tables.Column(verbose_name=_("status"))

    class Meta:
        model = Dispute
        fields = ("id", "salesman", "month", "line", "raised_at", "status")
        attrs = {"class": "table table-sm align-middle", "id": "dispute-queue"}
        row_attrs = {
            "data-dispute": lambda record: record.pk,
            "data-status": lambda record: record.status,
        }
        order_by = ("-raised_at",)

    def render_salesman(self, record):
        return f"{record.salesman.name} ({record.salesman.code})"

    def render_month(self, value):
        return fmt.month_label(value)

    def render_line(self, record):
        return record.line_label or record.rule_code or _("whole statement")

    def render_raised_at(self, record):
        end = record.resolved_at or timezone.now()
        days = (end - record.raised_at).days
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}

    def render_status(self, record):
        return record.get_status_display()

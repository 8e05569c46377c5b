import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Cycle, Objective
from .templatetags.okr_tags import BAND_COLOURS, BAND_LABELS


class CycleTable(tables.Table):
    code = tables.Column(linkify=("okr:cycle", {"code": tables.A("code")}))

    class Meta:
        model = Cycle
        fields = ("code", "name", "kind", "start", "end")
        attrs = {"class": "table table-sm table-hover align-middle"}


class ObjectiveTable(tables.Table):
    code = tables.Column(linkify=("okr:objective", {"code": tables.A("code")}))
    title = tables.Column(verbose_name=_("objective"), accessor="title_id", order_by="title_id")
    owner = tables.Column(verbose_name=_("owner"), accessor="owner_label", orderable=False)
    score = tables.Column(
        verbose_name=_("score"),
        accessor="display_score",
        orderable=False,
        attrs={"td": {"class": "num"}},
    )
    band = tables.Column(verbose_name=_("band"), accessor="band", orderable=False)

    class Meta:
        model = Objective
        fields = ("code", "title", "cycle", "level", "owner", "score", "band")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_title(self, record):
        return record.title

    def render_band(self, value):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', BAND_COLOURS[value], BAND_LABELS[value]
        )

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from spm import formats as fmt
from spm.months import format_month

from .models import KRA, KPIDefinition, Scorecard, ScorecardTemplate

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


def _header(text):
    """A column header as a sentence starts ("Total", not "total"), in the reader's language."""
    return capfirst(text)


class ScorecardTable(tables.Table):
    """The team's scorecards of a month, best total first."""

    code = tables.Column(verbose_name=_header(_("code")), accessor="salesman__code")
    name = tables.Column(verbose_name=_header(_("name")), accessor="salesman__name")
    role = tables.Column(verbose_name=_header(_("role")), accessor="salesman__user__role")
    team = tables.Column(
        verbose_name=_header(_("team")), accessor="salesman__team__name", default="–"
    )
    template_name = tables.Column(verbose_name=_header(_("template")))
    total = tables.Column(
        verbose_name=_header(_("total")),
        attrs={"th": {"class": "num"}, "td": {"class": "num total fw-semibold"}},
    )
    status = tables.Column(verbose_name=_header(_("status")))

    class Meta:
        model = Scorecard
        fields = ("code", "name", "role", "team", "template_name", "total", "status")
        attrs = TABLE_ATTRS | {"id": "scorecard-table", "thead": {"class": "table-light"}}
        order_by = ("-total",)

    def _url(self, record):
        return reverse(
            "kpi:scorecard",
            kwargs={"code": record.salesman.code, "month": format_month(record.month)},
        )

    def render_code(self, record, value):
        return format_html('<a href="{}">{}</a>', self._url(record), value)

    def render_name(self, record, value):
        return format_html(
            '<a class="link-body-emphasis" href="{}">{}</a>', self._url(record), value
        )

    def render_role(self, record):
        return record.salesman.user.get_role_display()

    def render_total(self, record, value):
        return fmt.number(value, 0 if record.rounding == "row" else 2)

    def render_status(self, record):
        css = "text-bg-secondary" if record.status == "locked" else "text-bg-light border"
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())


class KRATable(tables.Table):
    name = tables.Column(linkify=("kpi:kra-edit", {"pk": tables.A("pk")}))
    kpi_count = tables.Column(verbose_name=_("KPIs"), attrs={"td": {"class": "num"}})

    class Meta:
        model = KRA
        fields = ("name", "name_id", "kpi_count")
        attrs = TABLE_ATTRS


class KPITable(tables.Table):
    code = tables.Column(linkify=("kpi:kpi-edit", {"code": tables.A("code")}))
    kra = tables.Column(order_by="kra__name")

    class Meta:
        model = KPIDefinition
        fields = ("code", "name_id", "name_en", "kra", "unit", "direction", "source")
        attrs = TABLE_ATTRS | {"id": "kpi-table"}


class TemplateTable(tables.Table):
    code = tables.Column(linkify=("kpi:template-edit", {"code": tables.A("code")}))
    item_count = tables.Column(verbose_name=_("KPIs"), attrs={"td": {"class": "num"}})
    channel = tables.Column(verbose_name=_("applies to channel"), empty_values=())
    export = tables.TemplateColumn(
        '{% load i18n %}<a href="{% url "kpi:template-export" record.code %}">JSON</a>',
        verbose_name="",
        orderable=False,
    )

    class Meta:
        model = ScorecardTemplate
        fields = ("code", "name", "role", "channel", "rounding", "item_count", "export")
        attrs = TABLE_ATTRS | {"id": "template-table"}

    def render_channel(self, record):
        return record.get_channel_display() or _("Every channel")


class CountedPaginator(Paginator):
    """The team overview's pages: the number of people is known already (kpi.overview counts
    the scope once), so no COUNT of its own; at most PER_PAGE_MAX a page, whatever
    `?per_page=` asks."""

    PER_PAGE_MAX = 100

    def __init__(self, object_list, per_page, *args, count: int, **kwargs):
        super().__init__(object_list, min(int(per_page), self.PER_PAGE_MAX), *args, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


class RankedColumn(tables.Column):
    """A column of the team overview's ranking (kpi.overview.ranked_people), sorted by the
    database: its value, people with none first going up and last going down (as a list of
    rows sorted them), then the ranking itself (best first) among equals."""

    def order(self, queryset, is_descending):
        from .overview import RANK

        value = F(str(self.accessor))  # the column's name, unless given (team: team_name)
        first = value.desc(nulls_last=True) if is_descending else value.asc(nulls_first=True)
        return queryset.order_by(first, *RANK), True


class PaceTable(tables.Table):
    """The team overview's people: the month's pace score (a closed month: the scorecard total),
    sortable, best first."""

    code = RankedColumn(verbose_name=_header(_("code")))
    name = RankedColumn(verbose_name=_header(_("name")))
    team = RankedColumn(verbose_name=_header(_("team")), accessor="team_name", default="–")
    channel = RankedColumn(verbose_name=_header(_("channel")))
    pace_score = RankedColumn(
        verbose_name=_header(_("pace score")),
        attrs={"th": {"class": "num"}, "td": {"class": "num fw-semibold"}},
    )
    total = RankedColumn(
        verbose_name=_header(_("scorecard total")),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )
    projected_score = RankedColumn(
        verbose_name=_header(_("projected score")),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )

    class Meta:
        # The rows are a query of the ranking, best first (kpi.overview.ranked_people): the
        # table reads one page of it, and a header the reader clicks sorts it in SQL.
        attrs = TABLE_ATTRS | {"id": "pace-table", "thead": {"class": "table-light"}}
        empty_text = _("No scorecards in this scope for the month yet.")

    def __init__(self, *args, is_current: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_current:
            self.columns.hide("projected_score")

    def render_code(self, value):
        return format_html(
            '<a href="{}">{}</a>', reverse("kpi:scorecard-current", kwargs={"code": value}), value
        )

    def render_pace_score(self, value):
        return fmt.number(value, 2)

    def render_total(self, value):
        return fmt.number(value, 2)

    def render_projected_score(self, value):
        return fmt.number(value, 2)

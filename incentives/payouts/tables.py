import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from incentives.models import PayoutRun
from incentives.payouts.review import change_percent
from spm import formats as fmt


class RupiahColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return fmt.rupiah(value)


class ChangeColumn(RupiahColumn):
    """A change in Rupiah, signed: +Rp 1.300.000, -Rp 200.000."""

    def render(self, value):
        text = fmt.rupiah(value)
        return f"+{text}" if value > 0 else text


class PayoutRunTable(tables.Table):
    period = tables.Column(
        verbose_name=_("month"),
        accessor="month",
        order_by="month",
        linkify=lambda record: reverse("incentives:run", args=[record.period]),
    )
    status = tables.Column(verbose_name=_("status"))
    people = tables.Column(
        verbose_name=_("people"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    line_count = tables.Column(
        verbose_name=_("lines"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    total = RupiahColumn(verbose_name=_("total"))
    approved_by = tables.Column(verbose_name=_("approved by"), default="–")
    locked_by = tables.Column(verbose_name=_("locked by"), default="–")
    computed_at = tables.DateTimeColumn(verbose_name=_("computed at"), format="Y-m-d H:i")

    class Meta:
        model = PayoutRun
        fields = (
            "period",
            "status",
            "people",
            "line_count",
            "total",
            "computed_at",
            "approved_by",
            "locked_by",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "runs-table"}

    def render_period(self, record):
        return record.period

    def render_status(self, record):
        return record.get_status_display()

    @staticmethod
    def _who_when(user, at) -> str:
        name = user.get_full_name() or user.username
        return f"{name} · {date_format(localtime(at), 'DATETIME_FORMAT')}" if at else name

    def render_approved_by(self, record, value):
        """Who approved and when (the run's history page has every transition)."""
        return self._who_when(value, record.approved_at)

    def render_locked_by(self, record, value):
        return self._who_when(value, record.locked_at)


class StatementPeopleTable(tables.Table):
    """People whose statements the user may open (supervisor, manager: their teams)."""

    code = tables.Column(
        verbose_name=_("code"),
        linkify=lambda record: reverse("incentives:statements", args=[record.code]),
    )
    name = tables.Column(verbose_name=_("name"))
    team = tables.Column(verbose_name=_("team"), default="–")
    channel = tables.Column(verbose_name=_("channel"))

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "id": "statement-people"}


class ReviewTeamTable(tables.Table):
    """The review page's totals by team (`GroupTotal` rows, by team name), paged: a national
    sales force has thousands of teams. Sorted in memory (the teams are already summed)."""

    key = tables.Column(verbose_name=_("team"))
    people = tables.Column(
        verbose_name=_("people"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    previous = RupiahColumn(verbose_name=_("previous month"))
    total = RupiahColumn(verbose_name=_("this month"))
    change = ChangeColumn(verbose_name=_("change"))

    class Meta:
        attrs = {"class": "table table-sm", "id": "review-teams"}
        row_attrs = {"data-team": lambda record: record.key}
        orderable = True
        order_by = ()
        empty_text = "–"  # no statement in the run (yet)


class ReviewChangeTable(tables.Table):
    """The review page's people: this month against the previous one
    (`incentives.payouts.review.PeopleChanges`), the largest change first. Sorted and paged by
    the database: a header's sort is a name `PeopleChanges.order_by` knows; unknown first going
    up, last going down."""

    code = tables.Column(verbose_name=_("salesman"))
    name = tables.Column(verbose_name=_("name"))
    team = tables.Column(verbose_name=_("team"), accessor="team_name", default="–")
    channel = tables.Column(verbose_name=_("channel"))
    previous = RupiahColumn(verbose_name=_("previous month"), default="–")
    total = RupiahColumn(verbose_name=_("this month"))
    change = ChangeColumn(verbose_name=_("change"), default="–")
    change_percent = tables.Column(
        verbose_name=_("change %"),
        accessor="change",
        order_by=("change_percent",),
        default="–",
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )

    class Meta:
        attrs = {"class": "table table-sm", "id": "review-changes"}
        orderable = True
        order_by = ()

    def render_previous(self, value):
        return fmt.rupiah(value)

    def render_change_percent(self, record):
        percent = change_percent(record.total, record.previous)
        if percent is None:
            return "–"
        text = fmt.number(percent, 1)
        return f"+{text}" if percent > 0 else text

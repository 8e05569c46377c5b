"""The review of a payout run before it is approved or locked (issue 14): what a finance team
checks before it trusts a month.

For the people the user sees in the run: totals by team and by channel; each person's total
against his previous month; the outliers (a total above twice his median of the six months
before, or a plan cap that cut his amount); the people without a scorecard for the month;
whether the run is stale (computed before a plan version it should use was published); and the
disputes still open on the month.

Set-based: a handful of queries whatever the run's size (2,000 statements and more), never one
per person.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import Sum

from incentives.models import LineType, PayoutLine, PayoutRun
from org.models import Role, User
from org.visibility import disputes_visible_to, salesmen_visible_to, visible_to
from spm.months import add_months

HISTORY_MONTHS = 6
OUTLIER_FACTOR = Decimal(2)
ZERO = Decimal(0)


@dataclass
class PersonReview:
    """One person of the run as the review shows him."""

    salesman_id: int
    code: str
    name: str
    team: str
    channel: str
    total: Decimal = ZERO
    previous: Decimal | None = None  # his total of the month before (None: not in that run)
    median: Decimal | None = None  # median of his totals over the six months before
    months_of_history: int = 0
    at_cap: bool = False  # a plan cap line cut his amount
    has_scorecard: bool = True

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        if self.previous is None or self.previous == 0:
            return None
        return (self.total - self.previous) * 100 / abs(self.previous)

    @property
    def above_median(self) -> bool:
        """More than twice his six-month median (a median of zero or less says nothing)."""
        return (
            self.median is not None
            and self.median > 0
            and self.total > OUTLIER_FACTOR * (self.median)
        )

    @property
    def is_outlier(self) -> bool:
        return self.above_median or self.at_cap


@dataclass
class GroupTotal:
    key: str
    people: int = 0
    total: Decimal = ZERO
    previous: Decimal = ZERO


@dataclass
class MissingScorecard:
    salesman_id: int
    code: str
    name: str
    team: str
    in_run: bool


@dataclass
class RunReview:
    run: PayoutRun
    people: list[PersonReview] = field(default_factory=list)
    by_team: list[GroupTotal] = field(default_factory=list)
    by_channel: list[GroupTotal] = field(default_factory=list)
    no_scorecard: list[MissingScorecard] = field(default_factory=list)
    previous_month: date | None = None
    previous_run: bool = False
    stale: bool = False
    open_disputes: int = 0  # disputes still open on this month's statements

    @property
    def headcount(self) -> int:
        return len(self.people)

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.people), ZERO)

    @property
    def previous_total(self) -> Decimal:
        return sum((p.previous or ZERO for p in self.people), ZERO)

    @property
    def outliers(self) -> list[PersonReview]:
        return sorted((p for p in self.people if p.is_outlier), key=lambda p: (-p.total, p.code))

    @property
    def changes(self) -> list[PersonReview]:
        """Everyone, the largest change (either way) first; people new this month last."""
        return sorted(
            self.people,
            key=lambda p: (p.change is None, -abs(p.change or ZERO), p.code),
        )


def run_is_stale(run: PayoutRun) -> bool:
    """Whether the run was computed before a plan version it should use was published (the
    plan-versions work marks it; until then nothing is stale)."""
    for name in ("is_stale", "stale"):
        value = getattr(run, name, None)
        if callable(value):
            value = value()
        if value is not None:
            return bool(value)
    return False


def _totals_by_person(lines) -> dict[int, Decimal]:
    return {
        row["salesman_id"]: row["total"] or ZERO
        for row in lines.order_by().values("salesman_id").annotate(total=Sum("amount"))
    }


def review_run(*, run: PayoutRun, user: User) -> RunReview:
    """The review of `run` for the people `user` sees in it."""
    month = run.month
    statements = list(
        visible_to(user, run.statements.all())
        .order_by("salesman__code")
        .values("salesman_id", "salesman__code", "salesman__name", "team_name", "channel")
    )
    people = {
        s["salesman_id"]: PersonReview(
            salesman_id=s["salesman_id"],
            code=s["salesman__code"],
            name=s["salesman__name"],
            team=s["team_name"],
            channel=s["channel"],
        )
        for s in statements
    }
    scoped_lines = visible_to(user, PayoutLine.objects.all())
    for salesman_id, total in _totals_by_person(scoped_lines.filter(run=run)).items():
        if salesman_id in people:
            people[salesman_id].total = total
    capped = (
        scoped_lines.filter(run=run, type=LineType.CAP, amount__lt=0)
        .order_by()
        .values_list("salesman_id", flat=True)
        .distinct()
    )
    for salesman_id in capped:
        if salesman_id in people:
            people[salesman_id].at_cap = True

    # The six months before: one grouped query over their runs.
    first = add_months(month, -HISTORY_MONTHS)
    previous_month = add_months(month, -1)
    history: dict[int, dict[date, Decimal]] = defaultdict(dict)
    rows = (
        scoped_lines.filter(run__month__gte=first, run__month__lt=month)
        .filter(salesman_id__in=visible_to(user, run.statements.all()).values("salesman_id"))
        .order_by()
        .values("salesman_id", "run__month")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        history[row["salesman_id"]][row["run__month"]] = row["total"] or ZERO
    for salesman_id, person in people.items():
        months = history.get(salesman_id, {})
        person.previous = months.get(previous_month)
        person.months_of_history = len(months)
        if months:
            person.median = Decimal(median(months.values()))

    # Scorecards of the month: everyone of the run, and the active salesmen he sees who are
    # not in it at all.
    from kpi.models import Scorecard

    with_scorecard = set(
        Scorecard.objects.filter(month=month)
        .filter(salesman_id__in=salesmen_visible_to(user).values("id"))
        .values_list("salesman_id", flat=True)
    )
    missing = [
        MissingScorecard(p.salesman_id, p.code, p.name, p.team, in_run=True)
        for p in people.values()
        if p.salesman_id not in with_scorecard
    ]
    for person in people.values():
        person.has_scorecard = person.salesman_id in with_scorecard
    absent = (
        salesmen_visible_to(user)
        .filter(active=True, user__role=Role.SALESMAN)
        .exclude(id__in=with_scorecard)
        .exclude(id__in=run.statements.values("salesman_id"))
        .order_by("code")
        .values("id", "code", "name", "team__name")
    )
    missing += [
        MissingScorecard(a["id"], a["code"], a["name"], a["team__name"] or "", in_run=False)
        for a in absent
    ]

    by_team: dict[str, GroupTotal] = {}
    by_channel: dict[str, GroupTotal] = {}
    for person in people.values():
        for groups, key in ((by_team, person.team or "–"), (by_channel, person.channel or "–")):
            group = groups.setdefault(key, GroupTotal(key))
            group.people += 1
            group.total += person.total
            group.previous += person.previous or ZERO
    return RunReview(
        run=run,
        people=list(people.values()),
        by_team=sorted(by_team.values(), key=lambda g: g.key),
        by_channel=sorted(by_channel.values(), key=lambda g: g.key),
        no_scorecard=missing,
        previous_month=previous_month,
        previous_run=PayoutRun.objects.filter(month=previous_month).exists(),
        stale=run_is_stale(run),
        open_disputes=disputes_visible_to(user).filter(month=month, status="open").count(),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def review_data(review: RunReview) -> dict:
    """The review as the API gives it (`GET /api/v1/payout-runs/{YYYY-MM}/review/`)."""

    def group(g: GroupTotal) -> dict:
        return {
            "key": g.key,
            "people": g.people,
            "total": _money(g.total),
            "previous": _money(g.previous),
        }

    return {
        "period": review.run.period,
        "status": review.run.status,
        "people": review.headcount,
        "total": _money(review.total),
        "previous_total": _money(review.previous_total) if review.previous_run else None,
        "stale": review.stale,
        "open_disputes": review.open_disputes,
        "by_team": [group(g) for g in review.by_team],
        "by_channel": [group(g) for g in review.by_channel],
        "outliers": [
            {
                "salesman": p.code,
                "total": _money(p.total),
                "median": _money(p.median),
                "above_median": p.above_median,
                "at_cap": p.at_cap,
            }
            for p in review.outliers
        ],
        "no_scorecard": [
            {"salesman": m.code, "name": m.name, "in_run": m.in_run} for m in review.no_scorecard
        ],
        "changes": [
            {
                "salesman": p.code,
                "name": p.name,
                "team": p.team,
                "channel": p.channel,
                "previous": _money(p.previous),
                "total": _money(p.total),
                "change": _money(p.change),
            }
            for p in review.changes
        ],
    }

"""The review of a payout run before it is approved or locked (issue 14): what a finance team
checks before it trusts a month.

For the people the user sees in the run: totals by team and by channel; each person's total
against his previous month; the outliers (a total above twice his median of the six months
before, or a plan cap that cut his amount); the people without a scorecard for the month;
whether the run is stale (computed before a plan version it should use was published); and the
disputes still open on the month.

The database does the work (issue 17), so that the review of 20,000 statements fetches what the
review of 20 does, plus the teams and the outliers it shows:
- the totals are summed by team and channel in one grouped query;
- the people and their changes are one ordered queryset: the page and the API read a page of it;
- the outliers' medians are computed in SQL and only the outliers come back (the first
  `OUTLIERS_SHOWN`, with their count);
- the people without a scorecard are counted and the first `NO_SCORECARD_SHOWN` listed.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import DecimalField, QuerySet, Sum

from incentives.models import LineType, PayoutLine, PayoutRun, PayoutStatement
from org.models import Role, User
from org.visibility import disputes_visible_to, salesmen_visible_to, sees_everyone, visible_to
from spm.money import db_decimal
from spm.months import add_months

HISTORY_MONTHS = 6
OUTLIER_FACTOR = 2
OUTLIERS_SHOWN = 100  # the largest total first; `outlier_count` says how many in all
NO_SCORECARD_SHOWN = 100  # by code; `no_scorecard_count` says how many in all
ZERO = Decimal(0)
MONEY = DecimalField(max_digits=18, decimal_places=0)


@dataclass
class Outlier:
    """A person of the run whose total stands out: above twice his six-month median, or cut by
    the plan cap."""

    salesman_id: int
    code: str
    name: str
    team: str
    total: Decimal
    median: Decimal | None  # of his totals over the six months before (None: no history)
    months_of_history: int
    at_cap: bool

    @property
    def above_median(self) -> bool:
        """More than twice his six-month median (a median of zero or less says nothing)."""
        return (
            self.median is not None
            and self.median > 0
            and self.total > OUTLIER_FACTOR * (self.median)
        )


@dataclass
class GroupTotal:
    key: str
    people: int = 0
    total: Decimal = ZERO
    previous: Decimal = ZERO

    @property
    def change(self) -> Decimal:
        return self.total - self.previous


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
    # Every person of the run the user sees, the largest change (either way) first, people new
    # this month last (`PersonChange` rows). Read a page of it.
    changes: "PeopleChanges"
    headcount: int = 0
    total: Decimal = ZERO
    previous_total: Decimal = ZERO  # the same people's totals of the month before
    by_team: list[GroupTotal] = field(default_factory=list)
    by_channel: list[GroupTotal] = field(default_factory=list)
    outliers: list[Outlier] = field(default_factory=list)  # the first OUTLIERS_SHOWN
    outlier_count: int = 0
    no_scorecard: list[MissingScorecard] = field(default_factory=list)  # the first ones
    no_scorecard_count: int = 0
    previous_month: date | None = None
    previous_run: bool = False
    stale: bool = False
    open_disputes: int = 0  # disputes still open on this month's statements

    @property
    def outliers_not_shown(self) -> int:
        return self.outlier_count - len(self.outliers)

    @property
    def no_scorecard_not_shown(self) -> int:
        return self.no_scorecard_count - len(self.no_scorecard)


def change_percent(total: Decimal, previous: Decimal | None) -> Decimal | None:
    """The change against the month before in percent (None: no month before, or zero)."""
    if previous is None or previous == 0:
        return None
    return (total - previous) * 100 / abs(previous)


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


def statements_seen(user: User, run: PayoutRun) -> QuerySet:
    """The statements of `run` that `user` sees (`org.visibility`). A leader's are those of the
    people in his teams in the run's month, a test of every statement of the run against the
    assignments (15–30 ms at 2,000 salesmen); the review reads it in several queries, so for him
    their ids are read once and the queries filter by them (none: the queryset itself, since
    Django cannot put an empty list into SQL)."""
    statements = visible_to(user, run.statements.all())
    if sees_everyone(user):
        return statements
    ids = list(statements.values_list("pk", flat=True))
    return run.statements.filter(pk__in=ids) if ids else statements


def _seen_in(user: User, month: date, people: QuerySet) -> list[int] | QuerySet:
    """The ids of `people` (salesman ids) whose rows of `month` `user` sees: those with a
    statement of that month's run he sees (a statement and its lines follow the same rule,
    `org.visibility` DATED_ROWS). Read once, as in `statements_seen`."""
    statements = PayoutStatement.objects.filter(run__month=month, salesman_id__in=people)
    seen = visible_to(user, statements).values_list("salesman_id", flat=True)
    return list(seen) or seen


@dataclass(frozen=True)
class PersonChange:
    """One person of the run: his total, the month before's (None: not in that run, or not
    seen by the reader then) and the change."""

    statement_id: int
    salesman_id: int
    code: str
    name: str
    team_name: str
    channel: str
    total: Decimal
    previous: Decimal | None
    change: Decimal | None


# Every person of the run the reader sees with his total and the month before's: one pass over
# each month's lines, grouped, joined to the statements (PostgreSQL and SQLite alike). `people`,
# `this_month` and `before` are the reader's querysets compiled (`org.visibility` in them).
_PEOPLE_SQL = """
WITH people(statement_id, salesman_id, code, name, team_name, channel) AS ({people}),
this_month(salesman_id, amount) AS ({this_month}),
before(salesman_id, amount) AS ({before})
SELECT p.statement_id, p.salesman_id, p.code, p.name, p.team_name, p.channel,
       COALESCE(t.amount, 0) AS total, b.amount AS previous,
       COALESCE(t.amount, 0) - b.amount AS change
FROM people p
LEFT JOIN this_month t ON t.salesman_id = p.salesman_id
LEFT JOIN before b ON b.salesman_id = p.salesman_id
"""
# What the list may be ordered by: a name → its SQL over the columns above (never the input).
_UP = "CASE WHEN {c} IS NULL THEN 0 ELSE 1 END, {c}, code"  # unknown first going up
_DOWN = "CASE WHEN {c} IS NULL THEN 1 ELSE 0 END, {c} DESC, code"  # and last going down
_RATIO = "change * 1.0 / NULLIF(ABS(previous), 0)"  # a float for the order only (SQLite)
_ORDER = {
    "code": ("code", "code DESC"),
    "name": ("name, code", "name DESC, code"),
    "team_name": ("team_name, code", "team_name DESC, code"),
    "channel": ("channel, code", "channel DESC, code"),
    "total": ("total, code", "total DESC, code"),
    "previous": (_UP.format(c="previous"), _DOWN.format(c="previous")),
    "change": (_UP.format(c="change"), _DOWN.format(c="change")),
    "change_percent": (_UP.format(c=_RATIO), _DOWN.format(c=_RATIO)),
    # the largest change either way first, people new this month last
    "largest_change": ("CASE WHEN change IS NULL THEN 1 ELSE 0 END, ABS(change) DESC, code", None),
}


class PeopleChanges:
    """The people of the review as a list the database sorts and pages: what django-tables2,
    Django's paginator and DRF's pagination ask of a queryset (`count()`, `order_by()`,
    slices), so that a page reads its 50 people, not 2,000 or 20,000. Built by
    `people_with_changes`."""

    ordered = True  # for the paginator

    def __init__(self, sql: str, params: list, order: tuple[str, ...] = ("largest_change",)):
        self._sql, self._params, self._order = sql, params, order
        self._count: int | None = None

    def order_by(self, *fields: str) -> "PeopleChanges":
        """By names of `_ORDER`, each optionally prefixed "-" (descending); the code breaks
        ties. An unknown name is ignored (the order stays), never put into SQL."""
        order = tuple(name for name in fields if name.lstrip("-") in _ORDER) or self._order
        ordered = PeopleChanges(self._sql, self._params, order)
        ordered._count = self._count  # the same people
        return ordered

    def _order_sql(self) -> str:
        parts = []
        for name in self._order:
            up, down = _ORDER[name.lstrip("-")]
            parts.append(down if name.startswith("-") and down else up)
        return ", ".join([*parts, "statement_id"])

    def as_sql(self) -> tuple[str, list]:
        """The unordered list's SQL and parameters (for a query built on it)."""
        return self._sql, self._params

    def count(self) -> int:
        if self._count is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({self._sql}) people", self._params)  # noqa: S608
                self._count = cursor.fetchone()[0]
        return self._count

    __len__ = count

    def _rows(self, limit: int | None, offset: int) -> list[PersonChange]:
        # Our own SQL and Django's compiled querysets; every value is a parameter.
        sql = f"SELECT * FROM ({self._sql}) people ORDER BY {self._order_sql()}"  # noqa: S608
        params = list(self._params)
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            PersonChange(
                *row[:6],
                total=db_decimal(row[6]),
                previous=db_decimal(row[7]),
                change=db_decimal(row[8]),
            )
            for row in rows
        ]

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop = key.start or 0, key.stop
            return self._rows(None if stop is None else max(stop - start, 0), start)
        return self._rows(1, key)[0]

    def __iter__(self):
        return iter(self._rows(None, 0))

    def group_totals(self) -> tuple[list[GroupTotal], list[GroupTotal], GroupTotal]:
        """By team, by channel and in all, from one query grouped by team and channel."""
        columns = "team_name, channel, COUNT(*), SUM(total), SUM(previous)"
        sql = f"SELECT {columns} FROM ({self._sql}) people GROUP BY team_name, channel"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, self._params)
            rows = cursor.fetchall()
        by_team: dict[str, GroupTotal] = {}
        by_channel: dict[str, GroupTotal] = {}
        everyone = GroupTotal("")
        for team, channel, people, total, previous in rows:
            keys = ((by_team, team or "–"), (by_channel, channel or "–"))
            for group in [groups.setdefault(k, GroupTotal(k)) for groups, k in keys] + [everyone]:
                group.people += people
                group.total += db_decimal(total or 0)
                group.previous += db_decimal(previous or 0)
        self._count = everyone.people  # the count of the list, without a query of its own
        by_key = lambda groups: sorted(groups.values(), key=lambda g: g.key)  # noqa: E731
        return by_key(by_team), by_key(by_channel), everyone


def people_with_changes(*, run: PayoutRun, user: User, statements: QuerySet) -> PeopleChanges:
    """The run's `statements` that `user` sees (`statements_seen`), each with his total, his
    previous month's total and the change, largest change first (people new this month last,
    then by code). The month before is shown only for the people he saw then (after a transfer,
    not those who were in another team); everyone sees every month."""
    previous_month = add_months(run.month, -1)
    people = statements.order_by().values_list(
        "id", "salesman_id", "salesman__code", "salesman__name", "team_name", "channel"
    )
    this_month = (
        PayoutLine.objects.filter(run=run, salesman_id__in=statements.values("salesman_id"))
        .order_by()
        .values_list("salesman_id")
        .annotate(amount=Sum("amount"))
    )
    before = PayoutLine.objects.filter(
        run__month=previous_month, salesman_id__in=statements.values("salesman_id")
    )
    if not sees_everyone(user):
        before = before.filter(
            salesman_id__in=_seen_in(user, previous_month, statements.values("salesman_id"))
        )
    before = before.order_by().values_list("salesman_id").annotate(amount=Sum("amount"))
    parts = [qs.query.sql_with_params() for qs in (people, this_month, before)]
    sql = _PEOPLE_SQL.format(people=parts[0][0], this_month=parts[1][0], before=parts[2][0])
    return PeopleChanges(sql, [p for _sql_text, params in parts for p in params])


# The median of each person's monthly totals, by the database (PostgreSQL and SQLite alike):
# his months ranked by total, the middle one or the middle two summed (`middle_sum`, divided by
# `middle_count` for the median). "Above twice the median" is then `total × middle_count >
# 2 × middle_sum`, exact on whole Rupiah.
_OUTLIERS_SQL = """
WITH people AS ({people}),
monthly(salesman_id, month, total) AS ({monthly}),
ranked AS (
    SELECT salesman_id, total,
           ROW_NUMBER() OVER (PARTITION BY salesman_id ORDER BY total) AS place,
           COUNT(*) OVER (PARTITION BY salesman_id) AS months
    FROM monthly
),
medians AS (
    SELECT salesman_id, SUM(total) AS middle_sum, COUNT(*) AS middle_count,
           MAX(months) AS months
    FROM ranked WHERE place IN ((months + 1) / 2, (months + 2) / 2)
    GROUP BY salesman_id
),
capped(salesman_id) AS ({capped}),
outliers AS (
    SELECT p.salesman_id, p.code, p.name, p.team_name AS team, p.total,
           m.middle_sum, m.middle_count, COALESCE(m.months, 0) AS months,
           CASE WHEN c.salesman_id IS NULL THEN 0 ELSE 1 END AS at_cap
    FROM people p
    LEFT JOIN medians m ON m.salesman_id = p.salesman_id
    LEFT JOIN capped c ON c.salesman_id = p.salesman_id
    WHERE c.salesman_id IS NOT NULL
       OR (m.middle_sum > 0 AND p.total * m.middle_count > %s * m.middle_sum)
)
SELECT salesman_id, code, name, team, total, middle_sum, middle_count, months, at_cap,
       COUNT(*) OVER () AS outlier_count
FROM outliers
ORDER BY total DESC, code
LIMIT %s
"""


def _outliers(
    *, run: PayoutRun, user: User, statements: QuerySet, changes: PeopleChanges
) -> tuple[list[Outlier], int]:
    """The first `OUTLIERS_SHOWN` outliers (largest total first) and how many there are: the
    people of `changes` (with their totals) against their months before, which are scoped row by
    row (few: the people's own six months)."""
    monthly = (
        visible_to(user, PayoutLine.objects.all())
        .filter(
            run__month__gte=add_months(run.month, -HISTORY_MONTHS),
            run__month__lt=run.month,
            salesman_id__in=statements.values("salesman_id"),
        )
        .order_by()
        .values_list("salesman_id", "run__month")
        .annotate(amount=Sum("amount"))
    )
    capped = (
        PayoutLine.objects.filter(
            run=run,
            type=LineType.CAP,
            amount__lt=0,
            salesman_id__in=statements.values("salesman_id"),
        )
        .order_by()
        .values_list("salesman_id")
        .distinct()
    )
    parts = [changes.as_sql(), monthly.query.sql_with_params(), capped.query.sql_with_params()]
    sql = _OUTLIERS_SQL.format(people=parts[0][0], monthly=parts[1][0], capped=parts[2][0])
    params = [p for _text, part_params in parts for p in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, OUTLIER_FACTOR, OUTLIERS_SHOWN])
        rows = cursor.fetchall()
    outliers = [
        Outlier(
            salesman_id=row[0],
            code=row[1],
            name=row[2],
            team=row[3],
            total=db_decimal(row[4]),
            median=None if not row[6] else db_decimal(row[5]) / row[6],  # middle sum / count
            months_of_history=row[7],
            at_cap=bool(row[8]),
        )
        for row in rows
    ]
    return outliers, (rows[0][-1] if rows else 0)


def _without_scorecard(
    *, run: PayoutRun, user: User, statements: QuerySet
) -> tuple[list[MissingScorecard], int]:
    """The people without a scorecard for the month: those of the run, then the active salesmen
    the user sees who are not in it at all; the first `NO_SCORECARD_SHOWN` and how many."""
    from kpi.models import Scorecard  # kpi imports incentives: not at module level

    scored = Scorecard.objects.filter(month=run.month).values("salesman_id")
    in_run = statements.exclude(salesman_id__in=scored)
    absent = (
        salesmen_visible_to(user)
        .filter(active=True, user__role=Role.SALESMAN)
        .exclude(id__in=scored)
        .exclude(id__in=run.statements.values("salesman_id"))
    )
    in_run_count, absent_count = in_run.count(), absent.count()
    missing = [
        MissingScorecard(row[0], row[1], row[2], row[3], in_run=True)
        for row in in_run.order_by("salesman__code").values_list(
            "salesman_id", "salesman__code", "salesman__name", "team_name"
        )[:NO_SCORECARD_SHOWN]
    ]
    if len(missing) < NO_SCORECARD_SHOWN and absent_count:
        missing += [
            MissingScorecard(row[0], row[1], row[2], row[3] or "", in_run=False)
            for row in absent.order_by("code").values_list("id", "code", "name", "team__name")[
                : NO_SCORECARD_SHOWN - len(missing)
            ]
        ]
    return missing, in_run_count + absent_count


def review_run(*, run: PayoutRun, user: User) -> RunReview:
    """The review of `run` for the people `user` sees in it."""
    previous_month = add_months(run.month, -1)
    statements = statements_seen(user, run)
    changes = people_with_changes(run=run, user=user, statements=statements)
    by_team, by_channel, everyone = changes.group_totals()
    outliers, outlier_count = _outliers(run=run, user=user, statements=statements, changes=changes)
    no_scorecard, no_scorecard_count = _without_scorecard(run=run, user=user, statements=statements)
    return RunReview(
        run=run,
        changes=changes,
        headcount=everyone.people,
        total=everyone.total,
        previous_total=everyone.previous,
        by_team=by_team,
        by_channel=by_channel,
        outliers=outliers,
        outlier_count=outlier_count,
        no_scorecard=no_scorecard,
        no_scorecard_count=no_scorecard_count,
        previous_month=previous_month,
        previous_run=PayoutRun.objects.filter(month=previous_month).exists(),
        stale=run_is_stale(run),
        open_disputes=disputes_visible_to(user).filter(month=run.month, status="open").count(),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def review_data(review: RunReview, changes) -> dict:
    """The review as the API gives it (`GET /api/v1/payout-runs/{YYYY-MM}/review/`), with one
    page of `changes` (the caller pages `review.changes`)."""

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
        "outlier_count": review.outlier_count,
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
        "no_scorecard_count": review.no_scorecard_count,
        "no_scorecard": [
            {"salesman": m.code, "name": m.name, "in_run": m.in_run} for m in review.no_scorecard
        ],
        "changes": [
            {
                "salesman": p.code,
                "name": p.name,
                "team": p.team_name,
                "channel": p.channel,
                "previous": _money(p.previous),
                "total": _money(p.total),
                "change": _money(p.change),
            }
            for p in changes
        ],
    }

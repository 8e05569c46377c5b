"""The cost of the months not yet locked, for finance (issue 15): per open month, what is
earned so far and the projected cost at the month's end, by plan, team and channel — the
accrual finance books at month end.

Where each month's figures come from:
- a month whose run has been computed (closed, not locked): the run's lines — earned and
  projected are the same, the month is over (`source` "run");
- the month in progress: the stored projections (`incentives.live`, refreshed after each
  import and nightly): earned on the month-to-date actuals, projected on the projected month
  actuals (`source` "projection"), plus any adjustment already waiting in its run;
- an open month with neither: only its adjustments, if any (`source` "adjustments").

Scoped like the run pages: a manager sees the people he sees, HR and admins everyone. Summed
and counted by the database (one grouped query per month: by plan, by team, by channel and in
all, with the distinct people of each), so the rows fetched are the groups shown, whatever the
number of people (issue 17).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import F, Max

from incentives.live_models import Projection
from incentives.models import PayoutLine, PayoutRun, RunStatus
from org.models import User
from org.periods import locked_months
from org.visibility import visible_to
from spm.money import db_decimal
from spm.months import format_month

ZERO = Decimal(0)
DIMENSIONS = ("plan", "team", "channel")
EXPORT_COLUMNS = ["month", "source", "dimension", "key", "people", "earned", "projected"]


@dataclass
class Group:
    key: str
    headcount: int = 0  # distinct people
    earned: Decimal = ZERO
    projected: Decimal = ZERO


@dataclass
class MonthAccrual:
    month: date
    source: str  # "run", "projection" or "adjustments"
    status: str  # the run's status, or "open" without a run
    as_of: date | None = None
    groups: dict = field(default_factory=lambda: {d: [] for d in DIMENSIONS})
    headcount: int = 0
    earned: Decimal = ZERO
    projected: Decimal = ZERO

    @property
    def period(self) -> str:
        return format_month(self.month)

    @property
    def accrual(self) -> Decimal:
        """What finance books for the month at its end: the projected cost."""
        return self.projected

    def by(self, dimension: str) -> list[Group]:
        return self.groups[dimension]

    @property
    def by_plan(self) -> list[Group]:
        return self.by("plan")

    @property
    def by_team(self) -> list[Group]:
        return self.by("team")

    @property
    def by_channel(self) -> list[Group]:
        return self.by("channel")


def open_months() -> list[date]:
    """The months not locked that have a run or stored projections, oldest first."""
    months = set(PayoutRun.objects.exclude(status=RunStatus.LOCKED).values_list("month", flat=True))
    # order_by(): the model's ordering (month, salesman code) would make DISTINCT one row a person
    months |= set(Projection.objects.order_by().values_list("month", flat=True).distinct())
    return sorted(months - locked_months(months))


# What each person adds to the month, one row per line or projection: (salesman_id, plan,
# team, channel, earned, projected); a missing team, plan or channel is "–".
_RUN_LINES_SQL = """
SELECT l.salesman_id, COALESCE(NULLIF(l.plan_code, ''), NULLIF(s.plan_code, ''), '–'),
       COALESCE(NULLIF(s.team_name, ''), '–'), COALESCE(NULLIF(s.channel, ''), '–'),
       l.amount, l.amount
FROM ({lines}) l
LEFT JOIN incentives_payoutstatement s ON s.run_id = l.run_id AND s.salesman_id = l.salesman_id
"""
_PROJECTIONS_SQL = """
SELECT p.salesman_id, COALESCE(NULLIF(p.plan_codes, ''), '–'), COALESCE(NULLIF(p.team, ''), '–'),
       COALESCE(NULLIF(p.person_channel, ''), '–'), p.earned, p.projected
FROM ({projections}) p
"""
# The groups of every dimension and the month in all, from the month's contributions at once.
_GROUPS_SQL = """
WITH c (salesman_id, plan, team, channel, earned, projected) AS ({contributions})
SELECT 'plan', plan, COUNT(DISTINCT salesman_id), SUM(earned), SUM(projected)
FROM c GROUP BY plan
UNION ALL
SELECT 'team', team, COUNT(DISTINCT salesman_id), SUM(earned), SUM(projected)
FROM c GROUP BY team
UNION ALL
SELECT 'channel', channel, COUNT(DISTINCT salesman_id), SUM(earned), SUM(projected)
FROM c GROUP BY channel
UNION ALL
SELECT 'total', '', COUNT(DISTINCT salesman_id), SUM(earned), SUM(projected) FROM c
"""


def _run_lines(user: User, run: PayoutRun, *, only_adjustments: bool) -> tuple[str, tuple]:
    lines = visible_to(user, PayoutLine.objects.filter(run=run))
    if only_adjustments:
        lines = lines.filter(adjustment__isnull=False)
    sql, params = (
        lines.order_by()
        .values_list("run_id", "salesman_id", "plan_code", "amount")
        .query.sql_with_params()
    )
    return _RUN_LINES_SQL.format(lines=sql), params


def _sum(value) -> Decimal:
    """A group's sum (None: the group had no rows) as a Decimal."""
    return db_decimal(value) or ZERO


def _fill(accrual: MonthAccrual, parts: list[tuple[str, tuple]]) -> MonthAccrual:
    """The accrual's groups from its contributions (the union of `parts`)."""
    sql = _GROUPS_SQL.format(contributions=" UNION ALL ".join(part for part, _ in parts))
    params = [p for _part, part_params in parts for p in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for dimension, key, headcount, earned, projected in rows:
        if dimension == "total":
            accrual.headcount = headcount
            accrual.earned, accrual.projected = _sum(earned), _sum(projected)
        else:
            accrual.groups[dimension].append(Group(key, headcount, _sum(earned), _sum(projected)))
    for groups in accrual.groups.values():
        groups.sort(key=lambda g: g.key)
    return accrual


def month_accrual(*, month: date, user: User) -> MonthAccrual:
    run = PayoutRun.objects.filter(month=month).first()
    status = run.status if run is not None else "open"
    if run is not None and run.computed_at is not None:
        accrual = MonthAccrual(month=month, source="run", status=status)
        return _fill(accrual, [_run_lines(user, run, only_adjustments=False)])
    projections = visible_to(user, Projection.objects.filter(month=month))
    as_of = projections.aggregate(as_of=Max("as_of"))["as_of"]
    accrual = MonthAccrual(
        month=month,
        source="projection" if as_of is not None else "adjustments",
        status=status,
        as_of=as_of,
    )
    sql, params = (
        projections.order_by()
        .annotate(team=F("salesman__team__name"), person_channel=F("salesman__channel"))
        .values_list("salesman_id", "plan_codes", "team", "person_channel", "earned", "projected")
        .query.sql_with_params()
    )
    parts = [(_PROJECTIONS_SQL.format(projections=sql), params)]
    if run is not None:
        parts.append(_run_lines(user, run, only_adjustments=True))
    return _fill(accrual, parts)


def open_month_accruals(*, user: User) -> list[MonthAccrual]:
    """Every open month's accrual for the people `user` sees (the caller checked
    `org.policy.may_see_accruals`)."""
    return [month_accrual(month=month, user=user) for month in open_months()]


def export_rows(accruals: list[MonthAccrual]) -> list[list]:
    rows = []
    for accrual in accruals:
        rows.append(
            [
                accrual.period,
                accrual.source,
                "total",
                "",
                accrual.headcount,
                accrual.earned,
                accrual.projected,
            ]
        )
        for dimension in DIMENSIONS:
            for group in accrual.by(dimension):
                rows.append(
                    [
                        accrual.period,
                        accrual.source,
                        dimension,
                        group.key,
                        group.headcount,
                        group.earned,
                        group.projected,
                    ]
                )
    return rows


def write_export(accruals: list[MonthAccrual], fmt: str) -> bytes:
    rows = export_rows(accruals)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(
            [[format(c, "f") if isinstance(c, Decimal) else c for c in row] for row in rows]
        )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("accruals")
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append([int(c) if isinstance(c, Decimal) else c for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

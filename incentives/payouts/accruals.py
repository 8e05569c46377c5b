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

Scoped like the run pages: a manager sees the people he sees, HR and admins everyone. Set-based
(a few grouped queries per month, whatever the number of people).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Sum

from incentives.live_models import Projection
from incentives.models import PayoutLine, PayoutRun, RunStatus
from org.models import User
from org.periods import locked_months
from org.visibility import visible_to
from spm.months import format_month

ZERO = Decimal(0)
DIMENSIONS = ("plan", "team", "channel")
EXPORT_COLUMNS = ["month", "source", "dimension", "key", "people", "earned", "projected"]


@dataclass
class Group:
    key: str
    people: set = field(default_factory=set)
    earned: Decimal = ZERO
    projected: Decimal = ZERO

    @property
    def headcount(self) -> int:
        return len(self.people)


@dataclass
class MonthAccrual:
    month: date
    source: str  # "run", "projection" or "adjustments"
    status: str  # the run's status, or "open" without a run
    as_of: date | None = None
    groups: dict = field(default_factory=lambda: {d: {} for d in DIMENSIONS})
    people: set = field(default_factory=set)
    earned: Decimal = ZERO
    projected: Decimal = ZERO

    @property
    def period(self) -> str:
        return format_month(self.month)

    @property
    def headcount(self) -> int:
        return len(self.people)

    @property
    def accrual(self) -> Decimal:
        """What finance books for the month at its end: the projected cost."""
        return self.projected

    def by(self, dimension: str) -> list[Group]:
        return sorted(self.groups[dimension].values(), key=lambda g: g.key)

    @property
    def by_plan(self) -> list[Group]:
        return self.by("plan")

    @property
    def by_team(self) -> list[Group]:
        return self.by("team")

    @property
    def by_channel(self) -> list[Group]:
        return self.by("channel")

    def add(self, *, salesman_id, plan, team, channel, earned, projected) -> None:
        self.people.add(salesman_id)
        self.earned += earned
        self.projected += projected
        for dimension, key in (("plan", plan), ("team", team), ("channel", channel)):
            group = self.groups[dimension].setdefault(key or "–", Group(key or "–"))
            group.people.add(salesman_id)
            group.earned += earned
            group.projected += projected


def open_months() -> list[date]:
    """The months not locked that have a run or stored projections, oldest first."""
    months = set(PayoutRun.objects.exclude(status=RunStatus.LOCKED).values_list("month", flat=True))
    # order_by(): the model's ordering (month, salesman code) would make DISTINCT one row a person
    months |= set(Projection.objects.order_by().values_list("month", flat=True).distinct())
    return sorted(months - locked_months(months))


def _add_run_lines(accrual: MonthAccrual, user: User, run: PayoutRun, *, only_adjustments: bool):
    statements = {
        s["salesman_id"]: s
        for s in visible_to(user, run.statements.all()).values(
            "salesman_id", "plan_code", "team_name", "channel"
        )
    }
    lines = visible_to(user, PayoutLine.objects.filter(run=run))
    if only_adjustments:
        lines = lines.filter(adjustment__isnull=False)
    rows = lines.order_by().values("salesman_id", "plan_code").annotate(total=Sum("amount"))
    for row in rows:
        statement = statements.get(row["salesman_id"], {})
        accrual.add(
            salesman_id=row["salesman_id"],
            plan=row["plan_code"] or statement.get("plan_code", ""),
            team=statement.get("team_name", ""),
            channel=statement.get("channel", ""),
            earned=row["total"] or ZERO,
            projected=row["total"] or ZERO,
        )


def month_accrual(*, month: date, user: User) -> MonthAccrual:
    run = PayoutRun.objects.filter(month=month).first()
    status = run.status if run is not None else "open"
    if run is not None and run.computed_at is not None:
        accrual = MonthAccrual(month=month, source="run", status=status)
        _add_run_lines(accrual, user, run, only_adjustments=False)
        return accrual
    projections = visible_to(user, Projection.objects.filter(month=month))
    as_of = projections.aggregate(as_of=Max("as_of"))["as_of"]
    accrual = MonthAccrual(
        month=month,
        source="projection" if as_of is not None else "adjustments",
        status=status,
        as_of=as_of,
    )
    rows = projections.values(
        "salesman_id",
        "plan_codes",
        "salesman__team__name",
        "salesman__channel",
        "earned",
        "projected",
    )
    for row in rows:
        accrual.add(
            salesman_id=row["salesman_id"],
            plan=row["plan_codes"],
            team=row["salesman__team__name"],
            channel=row["salesman__channel"],
            earned=row["earned"],
            projected=row["projected"],
        )
    if run is not None:
        _add_run_lines(accrual, user, run, only_adjustments=True)
    return accrual


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

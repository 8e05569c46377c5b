"""The salesman's dashboard: his month so far, read from what the refresh stored (kpi.live,
incentives.live) and the gamification, plus his last six months. Nothing here computes a
month: the page reads stored rows, a fixed number of queries whatever the data size.

"This month" is always the current month (Asia/Jakarta). When it has not been refreshed yet
(no field data this month), the page says so and shows no projection: a closed month is never
described as the current one; it is listed in the history, by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from kpi import dashboard_parts
from kpi.live import LiveMonth, live_month_state
from kpi.models import Scorecard
from org.models import Salesman
from spm.months import add_months, current_month

from .live import LiveProjection, projection_for
from .models import PayoutLine

HISTORY_MONTHS = 6


@dataclass(frozen=True)
class HistoryMonth:
    month: date
    score: Decimal | None  # the month's scorecard total
    amount: Decimal | None  # his statement's total in the month's run (None: no run yet)
    run_status: str | None  # draft, approved, locked


@dataclass
class MyMonth:
    salesman: Salesman
    month: date
    live: LiveMonth | None
    projection: LiveProjection | None
    ranks: list = field(default_factory=list)
    badges: list = field(default_factory=list)
    level: object | None = None
    battle: object | None = None
    history: list[HistoryMonth] = field(default_factory=list)

    @property
    def as_of(self) -> date | None:
        if self.live is not None:
            return self.live.as_of
        return self.projection.as_of if self.projection is not None else None

    @property
    def has_data(self) -> bool:
        return self.live is not None

    @property
    def days_left(self) -> int | None:
        return self.live.days_left if self.live is not None else None


def closed_scores(salesman: Salesman, month: date) -> dict[date, Decimal]:
    """His scorecard totals of the twelve months before `month` (one query: the history and
    the level hint read it)."""
    return dict(
        Scorecard.objects.filter(
            salesman=salesman, month__gte=add_months(month, -12), month__lt=month
        ).values_list("month", "total")
    )


def history(salesman: Salesman, month: date, scores: dict) -> list[HistoryMonth]:
    """His last HISTORY_MONTHS months before `month`: score and statement total (one query for
    the statements, with their runs' statuses)."""
    first = add_months(month, -HISTORY_MONTHS)
    amounts = {}
    for run_month, status, total in (
        PayoutLine.objects.filter(salesman=salesman, run__month__gte=first, run__month__lt=month)
        .values("run__month", "run__status")
        .annotate(total=Sum("amount"))
        .values_list("run__month", "run__status", "total")
    ):
        amounts[run_month] = (status, total)
    return [
        HistoryMonth(
            month=m,
            score=scores.get(m),
            amount=amounts[m][1] if m in amounts else None,
            run_status=amounts[m][0] if m in amounts else None,
        )
        for m in (add_months(first, n) for n in range(HISTORY_MONTHS))
    ]


def my_month(user, salesman: Salesman, month: date | None = None) -> MyMonth:
    """The dashboard of `salesman` (the signed-in salesman's own profile) for the current
    month."""
    month = month or current_month()
    live = live_month_state(salesman, month)
    scores = closed_scores(salesman, month)
    return MyMonth(
        salesman=salesman,
        month=month,
        live=live,
        projection=projection_for(salesman, month),
        ranks=dashboard_parts.my_ranks(user, salesman, live),
        badges=dashboard_parts.my_badges(salesman),
        level=dashboard_parts.my_level(salesman, month, scores),
        battle=dashboard_parts.my_battle(salesman, month, live),
        history=history(salesman, month, scores),
    )


def chart_data(data: MyMonth, labels: dict) -> dict:
    """What static/js/dashboard_charts.js draws (the same numbers are in the page's table)."""
    from spm.formats import month_label

    return {
        "history": {
            "labels": [month_label(h.month) for h in data.history],
            "score": [None if h.score is None else float(h.score) for h in data.history],
            "amount": [None if h.amount is None else float(h.amount) for h in data.history],
            **labels,
        }
    }

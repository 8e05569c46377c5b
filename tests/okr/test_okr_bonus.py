"""okr_bonus end to end: field data → metrics → the OKR's outcome → the month's payout run.

Pays exactly once, in the month the cycle ends, only to participants, only at or above
min_score (compared with the objective's displayed score, two decimals half up).
"""

from datetime import date
from decimal import Decimal

import pytest

from incentives.models import PayoutLine
from incentives.payouts.services import close_period
from incentives.plans.documents import import_plan
from okr.models import KeyResultKind, Level
from org.models import Channel
from outlets.metrics import compute_month_metrics
from outlets.models import Outlet
from tests.factories import SalesmanFactory, UserFactory
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory

CODE = "GT-NEW-OUTLETS-2026H1"
PLAN = {
    "code": "GT-OKR-TEST",
    "name": "Bonus OKR",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {},
    "rules": [
        {
            "code": "okr-new-outlets",
            "label": "OKR: 1.000 new GT outlets",
            "type": "okr_bonus",
            "objective": CODE,
            "min_score": Decimal("0.7"),
            "amount": 1000000,
        }
    ],
}


def acquire(salesman, per_month: int, months=range(1, 7)) -> None:
    """`per_month` outlets acquired by the salesman on the 10th of each month."""
    Outlet.objects.bulk_create(
        Outlet(
            code=f"{salesman.code}-{month}-{n}",
            name=f"Toko {salesman.code} {month}/{n}",
            channel=Channel.GT,
            type="warung",
            salesman=salesman,
            acquired_on=date(2026, month, 10),
            acquired_by=salesman,
        )
        for month in months
        for n in range(per_month)
    )


@pytest.fixture
def semester(world):
    world.citra = SalesmanFactory(
        code="A3", name="Citra", team=world.team_a, user=UserFactory(username="citra")
    )
    objective = ObjectiveFactory(
        code=CODE,
        cycle=CycleFactory(),
        level=Level.TEAM,
        team=world.team_a,
        participants=[world.andi, world.budi],
    )
    KeyResultFactory(
        objective=objective,
        kind=KeyResultKind.METRIC,
        metric="new_outlets",
        start_value=Decimal(0),
        target_value=Decimal(1000),
    )
    import_plan(document=PLAN, by=None, status="active")
    return objective


def close_months(months):
    for month in months:
        compute_month_metrics(month=month)
    return {month: close_period(month=month) for month in months}


def okr_amounts(run, salesman):
    return [
        line.amount
        for line in PayoutLine.objects.filter(
            run=run, salesman=salesman, rule_code="okr-new-outlets"
        )
    ]


def test_pays_exactly_once_in_the_cycles_last_month_to_the_participants(semester, world):
    acquire(world.andi, 90)  # 540
    acquire(world.budi, 85)  # 510 → 1,050: score 1.00
    acquire(world.citra, 50)  # not a participant
    runs = close_months([date(2026, m, 1) for m in range(1, 8)])

    june = runs[date(2026, 6, 1)]
    assert okr_amounts(june, world.andi) == [Decimal(1000000)]
    assert okr_amounts(june, world.budi) == [Decimal(1000000)]
    assert okr_amounts(june, world.citra) == [Decimal(0)]
    line = PayoutLine.objects.get(run=june, salesman=world.andi, rule_code="okr-new-outlets")
    assert line.value == Decimal("1.00")

    for month, run in runs.items():
        if month != date(2026, 6, 1):
            assert sum(okr_amounts(run, world.andi)) == 0, month
    paid = PayoutLine.objects.filter(salesman=world.andi, rule_code="okr-new-outlets")
    assert sum(line.amount for line in paid) == Decimal(1000000)


@pytest.mark.parametrize(
    ("andi", "budi", "score", "paid"),
    [
        (60, 56, "0.70", 1000000),  # 696 → 0.696 shows as 0.70: at min_score, pays
        (60, 55, "0.69", 0),  # 690 → 0.69: below, pays nothing
        (70, 50, "0.72", 1000000),  # 720
        (30, 30, "0.36", 0),
    ],
)
def test_pays_only_at_or_above_min_score(semester, world, andi, budi, score, paid):
    acquire(world.andi, andi)
    acquire(world.budi, budi)
    for month in range(1, 6):
        compute_month_metrics(month=date(2026, month, 1))
    june = close_months([date(2026, 6, 1)])[date(2026, 6, 1)]
    line = PayoutLine.objects.get(run=june, salesman=world.andi, rule_code="okr-new-outlets")
    assert line.value == Decimal(score)
    assert line.amount == Decimal(paid)


@pytest.mark.django_db
def test_seed_demo_andi_june_is_4_400_000_with_the_semester_okr_bonus():
    """docs/domain.md: 3,400,000 from the GT plan + 1,000,000 for the achieved semester OKR."""
    from io import StringIO

    from django.core.management import call_command

    from incentives.models import PayoutRun
    from okr.models import Objective
    from org.models import Salesman

    # the demo of 2026-H2, whose worked month is 2026-06 (tests/test_okr_demo_calendar.py: later)
    call_command("seed_demo", "--today", "2026-12-03", stdout=StringIO())
    andi = Salesman.objects.get(code="andi")
    semester = Objective.objects.get(code=CODE)
    assert semester.key_results.get().current_value == Decimal(1050)
    assert semester.display_score == Decimal("1.00")
    june = PayoutRun.objects.get(month=date(2026, 6, 1))
    lines = PayoutLine.objects.filter(run=june, salesman=andi)
    assert lines.get(rule_code="okr-new-outlets").amount == Decimal(1000000)
    assert sum(line.amount for line in lines) == Decimal(4400000)
    # paid once: the locked April and May runs have no OKR bonus for him
    earlier = PayoutLine.objects.filter(
        run__month__lt=date(2026, 6, 1), salesman=andi, rule_code="okr-new-outlets"
    )
    assert sum(line.amount for line in earlier) == 0

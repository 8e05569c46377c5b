"""The contract the okr_bonus rule reads: objective_outcomes(codes=, month=)."""

from datetime import date
from decimal import Decimal

import pytest

from okr import services
from okr.models import KeyResultKind, Level
from okr.selectors import ObjectiveOutcome, objective_outcomes
from tests.okr.factories import CheckInFactory, CycleFactory, KeyResultFactory, ObjectiveFactory
from tests.outlets.factories import set_metric

D = Decimal


@pytest.fixture
def semester(world):
    objective = ObjectiveFactory(
        code="GT-NEW-OUTLETS-2026H1",
        cycle=CycleFactory(),
        level=Level.TEAM,
        team=world.team_a,
        participants=[world.andi, world.budi],
    )
    KeyResultFactory(
        objective=objective,
        kind=KeyResultKind.METRIC,
        metric="new_outlets",
        target_value=D(1000),
        weight=D(3),
    )
    manual_kr = KeyResultFactory(objective=objective, target_value=D(10), weight=D(1))
    for month, andi, budi in [(1, 150, 100), (3, 200, 150), (5, 250, 200)]:
        set_metric(
            salesman=world.andi, month=date(2026, month, 1), metric="new_outlets", value=andi
        )
        set_metric(
            salesman=world.budi, month=date(2026, month, 1), metric="new_outlets", value=budi
        )
    CheckInFactory(key_result=manual_kr, date=date(2026, 2, 10), value=D(4))
    CheckInFactory(key_result=manual_kr, date=date(2026, 6, 30), value=D(9))
    return objective


def test_outcome_as_of_the_cycles_last_month(semester, world):
    outcomes = objective_outcomes(
        codes={"GT-NEW-OUTLETS-2026H1", "UNKNOWN"}, month=date(2026, 6, 1)
    )
    # metric 1,050 → 1.0 (clamped), weight 3; manual 9 / 10 = 0.9, weight 1 → 3.9 / 4 = 0.975
    assert outcomes == {
        "GT-NEW-OUTLETS-2026H1": ObjectiveOutcome(
            code="GT-NEW-OUTLETS-2026H1",
            score=D("0.98"),
            cycle_end_month=date(2026, 6, 1),
            participant_ids=frozenset({world.andi.id, world.budi.id}),
        )
    }


def test_outcome_as_of_an_earlier_month_reads_only_what_was_known(semester):
    # March: metric 150 + 100 + 200 + 150 = 600 → 0.6 × 3; manual 4 (Feb check-in) → 0.4
    # (1.8 + 0.4) / 4 = 0.55
    outcome = objective_outcomes(codes={"GT-NEW-OUTLETS-2026H1"}, month=date(2026, 3, 1))
    assert outcome["GT-NEW-OUTLETS-2026H1"].score == D("0.55")
    # January: 250 → 0.25 × 3 = 0.75; no check-in yet → 0; 0.75 / 4 = 0.1875 → 0.19
    outcome = objective_outcomes(codes={"GT-NEW-OUTLETS-2026H1"}, month=date(2026, 1, 1))
    assert outcome["GT-NEW-OUTLETS-2026H1"].score == D("0.19")


def test_outcome_after_the_cycle_stays_at_the_cycle_end(semester, world):
    set_metric(salesman=world.andi, month=date(2026, 7, 1), metric="new_outlets", value=D(500))
    outcome = objective_outcomes(codes={"GT-NEW-OUTLETS-2026H1"}, month=date(2026, 9, 1))
    assert outcome["GT-NEW-OUTLETS-2026H1"].score == D("0.98")
    assert outcome["GT-NEW-OUTLETS-2026H1"].cycle_end_month == date(2026, 6, 1)


def test_outcome_does_not_depend_on_the_stored_value(semester):
    """The stored value is for display; the outcome is measured afresh as of the month."""
    services.refresh_key_results(cycle=semester.cycle, as_of=date(2026, 1, 31))
    outcome = objective_outcomes(codes={"GT-NEW-OUTLETS-2026H1"}, month=date(2026, 6, 1))
    assert outcome["GT-NEW-OUTLETS-2026H1"].score == D("0.98")


def test_no_codes_no_outcomes(semester):
    assert objective_outcomes(codes=set(), month=date(2026, 6, 1)) == {}

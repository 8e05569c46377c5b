"""Metric-linked key results measure themselves from the metric snapshot over the cycle."""

from datetime import date
from decimal import Decimal

import pytest

from okr import services
from okr.models import Aggregation, KeyResultKind, Level, Scope
from org.models import Channel
from outlets.metrics import compute_month_metrics
from tests.factories import SalesmanFactory
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from tests.outlets.factories import OrderLineFactory, OutletFactory, ProductFactory, set_metric

D = Decimal


def metric(salesman, month, name, value):
    set_metric(
        salesman=salesman, month=month, metric=name, value=None if value is None else D(value)
    )


@pytest.fixture
def semester_objective(world):
    objective = ObjectiveFactory(
        code="GT-NEW-OUTLETS-2026H1",
        cycle=CycleFactory(),
        level=Level.TEAM,
        team=world.team_a,
        participants=[world.andi, world.budi],
    )
    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResultKind.METRIC,
        metric="new_outlets",
        start_value=D(0),
        target_value=D(1000),
    )
    return objective, kr


def test_sum_over_the_cycle_months_of_the_participants(world, semester_objective):
    objective, kr = semester_objective
    metric(world.andi, date(2025, 12, 1), "new_outlets", 999)  # before the cycle
    metric(world.andi, date(2026, 1, 1), "new_outlets", 200)
    metric(world.andi, date(2026, 3, 1), "new_outlets", 150)
    metric(world.budi, date(2026, 2, 1), "new_outlets", 100)
    metric(world.budi, date(2026, 7, 1), "new_outlets", 999)  # after the cycle
    metric(world.dewi, date(2026, 2, 1), "new_outlets", 999)  # not a participant
    metric(world.andi, date(2026, 2, 1), "visits", 999)  # another metric

    assert services.refresh_key_results(cycle=objective.cycle, as_of=date(2026, 3, 20)) == 1
    kr.refresh_from_db()
    assert kr.current_value == D(450)
    assert kr.score == D("0.45")
    assert kr.value_updated_at is not None

    # as of February only January and February count
    assert services.measure_key_result(key_result=kr, as_of=date(2026, 2, 28)) == D(300)
    # before the cycle there is nothing to measure
    assert services.measure_key_result(key_result=kr, as_of=date(2025, 12, 31)) is None
    # a second refresh with nothing new changes nothing
    assert services.refresh_key_results(cycle=objective.cycle, as_of=date(2026, 3, 20)) == 0


def test_over_achievement_is_clamped(world, semester_objective):
    objective, kr = semester_objective
    metric(world.andi, date(2026, 5, 1), "new_outlets", 600)
    metric(world.budi, date(2026, 6, 1), "new_outlets", 450)
    services.refresh_key_results(cycle=objective.cycle, as_of=date(2026, 6, 30))
    kr.refresh_from_db()
    objective.refresh_from_db()
    assert kr.current_value == D(1050)
    assert kr.score == D(1)
    assert objective.display_score == D("1.00")


def test_team_scope_counts_the_team_members_and_count_from(world, semester_objective):
    objective, kr = semester_objective
    kr.scope = Scope.TEAM
    kr.scope_team = world.team_b
    kr.count_from = date(2026, 2, 1)
    kr.save()
    metric(world.dewi, date(2026, 1, 1), "new_outlets", 70)  # before count_from
    metric(world.dewi, date(2026, 2, 1), "new_outlets", 30)
    metric(world.andi, date(2026, 2, 1), "new_outlets", 999)  # other team
    assert services.measure_key_result(key_result=kr, as_of=date(2026, 6, 30)) == D(30)


def test_mean_of_a_ratio_metric(world, semester_objective):
    objective, kr = semester_objective
    kr.metric = "aov"
    kr.aggregation = Aggregation.MEAN
    kr.start_value, kr.target_value = D(100000), D(130000)
    kr.save()
    metric(world.andi, date(2026, 1, 1), "aov", 110000)
    metric(world.budi, date(2026, 1, 1), "aov", 125000)
    metric(world.budi, date(2026, 2, 1), "aov", None)  # no data: left out
    # (110,000 + 125,000) / 2 = 117,500 → (117,500 − 100,000) / 30,000 = 0.5833…
    assert services.measure_key_result(key_result=kr, as_of=date(2026, 2, 28)) == D(117500)
    services.refresh_key_results(cycle=objective.cycle, as_of=date(2026, 2, 28))
    kr.refresh_from_db()
    assert kr.display_score == D("0.58")


def test_listing_share_of_mt_key_accounts(world):
    """A percentage KR: listings as a share of the active MT key-account outlets."""
    cycle = CycleFactory(code="Q2-2026", kind="quarter", start=date(2026, 4, 1))
    objective = ObjectiveFactory(
        code="MT", cycle=cycle, level=Level.TEAM, team=world.team_b, participants=[world.dewi]
    )
    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResultKind.METRIC,
        metric="new_product_listings",
        aggregation=Aggregation.SHARE_OF_MT_KEY_ACCOUNTS,
        start_value=D(0),
        target_value=D(80),
        unit="%",
    )
    for _ in range(8):
        OutletFactory(channel=Channel.MT, key_account=True, salesman=world.dewi)
    OutletFactory(channel=Channel.MT, key_account=True, salesman=world.dewi, active=False)
    OutletFactory(channel=Channel.MT, key_account=False, salesman=world.dewi)
    OutletFactory(channel=Channel.GT, key_account=True, salesman=world.andi)
    metric(world.dewi, date(2026, 4, 1), "new_product_listings", 3)
    metric(world.dewi, date(2026, 5, 1), "new_product_listings", 2)
    # 5 listings of 8 active MT key accounts = 62.50% → 62.5 / 80 = 0.78125
    assert services.measure_key_result(key_result=kr, as_of=date(2026, 6, 30)) == D("62.50")
    services.refresh_key_results(cycle=cycle, as_of=date(2026, 6, 30))
    kr.refresh_from_db()
    assert kr.display_score == D("0.78")


def test_values_from_field_data_through_the_metric_catalogue(world, semester_objective):
    """Outlets acquired in the field → new_outlets metric → the key result."""
    objective, kr = semester_objective
    for day in (date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 3)):
        OutletFactory(acquired_on=day, acquired_by=world.andi, salesman=world.andi)
    OutletFactory(acquired_on=date(2026, 2, 10), acquired_by=world.budi, salesman=world.budi)
    OutletFactory(acquired_on=date(2026, 2, 11), acquired_by=world.dewi, salesman=world.dewi)
    OrderLineFactory(
        salesman=world.andi,
        outlet=OutletFactory(salesman=world.andi, acquired_on=None, acquired_by=None),
        product=ProductFactory(),
        date=date(2026, 1, 8),
    )
    for month in (date(2026, 1, 1), date(2026, 2, 1)):
        compute_month_metrics(month=month)
    services.refresh_key_results(cycle=objective.cycle, as_of=date(2026, 2, 28))
    kr.refresh_from_db()
    assert kr.current_value == D(4)  # andi 2 + 1, budi 1; dewi is not a participant
    assert kr.score == D("0.004")


def test_nightly_refresh_covers_running_and_just_ended_cycles(world, semester_objective):
    objective, kr = semester_objective
    old = CycleFactory(
        code="Q3-2025", kind="quarter", start=date(2025, 7, 1), end=date(2025, 9, 30)
    )
    future = CycleFactory(
        code="Q3-2026", kind="quarter", start=date(2026, 7, 1), end=date(2026, 9, 30)
    )
    assert set(services.cycles_to_refresh(date(2026, 7, 3))) == {objective.cycle, future}
    assert set(services.cycles_to_refresh(date(2026, 8, 3))) == {future}
    assert old not in services.cycles_to_refresh(date(2026, 3, 1))


def test_nightly_task_refreshes_as_of_today(world, semester_objective, monkeypatch):
    from okr.tasks import refresh_key_results

    objective, kr = semester_objective
    metric(world.andi, date(2026, 4, 1), "new_outlets", 123)
    monkeypatch.setattr("okr.services.today", lambda: date(2026, 4, 15))
    assert refresh_key_results() == 1  # the task body, in-process
    kr.refresh_from_db()
    assert kr.current_value == D(123)


def test_person_objective_counts_its_owner(world):
    salesman = SalesmanFactory(team=world.team_a)
    objective = ObjectiveFactory(level=Level.PERSON, owner=salesman, participants=[salesman])
    kr = KeyResultFactory(
        objective=objective, kind=KeyResultKind.METRIC, metric="new_outlets", target_value=D(10)
    )
    metric(salesman, date(2026, 1, 1), "new_outlets", 4)
    assert services.measure_key_result(key_result=kr, as_of=date(2026, 1, 31)) == D(4)

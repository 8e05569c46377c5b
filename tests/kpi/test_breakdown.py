"""Target breakdown: by history shares, new salesmen at the team average, parts sum exactly."""

from datetime import date
from decimal import Decimal as D

import pytest

from kpi.allocation import largest_remainder
from kpi.breakdown import propose_breakdown
from org.models import Salesman
from tests.factories import SalesmanFactory
from tests.kpi.factories import KPIFactory
from tests.outlets.factories import set_metric

JULY = date(2026, 7, 1)


def test_largest_remainder_sums_exactly_and_gives_leftovers_to_the_largest_remainders():
    # quotas 33.33…, 33.33…, 33.33… → 34, 33, 33 (tie: the earlier one)
    assert largest_remainder(100, [D(1), D(1), D(1)]) == [34, 33, 33]
    # quotas 14.2857, 28.5714, 57.1428 → floors 14, 28, 57 = 99; .5714 is the largest → 29
    assert largest_remainder(100, [D(1), D(2), D(4)]) == [14, 29, 57]
    assert largest_remainder(D("500000000"), [D(3), D(7)]) == [150_000_000, 350_000_000]
    assert largest_remainder(10, [D(0), D(0)]) == [5, 5]
    assert largest_remainder(7, []) == []


@pytest.mark.parametrize("total", [1, 7, 99, 1001, 123_456_789])
def test_largest_remainder_parts_always_sum_to_the_whole(total):
    weights = [D("0.1"), D("3.3"), D("7"), D("11.11"), D("0")]
    assert sum(largest_remainder(total, weights)) == total


@pytest.mark.django_db
def test_breakdown_follows_history_and_new_salesman_gets_team_average(world):
    revenue = KPIFactory(code="revenue", source="metric:revenue")
    # History (April–June): andi 300, budi 100 in team A; dewi 600 in team B.
    history = {world.andi: [100, 100, 100], world.budi: [50, 50, None], world.dewi: [200] * 3}
    for person, values in history.items():
        for month, value in zip((4, 5, 6), values, strict=True):
            if value is not None:
                set_metric(
                    salesman=person, month=date(2026, month, 1), metric="revenue", value=value
                )
    # An older month outside the 3-month window does not count.
    set_metric(salesman=world.budi, month=date(2026, 3, 1), metric="revenue", value=10_000)
    new = SalesmanFactory(code="A3", name="Nina", team=world.team_a)  # no history: average 200

    teams = propose_breakdown(
        kpi=revenue, month=JULY, total=D(1_000_000), salesmen=Salesman.objects.all()
    )
    # weights: team A 300 + 100 + 200 (new) = 600, team B 600 → 500,000 each
    assert [(t.name, t.weight, t.proposed) for t in teams] == [
        ("Team A", D(600), 500_000),
        ("Team B", D(600), 500_000),
    ]
    lines = {line.code: (line.history, line.proposed) for t in teams for line in t.lines}
    assert lines == {
        "A1": (D(300), 250_000),
        "A2": (D(100), 83_333),
        "A3": (None, 166_667),
        "B1": (D(600), 500_000),
    }
    assert sum(t.proposed for t in teams) == 1_000_000
    # shares of the whole weight 1,200: 300 → 25 %, 100 → 8.3 %, 200 → 16.7 %, 600 → 50 %
    assert [t.share for t in teams] == [D("50.0"), D("50.0")]
    assert [line.share for t in teams for line in t.lines] == [
        D("25.0"),
        D("8.3"),
        D("16.7"),
        D("50.0"),
    ]
    assert new.pk


@pytest.mark.django_db
def test_breakdown_without_any_history_splits_equally_and_sums_exactly(world):
    kpi = KPIFactory(code="new_outlets", source="metric:new_outlets")
    teams = propose_breakdown(kpi=kpi, month=JULY, total=D(100), salesmen=Salesman.objects.all())
    assert [t.proposed for t in teams] == [67, 33]  # 2 members vs 1
    assert [line.proposed for line in teams[0].lines] == [34, 33]
    assert sum(line.proposed for t in teams for line in t.lines) == 100


@pytest.mark.django_db
def test_breakdown_of_a_team_target_shares_within_the_team(world):
    kpi = KPIFactory(code="visits", source="manual")
    from kpi.models import ManualActual

    ManualActual.objects.create(month=date(2026, 6, 1), salesman=world.andi, kpi=kpi, value=2)
    ManualActual.objects.create(month=date(2026, 6, 1), salesman=world.budi, kpi=kpi, value=1)
    teams = propose_breakdown(
        kpi=kpi, month=JULY, total=D(10), salesmen=Salesman.objects.filter(team=world.team_a)
    )
    assert [(line.code, line.proposed) for line in teams[0].lines] == [("A1", 7), ("A2", 3)]

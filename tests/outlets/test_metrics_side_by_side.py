"""The month's pass over the field rows in pieces, side by side on their own connections
(outlets/metrics.py `_fill_lines_side_by_side`): the same snapshot as the one-statement pass.

The pieces' connections see committed rows only, so these tests commit their data
(`transaction=True`) and lower the sales force at which the pass is split."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test import override_settings

from org.assignments import transfer
from org.models import Salesman, Team
from outlets import metrics
from outlets.metrics import compute_month_metrics
from outlets.models import (
    GroupMetricValue,
    MetricSnapshot,
    OrderLine,
    Product,
    ProductGroup,
    TeamMetricValue,
    Visit,
)

JUNE = date(2026, 6, 1)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="connections side by side: PostgreSQL"
    ),
]

SNAPSHOT_COLUMNS = [
    field.name
    for field in MetricSnapshot._meta.concrete_fields
    if field.name not in ("id", "computed_at")
]


def snapshot():
    people = list(
        MetricSnapshot.objects.filter(month=JUNE)
        .order_by("salesman_id")
        .values_list(*SNAPSHOT_COLUMNS)
    )
    groups = list(
        GroupMetricValue.objects.filter(month=JUNE)
        .order_by("salesman_id", "group_id")
        .values_list("salesman_id", "group_id", "revenue", "outlets", "numeric_distribution")
    )
    teams = list(
        TeamMetricValue.objects.filter(month=JUNE)
        .order_by("team_id", "metric")
        .values_list("team_id", "metric", "value")
    )
    return people, teams, groups


@pytest.fixture
def pieces_run(monkeypatch):
    """The SQL each piece ran, in the order they were handed out."""
    ran = []
    real = metrics._rows_on_own_connection

    def spy(sql, params):
        ran.append(sql)
        return real(sql, params)

    monkeypatch.setattr(metrics, "_rows_on_own_connection", spy)
    return ran


def moved_mid_june(count: int) -> list[Salesman]:
    """`count` salesmen move to the other team on 16 June: their team figures split by day."""
    teams = list(Team.objects.filter(members__user__role="salesman").distinct().order_by("pk"))
    moved = list(Salesman.objects.filter(user__role="salesman").order_by("code")[:count])
    for person in moved:
        other = next(team for team in teams if team.pk != person.team_id)
        transfer(person, effective_from=date(2026, 6, 16), by=None, team=other)
    return moved


def test_three_pieces_side_by_side_store_what_one_statement_stores(pieces_run):
    call_command("generate_data", salesmen=12, months=1, seed=3, end="2026-06")
    moved_mid_june(4)
    focus = ProductGroup.objects.create(code="focus", name="Focus")
    focus.products.set(Product.objects.order_by("sku")[:20])
    with override_settings(METRICS_WORKERS=1):
        assert compute_month_metrics(month=JUNE) == 15  # 12 salesmen, 2 supervisors, 1 manager
    assert pieces_run == []
    one_statement = snapshot()

    with override_settings(METRICS_WORKERS=3, METRICS_SIDE_BY_SIDE_MIN_SALESMEN=1):
        assert compute_month_metrics(month=JUNE) == 15
    # Three pieces by salesman id (from the first, between, up to the last), then the four
    # people who moved, in three pieces of them (2, 2 and 0: two pieces).
    assert len(pieces_run) == 3 + 2
    assert all("WITH seg" in sql for sql in pieces_run[3:])
    assert "salesman_id >= " not in pieces_run[0] and "salesman_id < " in pieces_run[0]
    assert "salesman_id >= " in pieces_run[1] and "salesman_id < " in pieces_run[1]
    assert "salesman_id >= " in pieces_run[2] and "salesman_id < " not in pieces_run[2]
    assert snapshot() == one_statement
    # The team figures do split: each team's revenue is its people's on their days.
    people, teams, groups = one_statement
    assert len(groups) == 15 and sum(row[2] for row in groups) > 0  # the focus SKUs sold
    assert sum(value for _team, metric, value in teams if metric == "revenue") == sum(
        row[SNAPSHOT_COLUMNS.index("revenue")] for row in people
    )

    # And the values are the field rows' own: revenue and visits per salesman, from the rows.
    revenue = dict(
        OrderLine.objects.filter(date__range=(JUNE, date(2026, 6, 30)))
        .values_list("salesman_id")
        .annotate(Sum("amount"))
    )
    visits = dict(
        Visit.objects.filter(date__range=(JUNE, date(2026, 6, 30)))
        .values_list("salesman_id")
        .annotate(Count("id"))
    )
    stored = {
        sid: (rev, n)
        for sid, rev, n in MetricSnapshot.objects.filter(month=JUNE).values_list(
            "salesman_id", "revenue", "visits"
        )
    }
    assert len(revenue) == 12 and all(amount > 0 for amount in revenue.values())
    for salesman_id, amount in revenue.items():
        assert stored[salesman_id] == (amount, visits[salesman_id])


def test_a_small_sales_force_takes_the_one_statement_pass(pieces_run):
    call_command("generate_data", salesmen=12, months=1, seed=3, end="2026-06")
    with override_settings(METRICS_WORKERS=2, METRICS_SIDE_BY_SIDE_MIN_SALESMEN=16):
        compute_month_metrics(month=JUNE)
    assert pieces_run == []
    with override_settings(METRICS_WORKERS=2, METRICS_SIDE_BY_SIDE_MIN_SALESMEN=15):
        compute_month_metrics(month=JUNE)
    assert len(pieces_run) == 2

"""The salesman's home panel: the projected incentive and what the next tier needs."""

from decimal import Decimal as D

import pytest
from django.test import Client

from incentives import dashboard
from kpi.models import Target
from kpi.scorecards import compute_scorecards
from outlets.metrics import compute_month_metrics
from outlets.models import Outlet, Visit
from tests.incentives.payout_factories import JUNE, field_month, gt_setup, targets

pytestmark = pytest.mark.django_db


@pytest.fixture
def june_so_far(world, monkeypatch):
    """Andi in the middle of June: Rp 470.000.000 (94%), 18 new outlets, 17.5 visits a day."""
    gt_setup()
    field_month(world.andi, revenue=470_000_000, new_outlets=18, field_days=20, visits_per_day=17)
    # 20 days × 17 = 340 visits; 10 more visits on day 1 make 350 / 20 = 17.5 a day.
    outlet = Outlet.objects.filter(acquired_by=world.andi).first()
    Visit.objects.bulk_create(
        Visit(visit_id=f"X{i}", date=JUNE, salesman=world.andi, outlet=outlet) for i in range(10)
    )
    targets(world.andi)
    compute_month_metrics(month=JUNE)
    compute_scorecards(month=JUNE)
    monkeypatch.setattr(dashboard, "current_month", lambda: JUNE)


def test_projection_and_next_tiers(world, june_so_far):
    data = dashboard.projection(world.andi, JUNE)
    assert data["total"] == 0  # below 100% revenue, below 20 outlets, below 18 visits a day
    steps = {step.rule: step for step in data["next_tiers"]}
    # Revenue 100% of Rp 500.000.000: Rp 30.000.000 more → Rp 2.000.000.
    assert (steps["rev-full"].needed, steps["rev-full"].amount) == (30_000_000, 2_000_000)
    # The first further 10% is 110%: Rp 80.000.000 more → Rp 500.000.
    assert (steps["rev-step"].needed, steps["rev-step"].amount) == (80_000_000, 500_000)
    # 18 new outlets: 2 more → Rp 200.000 (the next tier; 30 pays Rp 400.000 after it).
    assert (steps["new-outlets"].needed, steps["new-outlets"].amount) == (2, 200_000)
    assert (steps["visits"].needed, steps["visits"].amount) == (D("0.5"), 500_000)


def test_next_tier_after_the_first_is_reached(world, june_so_far):
    Target.objects.filter(salesman=world.andi, kpi__code="revenue").update(value=400_000_000)
    compute_scorecards(month=JUNE)
    data = dashboard.projection(world.andi, JUNE)
    # 470 / 400 = 117.5%: 2.000.000 + 1 step 500.000; the next step at 120% needs Rp 10 jt more.
    assert data["total"] == 2_500_000
    steps = {step.rule: step for step in data["next_tiers"]}
    assert "rev-full" not in steps
    assert (steps["rev-step"].needed, steps["rev-step"].amount) == (10_000_000, 1_000_000)


def test_home_page_shows_the_panel_to_the_salesman_only(world, june_so_far):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.andi.user)
    html = client.get("/").content.decode()
    assert 'id="incentive-panel"' in html
    assert "Projected incentive this month" in html
    assert "2 more New outlets" in html
    # English notation on an English page (was Rp 30.000.000 and 0,50 before one format per
    # language)
    assert "Rp 30,000,000 more Revenue" in html
    assert "0.50 more Visits per day" in html
    client.force_login(world.manager_a)
    assert 'id="incentive-panel"' not in client.get("/").content.decode()


def test_no_projection_without_a_plan(world, june_so_far):
    """Dewi (MT, no active MT plan in this test) sees her month so far without any incentive
    figure (tests/incentives/test_my_month.py)."""
    client = Client()
    client.force_login(world.dewi.user)
    html = client.get("/").content.decode()
    assert 'id="projected-total"' not in html
    assert 'id="projected-incentive"' not in html


def test_a_rule_on_a_metric_outside_the_scorecard_is_named_not_coded(world):
    from types import SimpleNamespace

    from django.utils import translation

    planogram = SimpleNamespace(kpi="planogram_compliance", basis="actual")
    score = SimpleNamespace(kpi=None, basis="total_score")
    with translation.override("id"):
        assert dashboard._kpi_name(planogram) == "Kepatuhan planogram"
        assert dashboard._kpi_name(score) == "skor total"
    with translation.override("en"):
        assert dashboard._kpi_name(planogram) == "Planogram compliance"
        assert dashboard._kpi_name(score) == "total score"

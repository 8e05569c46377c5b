"""Scorecards computed for a month: metric and manual actuals, targets, leaders' team metrics,
replacing drafts, never a locked month."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from kpi.configuration import template_for
from kpi.documents import save_template_document
from kpi.models import KPIDefinition, ManualActual, Scorecard, Target, TemplateAssignment
from kpi.scorecards import compute_scorecards, lock_scorecards
from kpi.targets import save_targets
from org.models import Period, Role
from org.periods import MonthLocked
from outlets.models import MetricSnapshot, TeamMetricValue
from tests.factories import SalesmanFactory, UserFactory
from tests.kpi.factories import KPIFactory, gt_document, make_template
from tests.outlets.factories import set_metric

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)


@pytest.fixture
def gt(world):
    template = save_template_document(document=gt_document(), by=None)
    kpis = {k.code: k for k in KPIDefinition.objects.all()}
    for metric, value in (("revenue", 550_000_000), ("new_outlets", 35), ("visits_per_day", 20)):
        set_metric(salesman=world.andi, month=JUNE, metric=metric, value=value)
    for code, value in (("revenue", 500_000_000), ("new_outlets", 30), ("visits_per_day", 18)):
        Target.objects.create(month=JUNE, salesman=world.andi, kpi=kpis[code], value=value)
    return template


def test_andi_june_scorecard_is_112_22(world, gt):
    assert compute_scorecards(month=JUNE) == 2  # andi and budi (GT salesmen); dewi is MT
    card = Scorecard.objects.get(salesman=world.andi, month=JUNE)
    assert card.total == D("112.22")
    assert (card.template_code, card.rounding, card.status) == ("GT-SALESMAN", "exact", "draft")
    rows = [
        (r.kpi_code, r.kra, r.weight, r.target, r.actual, r.score, r.final_score, r.no_data)
        for r in card.rows.all()
    ]
    assert rows == [
        (
            "revenue",
            "Revenue & Volume",
            50,
            500_000_000,
            550_000_000,
            D("110.00"),
            D("55.00"),
            False,
        ),
        ("new_outlets", "Coverage & Penetration", 30, 30, 35, D("116.67"), D("35.00"), False),
        ("visits_per_day", "Productivity & Efficiency", 20, 18, 20, D("111.11"), D("22.22"), False),
    ]
    revenue = card.rows.get(kpi_code="revenue")
    assert revenue.attainment == D("110")
    assert card.rows.get(kpi_code="new_outlets").attainment == D("116.6666666667")


def test_missing_metric_or_target_is_no_data(world, gt):
    compute_scorecards(month=JUNE)
    budi = Scorecard.objects.get(salesman=world.budi, month=JUNE)
    assert budi.total == 0
    assert all(row.no_data for row in budi.rows.all())


def test_recompute_replaces_the_draft(world, gt):
    compute_scorecards(month=JUNE)
    MetricSnapshot.objects.filter(salesman=world.andi).update(visits_per_day=None)
    assert compute_scorecards(month=JUNE, salesman_ids=[world.andi.id]) == 1
    assert Scorecard.objects.filter(month=JUNE).count() == 2
    card = Scorecard.objects.get(salesman=world.andi, month=JUNE)
    assert card.total == D("90.00")  # 55 + 35 + no data
    assert card.rows.get(kpi_code="visits_per_day").no_data is True


def test_locked_month_is_never_recomputed(world, gt):
    compute_scorecards(month=JUNE)
    Period.objects.filter(month=JUNE).update(locked_at=timezone.now())
    MetricSnapshot.objects.filter(salesman=world.andi).update(
        revenue=1, new_outlets=1, visits_per_day=1
    )
    with pytest.raises(MonthLocked):
        compute_scorecards(month=JUNE)
    assert Scorecard.objects.get(salesman=world.andi, month=JUNE).total == D("112.22")


def test_a_scorecard_marked_locked_is_kept_even_if_its_month_was_opened_again(world, gt):

    compute_scorecards(month=JUNE)
    assert lock_scorecards(month=JUNE) == 2
    locked = Scorecard.objects.get(salesman=world.andi, month=JUNE)
    MetricSnapshot.objects.filter(salesman=world.andi).update(
        revenue=1, new_outlets=1, visits_per_day=1
    )
    new = SalesmanFactory(code="A3", team=world.team_a)  # no card yet: gets a draft
    assert compute_scorecards(month=JUNE) == 1
    card = Scorecard.objects.get(salesman=world.andi, month=JUNE)
    assert (card.pk, card.total, card.status) == (locked.pk, D("112.22"), "locked")
    assert card.computed_at == locked.computed_at
    assert card.rows.count() == 3
    assert Scorecard.objects.get(salesman=new, month=JUNE).status == "draft"


def test_targets_of_a_locked_month_cannot_change(world, gt):
    Period.objects.create(month=JUNE, locked_at=timezone.now())
    kpi = KPIDefinition.objects.get(code="revenue")
    with pytest.raises(MonthLocked):
        save_targets(month=JUNE, values={(world.andi.id, kpi.id): D(1)}, by=world.manager_a)
    assert Target.objects.get(salesman=world.andi, kpi=kpi).value == 500_000_000


def test_manual_kpis_read_manual_actuals_and_row_rounding(world):
    growth = KPIFactory(code="growth")
    cost = KPIFactory(code="cost", direction="lower")
    template = make_template("SHEET", [(growth, 60), (cost, 40, 150)], channel="", rounding="row")
    TemplateAssignment.objects.create(salesman=world.dewi, template=template)
    for kpi, target, actual in ((growth, 20, 27), (cost, D("2.5"), D("2.4"))):
        Target.objects.create(month=JUNE, salesman=world.dewi, kpi=kpi, value=target)
        ManualActual.objects.create(month=JUNE, salesman=world.dewi, kpi=kpi, value=actual)
    compute_scorecards(month=JUNE, salesman_ids=[world.dewi.id])
    card = Scorecard.objects.get(salesman=world.dewi)
    # 135 × 60 / 100 = 81; 104.17 → 104 × 40 / 100 = 41.6 → 42
    assert [(r.score, r.final_score) for r in card.rows.all()] == [(135, 81), (104, 42)]
    assert card.total == 123


def test_template_precedence_assignment_then_role_channel_then_any_channel(world):
    kpi = KPIFactory()
    any_channel = make_template("ANY", [(kpi, 100)], channel="")
    gt = make_template("GT", [(kpi, 100)], channel="GT")
    special = make_template("SPECIAL", [(kpi, 100)], role="manager", channel="MT")
    assert template_for(world.andi) == gt
    assert template_for(world.dewi) == any_channel  # MT salesman: no MT template
    TemplateAssignment.objects.create(salesman=world.andi, template=special)
    assert template_for(world.andi) == special


def test_supervisor_metric_kpis_read_his_team_snapshot(world):
    revenue = KPIFactory(code="revenue", source="metric:revenue")
    visits = KPIFactory(code="visits_per_day", source="metric:visits_per_day")
    make_template("SPV", [(revenue, 50), (visits, 50)], role="supervisor", channel="")
    make_template("MGR", [(revenue, 50), (visits, 50)], role="manager", channel="")
    spv = SalesmanFactory(code="SPV", user=world.supervisor_a, team=world.team_a)
    mgr = SalesmanFactory(
        code="MGR", user=UserFactory(username="big", role=Role.MANAGER), team=None
    )
    world.team_a.manager = mgr.user
    world.team_a.save()
    world.team_b.manager = mgr.user
    world.team_b.save()
    for team, rev, vpd in ((world.team_a, 900, 20), (world.team_b, 100, 10)):
        TeamMetricValue.objects.create(team=team, month=JUNE, metric="revenue", value=rev)
        TeamMetricValue.objects.create(team=team, month=JUNE, metric="visits_per_day", value=vpd)
    for person in (spv, mgr):
        Target.objects.create(month=JUNE, salesman=person, kpi=revenue, value=1000)
        Target.objects.create(month=JUNE, salesman=person, kpi=visits, value=20)
    compute_scorecards(month=JUNE, salesman_ids=[spv.id, mgr.id])
    spv_card = Scorecard.objects.get(salesman=spv)
    assert [r.actual for r in spv_card.rows.all()] == [900, 20]  # team A only
    mgr_card = Scorecard.objects.get(salesman=mgr)
    # revenue adds up over both teams; visits/day is the mean of the teams' values
    assert [r.actual for r in mgr_card.rows.all()] == [1000, 15]
    assert mgr_card.total == D("87.50")  # 100 × 0.5 + 75 × 0.5

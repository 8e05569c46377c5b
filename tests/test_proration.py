"""Proration by working days (docs/contracts.md "People over time"): a plan with
`"proration": "working_days"` pays each tiers, step and per_unit line × the person's active
working days / the month's, after the level multiplier and before rounding; rate, ranking,
okr_bonus and reward lines are not prorated; the line shows the factor.

September 2026 has 26 working days (Monday–Saturday, no public holiday). A joiner on Wednesday
16 September works 16–19 (4), 21–26 (6) and 28–30 (3) = 13 of them: 13/26."""

from datetime import date
from decimal import Decimal

import pytest

from incentives import engine
from incentives.payouts.closing import evaluate_people
from incentives.plans.documents import validate_plan
from org import assignments
from org.calendar import active_working_days, working_days
from outlets.metrics import compute_month_metrics
from outlets.models import OrderLine, Outlet, Product
from tests.factories import SalesmanFactory, UserFactory

pytestmark = pytest.mark.django_db  # plan documents check their KPI codes

SEPT = date(2026, 9, 1)

PLAN = {
    "code": "GT-PRO",
    "name": "Prorated GT",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {"1": 1.1},
    "proration": "working_days",
    "rules": [
        {"code": "rev-tier", "label": "Revenue tier", "type": "tiers", "kpi": "revenue",
         "basis": "actual", "tiers": [{"from": 1000000, "amount": 2000000}]},
        {"code": "rev-step", "label": "Revenue steps", "type": "step", "kpi": "revenue",
         "basis": "actual", "start": 0, "every": 1000000, "amount": 250000},
        {"code": "orders", "label": "Per order", "type": "per_unit", "kpi": "orders",
         "basis": "actual", "start": 0, "amount": 10001},
        {"code": "commission", "label": "Commission", "type": "rate", "kpi": "revenue",
         "basis": "actual", "mode": "retroactive", "tiers": [{"from": 0, "rate": 1.0}]},
        {"code": "top", "label": "Top revenue", "type": "ranking", "metric": "revenue",
         "window": "month", "scope": "team", "amounts": [300000, 150000]},
    ],
}  # fmt: skip


def plan(**changes):
    document, problems = validate_plan({**PLAN, **changes})
    assert not problems, problems
    return engine.parse_plan(document)


def amounts(statement):
    return {line.rule: line.amount for line in statement.lines}


def test_september_2026_has_26_working_days_and_a_joiner_on_the_16th_works_13(db):
    assert working_days(SEPT) == 26
    assert active_working_days(SEPT, date(2026, 9, 16), None) == 13


def test_the_engine_prorates_tiers_step_and_per_unit_only():
    facts = engine.Facts(
        month=SEPT,
        level=1,
        metrics={"revenue": Decimal(3000000), "orders": Decimal(3)},
        rankings={"top": engine.RankingFact(position=1, value=Decimal(3000000), field_size=2)},
        working_days=(13, 26),
    )
    statement = engine.evaluate(plan(), facts)
    # tiers 2,000,000 × 1.1 × 13/26 = 1,100,000; step 3 × 250,000 × 1.1 × 13/26 = 412,500;
    # per_unit 3 × 10,001 × 1.1 × 13/26 = 16,501.65 → 16,502; rate 1% of 3,000,000 × 1.1 =
    # 33,000 (not prorated); ranking first place 300,000 (not prorated, not multiplied).
    assert amounts(statement) == {
        "rev-tier": Decimal(1100000),
        "rev-step": Decimal(412500),
        "orders": Decimal(16502),
        "commission": Decimal(33000),
        "top": Decimal(300000),
    }
    assert statement.total == Decimal(1862002)
    tier = statement.lines[0]
    assert tier.detail["proration"] == {"worked": 13, "of": 26}
    assert "prorated 13/26 working days" in tier.explanation
    assert "13/26" in engine.rule_type("tiers").explain(tier)
    assert "proration" not in statement.lines[3].detail  # the rate line


def test_without_proration_or_for_a_whole_month_nothing_changes():
    facts = engine.Facts(month=SEPT, metrics={"revenue": Decimal(3000000), "orders": Decimal(3)})
    whole = amounts(engine.evaluate(plan(), facts))
    assert whole["rev-tier"] == Decimal(2200000) and whole["orders"] == Decimal(33003)
    joiner = engine.Facts(
        month=SEPT,
        metrics={"revenue": Decimal(3000000), "orders": Decimal(3)},
        working_days=(13, 26),
    )
    assert amounts(engine.evaluate(plan(proration="none"), joiner)) == whole
    document, _problems = validate_plan({k: v for k, v in PLAN.items() if k != "proration"})
    assert "proration" not in document
    assert engine.parse_plan(document).proration == "none"


def test_an_unknown_proration_is_refused_naming_the_key():
    _document, problems = validate_plan({**PLAN, "proration": "calendar_days"})
    assert [problem.path for problem in problems] == ["proration"]


# --- through the month's facts -------------------------------------------------------------------


@pytest.fixture
def september(world):
    """Andi the whole month and Nina, who joins team A on 16 September; one outlet each,
    orders on working days."""
    nina = SalesmanFactory(
        code="A3", name="Nina", team=world.team_a, user=UserFactory(username="nina"),
        joined_on=date(2026, 9, 16),
    )  # fmt: skip
    product = Product.objects.create(sku="P1", name="Teh", category="Minuman")
    for person, days, amount in (
        (world.andi, (2, 9, 21), Decimal(1000000)),
        (nina, (16, 17, 28), Decimal(1000000)),
    ):
        outlet = Outlet.objects.create(
            code=f"O-{person.code}", name="Warung", channel="GT", type="warung",
            salesman=person,
        )  # fmt: skip
        for day in days:
            OrderLine.objects.create(
                order_no=f"SO-{person.code}-{day}", date=date(2026, 9, day), salesman=person,
                outlet=outlet, product=product, quantity=1, amount=amount,
            )  # fmt: skip
    compute_month_metrics(month=SEPT)
    world.nina = nina
    return world


def test_a_joiner_on_the_16th_is_paid_13_26_of_tiers_step_per_unit_and_full_rate_and_ranking(
    september,
):
    result, _evaluated = evaluate_people(month=SEPT, plans=[plan()])
    lines = {(line.salesman_id, line.rule_code): line.amount for line in result.lines}
    nina, andi = september.nina.pk, september.andi.pk
    # Both sold 3,000,000 in 3 orders; ties share first place (300,000 each).
    assert {rule: lines[(nina, rule)] for _s, rule in lines if _s == nina} == {
        "rev-tier": Decimal(1100000),
        "rev-step": Decimal(412500),
        "orders": Decimal(16502),
        "commission": Decimal(33000),
        "top": Decimal(300000),
    }
    assert lines[(andi, "rev-tier")] == Decimal(2200000)
    assert lines[(andi, "orders")] == Decimal(33003)
    assert lines[(andi, "top")] == Decimal(300000)
    explanation = next(
        line.explanation
        for line in result.lines
        if line.salesman_id == nina and line.rule_code == "rev-step"
    )
    assert "13/26" in explanation


def test_a_leaver_on_the_10th_is_in_the_run_and_paid_his_working_days(september):
    budi = september.budi
    budi.left_on, budi.active = date(2026, 9, 10), False
    budi.save()
    # 1–5 (5) and 7–10 (4): 9 of 26 working days
    assert assignments.active_days(budi, SEPT) == (SEPT, date(2026, 9, 10))
    facts = evaluate_people(month=SEPT, plans=[plan()])[1]
    assert facts[(budi.pk, "GT-PRO")][0].working_days == (9, 26)
    assert (september.andi.pk, "GT-PRO") in facts
    assert facts[(september.andi.pk, "GT-PRO")][0].working_days is None
    # gone in October
    october = evaluate_people(month=date(2026, 10, 1), plans=[plan()])[1]
    assert (budi.pk, "GT-PRO") not in october


def test_the_target_breakdown_offers_a_prorated_target_to_a_joiner(world):
    from kpi.breakdown import propose_breakdown
    from org.models import Salesman
    from tests.kpi.factories import KPIFactory
    from tests.outlets.factories import set_metric

    revenue = KPIFactory(code="revenue", source="metric:revenue")
    for month in (6, 7, 8):
        set_metric(salesman=world.andi, month=date(2026, month, 1), metric="revenue", value=100)
    nina = SalesmanFactory(
        code="A3", name="Nina", team=world.team_a, user=UserFactory(username="nina"),
        joined_on=date(2026, 9, 16),
    )  # fmt: skip
    people = Salesman.objects.filter(team=world.team_a)
    teams = propose_breakdown(kpi=revenue, month=SEPT, total=Decimal(450), salesmen=people)
    lines = {line.code: line for line in teams[0].lines}
    # Budi and Nina have no history: the team average (Andi's 300); Nina's is × 13/26 = 150.
    assert {code: line.weight for code, line in lines.items()} == {
        "A1": Decimal(300),
        "A2": Decimal(300),
        "A3": Decimal(150),
    }
    assert {code: line.proposed for code, line in lines.items()} == {"A1": 180, "A2": 180, "A3": 90}
    assert lines["A3"].proration == "13/26" and lines["A1"].proration == ""
    assert nina.pk == lines["A3"].salesman_id


def test_a_manager_sets_proration_on_the_plan_page(world, client):

    from django.urls import reverse

    from incentives.plans.documents import export_plan

    client.force_login(world.manager_a)
    header = {
        "code": "GT-PRO", "name": "Prorated", "role": "salesman", "channel": "GT",
        "valid_from": "2027-01-01", "valid_to": "", "gate_total_score": "", "cap": "",
        "level_multipliers": "", "status": "draft", "proration": "working_days",
    }  # fmt: skip
    response = client.post(reverse("incentives:plan-create"), header)
    assert response.status_code == 302
    document = export_plan(code="GT-PRO")
    assert document["proration"] == "working_days"
    page = client.get(reverse("incentives:plan", kwargs={"code": "GT-PRO"}))
    assert b'id="plan-proration"' in page.content

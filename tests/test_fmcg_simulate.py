"""The FMCG plan features through the simulate API (`POST /api/v1/plans/simulate/`): explicit
values naming group metrics and the multipliers' KPIs, each piece alone and all together; and a
past month whose booster window (a week with a public holiday) is read from the order lines."""

import copy
from datetime import date
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from incentives.plans.simulation import simulate
from org.visibility import all_salesmen_for_system
from outlets.models import ProductGroup
from tests.outlets.factories import OrderLineFactory

SIMULATE = "/api/v1/plans/simulate/"

PLAN = {
    "code": "DIST-GT",
    "name": "Distributor GT",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": 80,
    "cap": 3000000,
    "level_multipliers": {"2": 1.1},
    "multipliers": [
        {
            "code": "entry",
            "label": "Tiket masuk coverage",
            "kpi": "outlet_coverage",
            "basis": "actual",
            "bands": [
                {"from": 0, "factor": 0.5},
                {"from": 80, "factor": 0.8},
                {"from": 95, "factor": 1.1},
            ],
        }
    ],
    "rules": [
        {
            "code": "focus",
            "label": "Focus SKU revenue",
            "type": "tiers",
            "kpi": "revenue@focus",
            "basis": "actual",
            "tiers": [{"from": 10000000, "amount": 500000}, {"from": 20000000, "amount": 750000}],
            "requires": [{"kpi": "lines_per_call", "basis": "actual", "min": 3}],
        },
        {
            "code": "boost",
            "label": "Booster",
            "type": "step",
            "kpi": "revenue",
            "basis": "actual",
            "start": 0,
            "every": 1000000,
            "amount": 25000,
            "window": {"from": "2026-09-07", "to": "2026-09-20"},
        },
    ],
}

VALUES = {
    "plan": PLAN,
    "period": "2026-09",
    "level": 1,
    "total_score": 90,
    "values": {
        "revenue@focus": {"actual": 23000000},
        "outlet_coverage": {"actual": 86},
        "lines_per_call": {"actual": 3.2},
    },
    "windows": {"boost": 7400000},
}


@pytest.fixture(autouse=True)
def focus_group(db):
    """The SKU group the plan's `revenue@focus` names (an unknown group is refused)."""
    return ProductGroup.objects.create(code="focus", name="SKU fokus", name_en="Focus SKUs")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(world, **changes):
    body = copy.deepcopy(VALUES)
    body.update(changes)
    return api(world.manager_a).post(SIMULATE, body, format="json")


def amounts(response):
    assert response.status_code == 200, response.data
    return [(line["rule"], line["amount"]) for line in response.data["lines"]]


def only(*codes, multipliers=True):
    plan = copy.deepcopy(PLAN)
    plan["rules"] = [rule for rule in plan["rules"] if rule["code"] in codes]
    plan["gate_total_score"] = None
    plan["cap"] = None
    if not multipliers:
        del plan["multipliers"]
    return plan


@pytest.mark.django_db
def test_entry_ticket_alone_reads_the_multipliers_kpi_from_values(world):
    plan = only("focus")
    plan["rules"][0].pop("requires")
    # 750,000 × 0.8 (coverage 86)
    response = post(world, plan=plan)
    assert amounts(response) == [("focus", "600000")]
    assert response.data["lines"][0]["detail"]["factors"][0]["factor"] == "0.8"
    assert "× 0.8 tiket masuk coverage 86" in response.data["lines"][0]["explanation"]


@pytest.mark.django_db
def test_prerequisite_alone_names_the_failed_one(world):
    values = {**VALUES["values"], "lines_per_call": {"actual": 2.5}}
    response = post(world, plan=only("focus", multipliers=False), values=values)
    assert amounts(response) == [("focus", "0")]
    line = response.data["lines"][0]
    assert line["status"] == "requires"
    assert "not paid: requirement lines_per_call 3 not met (2.5)" in line["explanation"]
    assert response.data["total"] == "0"


@pytest.mark.django_db
def test_group_metric_in_metrics_pays_when_the_prerequisite_holds(world):
    response = post(
        world,
        plan=only("focus", multipliers=False),
        values={},
        metrics={"revenue@focus": 12000000, "lines_per_call": 3},
    )
    assert amounts(response) == [("focus", "500000")]


@pytest.mark.django_db
def test_booster_alone_reads_windows(world):
    # 7,400,000 → 7 steps × 25,000
    assert amounts(post(world, plan=only("boost", multipliers=False))) == [("boost", "175000")]
    # in another month the booster is not due
    response = post(world, plan=only("boost", multipliers=False), period="2026-10")
    assert amounts(response) == [("boost", "0")]
    assert response.data["lines"][0]["status"] == "not_due"


@pytest.mark.django_db
def test_all_pieces_with_level_gate_and_cap(world):
    # level 2 × 1.1, coverage 86 → × 0.8: 750,000 × 0.88 = 660,000; 175,000 × 0.88 = 154,000
    assert amounts(post(world, level=2)) == [("focus", "660000"), ("boost", "154000")]
    # coverage 96 → × 1.1: 750,000 × 1.21 + 175,000 × 1.21 = 907,500 + 211,750 (below the cap)
    values = {**VALUES["values"], "outlet_coverage": {"actual": 96}}
    response = post(world, level=2, values=values)
    assert response.data["total"] == "1119250"
    # the gate: total score 70 < 80, nothing pays
    assert post(world, level=2, total_score=70).data["total"] == "0"
    # a cap of 1,000,000: a cap line takes off what is above it
    plan = copy.deepcopy(PLAN)
    plan["cap"] = 1000000
    capped = post(world, plan=plan, level=2, values=values)
    assert amounts(capped)[-1] == ("cap", "-119250")
    assert capped.data["total"] == "1000000"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda body: body["plan"]["rules"][1]["window"].update({"to": "2026-10-01"}),
            "plan.rules[1].window.to",
            "a booster window lies inside one month (from 2026-09-07)",
        ),
        (
            lambda body: body["plan"]["multipliers"][0]["bands"][0].update({"from": 5}),
            "plan.multipliers[0].bands[0].from",
            "the first band must start at 0",
        ),
        (
            lambda body: body["plan"]["rules"][0]["requires"][0].update({"kpi": "lpc"}),
            "plan.rules[0].requires[0].kpi",
            "unknown KPI or metric 'lpc'",
        ),
        (
            lambda body: body["plan"]["rules"][0].update({"kpi": "revenue@fokus"}),
            "plan.rules[0].kpi",
            "unknown metric 'revenue@fokus': unknown SKU group fokus",
        ),
        (
            lambda body: body.update({"windows": {"boost": "a lot"}}),
            "windows.boost",
            "must be a number",
        ),
    ],
)
def test_bad_input_is_400_naming_the_path(world, change, field, message):
    body = copy.deepcopy(VALUES)
    change(body)
    response = api(world.manager_a).post(SIMULATE, body, format="json")
    assert response.status_code == 400
    assert message in response.data[field]


@pytest.mark.django_db
def test_past_month_booster_over_a_week_with_a_holiday(world):
    """Window Fri 14 – Thu 20 Aug 2026; Mon 17 Aug is Independence Day: its orders still count
    (a window is calendar days), the days around the window do not."""
    plan = only("boost", multipliers=False)
    plan["rules"][0]["window"] = {"from": "2026-08-14", "to": "2026-08-20"}
    plan["rules"][0]["every"] = 100000
    plan["rules"][0]["amount"] = 10000
    for day, amount in [(13, 900000), (14, 150000), (17, 250000), (20, 100000), (21, 800000)]:
        OrderLineFactory(salesman=world.andi, date=date(2026, 8, day), amount=D(amount))
    result = simulate(plan_document=plan, month=date(2026, 8, 1), people=all_salesmen_for_system())
    andi = next(p for p in result.people if p.salesman == world.andi)
    (line,) = andi.statement.lines
    # 150,000 + 250,000 + 100,000 = 500,000 → 5 steps of 100,000 × 10,000 = 50,000
    assert line.value == D(500000)
    assert line.amount == D(50000)


@pytest.mark.django_db
def test_the_documented_example(world):
    from incentives.plans.api import FMCG_EXAMPLE

    response = api(world.manager_a).post(SIMULATE, FMCG_EXAMPLE, format="json")
    # level 2 (× 1.1), coverage 86 (× 0.8): focus 750,000 × 0.88 = 660,000 (LPC 3.2 ≥ 3);
    # booster 7 steps × 25,000 × 0.88 = 154,000
    assert amounts(response) == [("focus", "660000"), ("boost", "154000")]
    assert response.data["total"] == "814000"

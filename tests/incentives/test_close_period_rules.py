"""close_period with the plan-level rules end to end: ranking within a scope (ties share the
rank), the gate, level multipliers and the plan cap, stored as lines that explain themselves."""

from decimal import Decimal as D

import pytest

from incentives.payouts.services import close_period
from incentives.plans.documents import import_plan
from kpi.documents import save_template_document
from org.models import Salesman
from tests.factories import SalesmanFactory, TeamFactory, UserFactory
from tests.incentives.gt_plan import gt_plan
from tests.incentives.payout_factories import JUNE, field_month, targets
from tests.kpi.factories import gt_document

pytestmark = pytest.mark.django_db


def ranking_plan(scope: str) -> dict:
    return {
        "code": f"GT-RANK-{scope.upper()}",
        "name": f"Ranking by {scope}",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "valid_from": "2026-01-01",
        "valid_to": None,
        "gate_total_score": None,
        "cap": None,
        "level_multipliers": {},
        "rules": [
            {
                "code": "hunter",
                "label": "Outlet hunter",
                "type": "ranking",
                "metric": "new_outlets",
                "window": "month",
                "scope": scope,
                "amounts": [300000, 150000],
            }
        ],
    }


@pytest.fixture
def hunters(world):
    """New outlets in June: Andi 10, Budi 10 (team A), Citra 12 (team C, GT), Dodi 4 (team C)."""
    save_template_document(document=gt_document(), by=None)
    team_c = TeamFactory(name="Team C")
    citra = SalesmanFactory(code="C1", team=team_c, user=UserFactory(username="citra"))
    dodi = SalesmanFactory(code="C2", team=team_c, user=UserFactory(username="dodi"))
    for person, count in ((world.andi, 10), (world.budi, 10), (citra, 12), (dodi, 4)):
        field_month(person, revenue=100_000_000, new_outlets=count, visits_per_day=10)
    return world


def amounts(run, rule):
    return {
        line.salesman.code: (line.reached, line.amount)
        for line in run.lines.filter(rule_code=rule).select_related("salesman")
    }


def test_ranking_within_the_team_ties_share_the_rank(hunters):
    import_plan(document=ranking_plan("team"), by=None)
    run = close_period(month=JUNE)
    assert amounts(run, "hunter") == {
        "A1": ("rank 1", 300_000),  # tie with Budi: both first
        "A2": ("rank 1", 300_000),
        "C1": ("rank 1", 300_000),
        "C2": ("rank 2", 150_000),
    }
    line = run.lines.get(salesman__code="A2", rule_code="hunter")
    assert line.value == 10
    assert "rank 1 of 2 by new_outlets 10" in line.explanation


def test_ranking_over_everyone_skips_the_rank_after_a_tie(hunters):
    import_plan(document=ranking_plan("all"), by=None)
    run = close_period(month=JUNE)
    assert amounts(run, "hunter") == {
        "C1": ("rank 1", 300_000),
        "A1": ("rank 2", 150_000),
        "A2": ("rank 2", 150_000),
        "C2": ("rank 4", 0),  # 1, 2, 2, 4: only the first two ranks pay
    }


def test_a_quarter_ranking_pays_only_in_the_quarters_last_month(hunters):
    plan = ranking_plan("all")
    plan["rules"][0]["window"] = "quarter"
    import_plan(document=plan, by=None)
    run = close_period(month=JUNE)  # June ends Q2: paid on April–June totals (only June has data)
    assert amounts(run, "hunter")["C1"] == ("rank 1", 300_000)
    may = close_period(month=JUNE.replace(month=5))
    assert set(may.lines.filter(rule_code="hunter").values_list("amount", flat=True)) == {0}
    assert "pays in June 2026" in may.lines.filter(rule_code="hunter").first().explanation


def test_gate_multiplier_and_cap(world):
    """Andi (level 1, total score 112.22) is capped; Budi (level 2, total score 70) is gated."""
    save_template_document(document=gt_document(), by=None)
    plan = gt_plan()
    plan.update(
        code="GT-CAPPED",
        gate_total_score=100,
        cap=3000000,
        level_multipliers={"1": D("1.0"), "2": D("1.5")},
    )
    plan["rules"].append(
        {
            "code": "hunter",
            "label": "Outlet hunter",
            "type": "ranking",
            "metric": "new_outlets",
            "window": "month",
            "scope": "all",
            "amounts": [1000000, 500000],
        }
    )
    import_plan(document=plan, by=None)
    Salesman.objects.filter(pk=world.budi.pk).update(level=2)
    field_month(world.andi)
    targets(world.andi)
    # Budi: 80% revenue (40), 10 of 30 outlets (10), 18 of 18 visits a day (20) = 70.
    field_month(world.budi, revenue=400_000_000, new_outlets=10, visits_per_day=18)
    targets(world.budi)
    run = close_period(month=JUNE)

    andi = {line.rule_code: line for line in run.lines.filter(salesman=world.andi)}
    assert {code: line.amount for code, line in andi.items()} == {
        "rev-full": 2_000_000,
        "rev-step": 500_000,
        "new-outlets": 400_000,
        "visits": 500_000,
        "hunter": 1_000_000,
        "cap": -1_400_000,  # 4.400.000 brought down to the cap of 3.000.000
    }
    assert andi["cap"].type == "cap"
    assert andi["cap"].value == 4_400_000
    assert sum(line.amount for line in andi.values()) == 3_000_000

    budi = {line.rule_code: line for line in run.lines.filter(salesman=world.budi)}
    assert run.statements.get(salesman=world.budi).total_score == D("70.00")
    # Gated: the visits tier (18 a day) would pay 500.000 × 1.5 but pays nothing; the ranking
    # (rank 2: 500.000) still pays, without the level multiplier.
    assert budi["visits"].amount == 0
    assert budi["visits"].status == "gate"
    assert "gate not reached" in budi["visits"].explanation
    assert budi["hunter"].amount == 500_000
    assert budi["visits"].multiplier == D("1.5")
    assert sum(line.amount for line in budi.values()) == 500_000

"""Plan documents: validation naming every problem, import/export round trip, audit, lookup."""

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from incentives import demo_plans
from incentives.demo_plans import MT_PLAN, seed_plans
from incentives.models import Plan, PlanStatus
from incentives.plans.documents import (
    PlanInvalid,
    dumps,
    export_plan,
    import_plan,
    parse_document_text,
    plan_document,
    plans_for,
    set_plan_status,
    validate_plan,
)
from org.models import AuditEntry
from tests.incentives.gt_plan import GT_PLAN_PATH, gt_plan, gt_plan_text


def problems_of(document):
    canonical, problems = validate_plan(document)
    assert canonical is None
    return {(p.path, p.message) for p in problems}


@pytest.mark.django_db
def test_import_then_export_gives_back_the_design_document_with_the_same_key_order(tmp_path):
    out = tmp_path / "out.json"
    call_command("import_plan", str(GT_PLAN_PATH))
    call_command("export_plan", "GT-SALESMAN", "-o", str(out))
    original = json.loads(gt_plan_text())
    exported = json.loads(out.read_text())
    assert exported == original
    assert json.dumps(exported) == json.dumps(original)  # same keys in the same order
    # and importing the export again changes nothing
    call_command("import_plan", str(out))
    assert AuditEntry.objects.filter(action__startswith="plan.").count() == 1


@pytest.mark.django_db
def test_export_plan_writes_to_stdout(capsys):
    import_plan(document=parse_document_text(gt_plan_text()), by=None)
    call_command("export_plan", "GT-SALESMAN")
    assert json.loads(capsys.readouterr().out) == json.loads(gt_plan_text())


@pytest.mark.django_db
def test_decimals_round_trip_exactly():
    document = parse_document_text(gt_plan_text())
    document["level_multipliers"] = {"1": D("1.0"), "2": D("1.10")}
    document["gate_total_score"] = D("87.5")
    import_plan(document=document, by=None)
    exported = export_plan(code="GT-SALESMAN")
    assert exported["level_multipliers"] == {"1": D("1.0"), "2": D("1.10")}
    assert '"2": 1.10' in dumps(exported)
    assert exported["gate_total_score"] == D("87.5")


@pytest.mark.django_db
def test_invalid_json_is_refused_with_its_position(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"code": "X",\n "name": }')
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(bad))
    assert error.value.returncode == 1
    assert "invalid JSON at line 2 column 10" in capsys.readouterr().err
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_invalid_plan_names_every_problem_and_stores_nothing(tmp_path, capsys):
    document = json.loads(gt_plan_text())
    document["applies_to"]["channel"] = "XX"
    document["valid_to"] = "2025-12-31"
    document["rules"][2]["tiers"][0]["from"] = "twenty"
    document["rules"][2]["tiers"][1]["amount"] = -5
    document["rules"][1]["every"] = 0
    document["rules"][3]["code"] = "rev-full"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(bad))
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    for expected in [
        "applies_to.channel: must be one of GT, MT",
        "valid_to: must not be before valid_from",
        "rules[2].tiers[0].from: must be a number",
        "rules[2].tiers[1].amount: must be at least 0",
        "rules[1].every: must be greater than 0",
        "rules[3].code: duplicate rule code 'rev-full'",
    ]:
        assert expected in err
    assert "6 problem(s), nothing imported" in str(error.value)
    assert not Plan.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_validation_per_rule_type():
    document = json.loads(gt_plan_text())
    document["rules"] = [
        {"code": "a", "label": "A", "type": "bonus"},
        {"code": "b", "label": "B", "type": "tiers", "kpi": "nonsense", "basis": "actual",
         "tiers": [{"from": 30, "amount": 1}, {"from": 20, "amount": 2}]},
        {"code": "c", "label": "C", "type": "step", "kpi": "revenue", "basis": "attainment",
         "start": 100, "every": 10, "amount": 1.5, "max_steps": 0},
        {"code": "d", "label": "D", "type": "rate", "kpi": "revenue", "basis": "attainment",
         "mode": "flat", "tiers": [{"from": 0, "amount": 5}]},
        {"code": "e", "label": "E", "type": "okr_bonus", "min_score": 70, "amount": 1000000},
        {"code": "f", "label": "F", "type": "ranking", "metric": "karma", "window": "week",
         "scope": "team", "amounts": [300000, -1]},
        {"code": "g", "label": "G", "type": "reward", "basis": "total_score", "kpi": "revenue",
         "tiers": [{"from": 115, "reward": ""}]},
        {"code": "cap", "label": "", "type": "per_unit", "kpi": "new_outlets", "basis": "actual",
         "start": 0, "amount": 1000, "max_amount": 10.5, "extra": 1},
    ]  # fmt: skip
    assert problems_of(document) == {
        ("rules[0].type", "must be one of tiers, step, per_unit, rate, okr_bonus, ranking, reward"),
        ("rules[1].kpi", "unknown KPI or metric 'nonsense'"),
        ("rules[1].tiers[1].from", "must be above the previous tier's from (30)"),
        ("rules[2].amount", "must be a whole number (whole Rupiah)"),
        ("rules[2].max_steps", "must be at least 1"),
        ("rules[3].basis", "must be one of actual"),
        ("rules[3].mode", "must be one of retroactive, marginal"),
        ("rules[3].tiers[0].amount", "unknown key"),
        ("rules[3].tiers[0].rate", "required"),
        ("rules[4].objective", "required"),
        ("rules[4].min_score", "an OKR score is between 0.0 and 1.0"),
        ("rules[5].metric", "unknown metric 'karma'"),
        ("rules[5].window", "must be one of month, quarter, semester, year"),
        ("rules[5].amounts[1]", "must be at least 0"),
        ("rules[6].kpi", "must be left out with basis total_score"),
        ("rules[6].tiers[0].reward", "must be a non-empty text"),
        ("rules[7].code", "'cap' is reserved for statement lines"),
        ("rules[7].label", "must be a non-empty text"),
        ("rules[7].max_amount", "must be a whole number (whole Rupiah)"),
        ("rules[7].extra", "unknown key"),
    }


@pytest.mark.django_db
def test_header_problems_are_named():
    document = {
        "code": "has space",
        "applies_to": {"role": "boss"},
        "valid_from": "2026-13-01",
        "level_multipliers": {"0": 1, "two": "1.1"},
        "cap": 1.5,
        "rules": {},
        "colour": "red",
    }
    assert problems_of(document) == {
        ("colour", "unknown key"),
        ("code", "letters, digits, '-', '_' and '.' only, no spaces"),
        ("name", "required"),
        ("applies_to.role", "must be one of salesman, supervisor, manager, hr, admin"),
        ("applies_to.channel", "required"),
        ("valid_from", "must be a date YYYY-MM-DD"),
        ("cap", "must be a whole number (whole Rupiah)"),
        ("level_multipliers.0", "a level is a whole number from 1"),
        ("level_multipliers.two", "a level is a whole number from 1"),
        ("level_multipliers.two", "must be a number"),
        ("rules", "must be a list"),
    }


@pytest.mark.django_db
def test_import_records_the_change_in_the_audit_trail(world):
    plan = import_plan(document=json.loads(gt_plan_text()), by=world.manager_a)
    created = AuditEntry.objects.get(action="plan.created")
    assert created.actor == world.manager_a
    assert created.before is None
    assert created.after["document"] == json.loads(gt_plan_text())
    assert created.after["status"] == "active"

    document = plan_document(plan)
    document["rules"][2]["tiers"][1]["amount"] = 450000
    import_plan(document=document, by=world.manager_b)
    updated = AuditEntry.objects.get(action="plan.updated")
    assert updated.actor == world.manager_b
    assert updated.before["document"]["rules"][2]["tiers"][1]["amount"] == 400000
    assert updated.after["document"]["rules"][2]["tiers"][1]["amount"] == 450000
    assert export_plan(code="GT-SALESMAN")["rules"][2]["tiers"][1]["amount"] == 450000

    # A published version never changes: a published plan cannot go back to draft.
    with pytest.raises(ValidationError):
        set_plan_status(plan=plan, status=PlanStatus.DRAFT, by=world.manager_a)
    assert not AuditEntry.objects.filter(action="plan.status").exists()


@pytest.mark.django_db
def test_plans_for_returns_the_active_plans_valid_in_the_month():
    seed_plans()
    seed_plans()  # idempotent
    assert Plan.objects.count() == 2
    # Plans for the same role and channel in the same month must say they stack.
    later = dict(gt_plan(), code="GT-2027", valid_from="2027-01-01", stacks_with=["GT-SALESMAN"])
    import_plan(document=later, by=None)
    ended = dict(
        gt_plan(),
        code="GT-OLD",
        valid_from="2025-01-01",
        valid_to="2026-05-31",
        stacks_with=["GT-SALESMAN"],
    )
    import_plan(document=ended, by=None)
    draft = dict(gt_plan(), code="GT-DRAFT")
    import_plan(document=draft, by=None, status=PlanStatus.DRAFT)

    june = plans_for(role="salesman", channel="GT", month=date(2026, 6, 1))
    assert [plan.code for plan in june] == ["GT-SALESMAN"]
    may = plans_for(role="salesman", channel="GT", month=date(2026, 5, 1))
    assert [plan.code for plan in may] == ["GT-OLD", "GT-SALESMAN"]
    assert [p.code for p in plans_for(role="salesman", channel="MT", month=date(2026, 6, 1))] == [
        "MT-SALESMAN"
    ]
    assert plans_for(role="supervisor", channel="GT", month=date(2026, 6, 1)) == []


@pytest.mark.django_db
def test_demo_plans_are_valid_and_match_design():
    # The demo keeps its own copy of the GT plan (incentives/demo_plans.py): it must stay the
    # document of docs/contracts.md that the tests read.
    assert json.loads(dumps(demo_plans.GT_PLAN)) == json.loads(gt_plan_text())
    seed_plans()
    assert export_plan(code="MT-SALESMAN")["rules"][2]["tiers"] == [{"from": 5, "amount": 2000000}]
    assert MT_PLAN["applies_to"] == {"role": "salesman", "channel": "MT"}


def test_the_contract_shows_the_gt_plan_the_tests_read():
    contracts = Path(__file__).resolve().parents[2] / "docs" / "contracts.md"
    section = contracts.read_text().split("## Incentive plan JSON", 1)[1]
    example = section.split("```json", 1)[1].split("```", 1)[0]
    assert json.loads(example) == gt_plan()


@pytest.mark.django_db
def test_service_refuses_an_invalid_document_with_problems():
    with pytest.raises(PlanInvalid) as error:
        import_plan(document={"code": "X"}, by=None)
    paths = {problem.path for problem in error.value.problems}
    assert {"name", "applies_to", "valid_from", "rules"} <= paths

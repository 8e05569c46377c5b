"""The rule-type registry (incentives/engine/): every rule type looked up by name, its flags, its
next threshold and its words in both languages; and the pages that read the flags.

Amounts and thresholds are worked by hand in the comments."""

import copy
import html as html_lib
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import translation

from incentives import engine
from incentives.dashboard import next_tiers
from incentives.models import LineType, PayoutLine
from incentives.payouts.explain import explain
from incentives.payouts.selectors import explained, reached_text
from incentives.plans.forms import RULE_FORMS, RULE_TYPE_LABELS

JUNE = date(2026, 6, 1)

# One rule of each type; level 2 pays × 1.5.
PLAN = {
    "code": "REG",
    "name": "Registry",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {"2": D("1.5")},
    "rules": [
        {
            "code": "noo",
            "label": "New outlets",
            "type": "tiers",
            "kpi": "new_outlets",
            "basis": "actual",
            "tiers": [{"from": 20, "amount": 200000}, {"from": 30, "amount": 400000}],
        },
        {
            "code": "rev-step",
            "label": "Revenue steps",
            "type": "step",
            "kpi": "revenue",
            "basis": "attainment",
            "start": 100,
            "every": 10,
            "amount": 500000,
            "max_steps": 3,
        },
        {
            "code": "vol",
            "label": "Volume",
            "type": "per_unit",
            "kpi": "volume",
            "basis": "actual",
            "start": 100,
            "amount": 1500,
            "max_amount": 600000,
        },
        {
            "code": "comm",
            "label": "Commission",
            "type": "rate",
            "kpi": "sales",
            "basis": "actual",
            "mode": "marginal",
            "tiers": [{"from": 0, "rate": D("0.5")}, {"from": 500000000, "rate": 1}],
        },
        {
            "code": "okr",
            "label": "Distribution OKR",
            "type": "okr_bonus",
            "objective": "O1",
            "min_score": D("0.7"),
            "amount": 1000000,
        },
        {
            "code": "top",
            "label": "Top seller",
            "type": "ranking",
            "metric": "revenue",
            "window": "month",
            "scope": "team",
            "amounts": [300000, 150000],
        },
        {
            "code": "trip",
            "label": "Trip",
            "type": "reward",
            "basis": "total_score",
            "tiers": [{"from": 100, "reward": "Trip to Bali"}],
        },
    ],
}
FACTS = engine.Facts(
    month=JUNE,
    level=2,
    kpis={
        "new_outlets": engine.KpiFact(D(35)),
        "revenue": engine.KpiFact(D(550000000), D(125)),
        "volume": engine.KpiFact(D(209)),
        "sales": engine.KpiFact(D(550000000)),
    },
    total_score=D("112.22"),
    okr={"O1": engine.OkrOutcome(D("0.8"), JUNE, True)},
    rankings={"top": engine.RankingFact(2, D(400), 5)},
)


def lines(plan=PLAN, facts=FACTS) -> dict:
    return {line.rule: line for line in engine.evaluate(engine.parse_plan(plan), facts).lines}


def stored(line: engine.Line) -> PayoutLine:
    data = line.as_dict()
    return PayoutLine(
        type=data["type"],
        reached=data["reached"],
        detail=data["detail"],
        value=line.value,
        amount=line.amount or 0,
        multiplier=line.multiplier or 1,
    )


# ---------------------------------------------------------------------------------------------
# The registry


def test_the_registry_holds_the_contracts_rule_types_in_its_order():
    assert list(engine.RULE_TYPES) == [
        "tiers",
        "step",
        "per_unit",
        "rate",
        "okr_bonus",
        "ranking",
        "reward",
    ]
    assert engine.rule_type("step") is engine.RULE_TYPES["step"]
    with pytest.raises(KeyError):
        engine.rule_type("bonus")


def test_the_flags_of_each_rule_type():
    assert engine.names(multiplied=True) == ("tiers", "step", "per_unit", "rate")
    assert engine.names(gated=True) == ("tiers", "step", "per_unit", "rate", "reward")
    assert engine.names(gated=False) == ("okr_bonus", "ranking")
    assert engine.names(cash=False) == ("reward",)
    # Plan "proration": "working_days" scales these (docs/contracts.md "People over time").
    assert engine.names(prorated=True) == ("tiers", "step", "per_unit")
    assert engine.names(prorated=False) == ("rate", "okr_bonus", "ranking", "reward")


def test_each_rule_type_has_its_editor_form_line_type_and_summary():
    assert set(RULE_FORMS) == set(engine.RULE_TYPES)
    with translation.override("en"):
        for name, kind in engine.RULE_TYPES.items():
            assert RULE_FORMS[name].rule_type == name
            assert LineType(name).label == kind.title
            assert str(RULE_TYPE_LABELS[name]) == kind.summary
            assert RULE_FORMS[name].has_tiers() == ("tiers" in kind.keys)
    with translation.override("id"):
        assert LineType("step").label == "Kelipatan"


def test_the_document_keys_of_each_rule_type():
    keys = {name: kind.keys for name, kind in engine.RULE_TYPES.items()}
    assert keys == {
        "tiers": ("kpi", "basis", "tiers"),
        "step": ("kpi", "basis", "start", "every", "amount", "max_steps"),
        "per_unit": ("kpi", "basis", "start", "amount", "max_amount"),
        "rate": ("kpi", "basis", "mode", "tiers"),
        "okr_bonus": ("objective", "min_score", "amount"),
        "ranking": ("metric", "window", "scope", "amounts"),
        "reward": ("kpi", "basis", "tiers"),
    }
    assert engine.rule_type("step").optional == {"max_steps"}
    assert engine.rule_type("per_unit").optional == {"max_amount"}
    assert engine.rule_type("rate").bases == ("actual",)


# ---------------------------------------------------------------------------------------------
# Evaluation through the registry


def test_one_line_of_each_type_worked_by_hand():
    got = lines()
    amounts = {code: line.amount for code, line in got.items()}
    assert amounts == {
        "noo": D(600000),  # 35 ≥ 30: 400.000 × 1.5
        "rev-step": D(1500000),  # 125%: 2 full steps of 10 above 100 → 2 × 500.000 × 1.5
        "vol": D(245250),  # 109 units above 100 × 1.500 = 163.500 × 1.5
        "comm": D(4500000),  # 500 jt × 0.5% + 50 jt × 1% = 3.000.000 × 1.5
        "okr": D(1000000),  # 0.8 ≥ 0.7, not multiplied
        "top": D(150000),  # rank 2, not multiplied
        "trip": None,  # a reward has no amount
    }
    assert got["trip"].reward == "Trip to Bali"
    assert [got[c].multiplier for c in ("noo", "rev-step", "vol", "comm")] == [D("1.5")] * 4
    assert got["okr"].multiplier is None and got["top"].multiplier is None


# ---------------------------------------------------------------------------------------------
# Next threshold ("what is needed for the next tier")

STEP = engine.Rule(
    code="s",
    label="S",
    type="step",
    kpi="new_outlets",
    basis="actual",
    start=D(10),
    every=D(5),
    amount=D(200000),
    max_steps=3,
)


@pytest.mark.parametrize(
    "value, threshold, amount",
    [
        (D(0), D(15), D(200000)),  # below the start: the first step at 10 + 5
        (D(10), D(15), D(200000)),  # at the start: still no step
        (D("14.99"), D(15), D(200000)),
        (D(15), D(20), D(400000)),  # 1 step paid: the 2nd at 20 pays 2 × 200.000
        (D(24), D(25), D(600000)),  # 2 steps: the 3rd (the last allowed) at 25
        # 3 steps = max_steps: nothing more to reach (a `>` instead of `>=` would offer a 4th
        # step at 30 that the rule never pays).
        (D(25), None, None),
        (D(29), None, None),
        (D(40), None, None),
    ],
)
def test_step_next_threshold_up_to_max_steps(value, threshold, amount):
    upcoming = engine.rule_type("step").next_threshold(STEP, value)
    if threshold is None:
        assert upcoming is None
    else:
        assert (upcoming.value, upcoming.amount, upcoming.reward) == (threshold, amount, "")


def test_step_next_threshold_without_max_steps():
    upcoming = engine.rule_type("step").next_threshold(replace(STEP, max_steps=None), D(1000))
    # (1000 − 10) / 5 = 198 steps; the 199th at 10 + 199 × 5 = 1005 pays 199 × 200.000.
    assert (upcoming.value, upcoming.amount) == (D(1005), D(39800000))


@pytest.mark.parametrize(
    "value, threshold, amount",
    [
        (D(0), D(20), D(200000)),
        (D(20), D(30), D(400000)),  # at a tier's from, the next one is the higher tier
        (D("29.9"), D(30), D(400000)),
        (D(30), None, None),  # the top tier is reached
    ],
)
def test_tiers_next_threshold(value, threshold, amount):
    rule = engine.parse_plan(PLAN).rules[0]
    upcoming = engine.rule_type("tiers").next_threshold(rule, value)
    if threshold is None:
        assert upcoming is None
    else:
        assert (upcoming.value, upcoming.amount) == (threshold, amount)


def test_reward_next_threshold_names_the_reward_and_no_amount():
    rule = engine.parse_plan(PLAN).rules[6]
    upcoming = engine.rule_type("reward").next_threshold(rule, D(99))
    assert (upcoming.value, upcoming.amount, upcoming.reward) == (D(100), None, "Trip to Bali")
    assert engine.rule_type("reward").next_threshold(rule, D(100)) is None


@pytest.mark.parametrize("index", [2, 3, 4, 5])
def test_per_unit_rate_okr_and_ranking_have_no_next_threshold(index):
    rule = engine.parse_plan(PLAN).rules[index]
    for value in (D(0), D(150), D(10**9)):
        assert engine.rule_type(rule.type).next_threshold(rule, value) is None


def _row(target, actual, *, direction="higher", unit="Rp", name="Revenue"):
    return SimpleNamespace(
        target=D(target), actual=D(actual), direction=direction, unit=unit, kpi_name=name
    )


def test_the_home_panel_reads_the_next_step_up_to_max_steps():
    plan = engine.parse_plan(
        {
            **PLAN,
            "rules": [{**PLAN["rules"][1], "max_steps": 2}, PLAN["rules"][0], PLAN["rules"][2]],
        }
    )
    facts = engine.Facts(month=JUNE, level=2)
    rows = {
        # 560 jt of 500 jt = 112%: 1 step; the 2nd at 120% = 600 jt, 40 jt more, pays
        # 2 × 500.000 × 1.5.
        "revenue": _row(500_000_000, 560_000_000),
        # 25 new outlets: the tier from 30 is 5 more and pays 400.000 × 1.5.
        "new_outlets": _row(30, 25, unit="outlet", name="New outlets"),
        "volume": _row(100, 150, unit="carton", name="Volume"),
    }
    upcoming = {t.rule: t for t in next_tiers(plan, facts, rows, D(100))}
    assert set(upcoming) == {"rev-step", "noo"}  # per_unit never has a next threshold
    assert (upcoming["rev-step"].needed, upcoming["rev-step"].amount) == (
        D(40_000_000),
        D(1_500_000),
    )
    assert (upcoming["noo"].needed, upcoming["noo"].amount) == (D(5), D(600_000))
    # At 120% both allowed steps are paid: nothing more to reach.
    rows["revenue"] = _row(500_000_000, 600_000_000)
    assert "rev-step" not in {t.rule for t in next_tiers(plan, facts, rows, D(100))}


def test_the_home_panel_skips_an_attainment_goal_of_a_lower_is_better_kpi():
    plan = engine.parse_plan({**PLAN, "rules": [PLAN["rules"][1]]})
    rows = {"revenue": _row(500_000_000, 450_000_000, direction="lower")}
    assert next_tiers(plan, engine.Facts(month=JUNE), rows, None) == []


# ---------------------------------------------------------------------------------------------
# Words in both languages

PAID_WORDS = {
    # rule: (English from the rule type, Indonesian on the pages, reached id, reached en); one
    # notation per language (English: Rp 600,000 and 0.5, was Rp 600.000 and 0,5 in English)
    "noo": (
        "New outlets: new_outlets actual 35; tier from 30 reached; level 2 multiplier × 1.5: "
        "Rp 600,000.",
        "New outlets: new_outlets aktual 35; tingkatan dari 30 tercapai; pengali level 2 × 1,5: "
        "Rp 600.000.",
        "dari 30",
        "from 30",
    ),
    "rev-step": (
        "Revenue steps: revenue attainment 125%; 2 full step(s) of 10 above 100; level 2 "
        "multiplier × 1.5: Rp 1,500,000.",
        "Revenue steps: pencapaian revenue 125%; 2 kelipatan penuh 10 di atas 100; pengali "
        "level 2 × 1,5: Rp 1.500.000.",
        "2 kelipatan",
        "2 steps",
    ),
    "vol": (
        "Volume: volume actual 209; 109 unit(s) above 100; level 2 multiplier × 1.5: Rp 245,250.",
        "Volume: volume aktual 209; 109 unit di atas 100; pengali level 2 × 1,5: Rp 245.250.",
        "109 unit",
        "109 units",
    ),
    "comm": (
        "Commission: sales actual 550,000,000; marginal: 0.5% of 500,000,000; 1% of "
        "50,000,000; level 2 multiplier × 1.5: Rp 4,500,000.",
        "Commission: sales aktual 550.000.000; marginal: 0,5% dari 500.000.000; 1% dari "
        "50.000.000; pengali level 2 × 1,5: Rp 4.500.000.",
        "0,5% atas 500.000.000, 1% atas 50.000.000",
        "0.5% on 500,000,000, 1% on 50,000,000",
    ),
    "okr": (
        "Distribution OKR: objective O1 ended with score 0.8 ≥ 0.7: Rp 1,000,000.",
        "Distribution OKR: objective O1 berakhir dengan skor 0,8 ≥ 0,7: Rp 1.000.000.",
        "skor 0,8",
        "score 0.8",
    ),
    "top": (
        "Top seller: rank 2 of 5 by revenue: Rp 150,000.",
        "Top seller: peringkat 2 dari 5 menurut revenue: Rp 150.000.",
        "peringkat 2",
        "rank 2",
    ),
    "trip": (
        "Trip: total score 112.22; tier from 100 reached: Trip to Bali.",
        "Trip: skor total 112,22; tingkatan dari 100 tercapai: Trip to Bali.",
        "dari 100",
        "from 100",
    ),
}


@pytest.mark.parametrize("code", list(PAID_WORDS))
def test_a_paid_line_of_each_type_explains_itself_in_both_languages(code):
    line = lines()[code]
    english, indonesian, reached_id, reached_en = PAID_WORDS[code]
    kind = engine.rule_type(line.type)
    # The rule type alone (no Django) speaks English; the pages speak the reader's language.
    assert kind.explain(line) == english
    assert kind.explain(line.as_dict()) == english
    with translation.override("id"):
        assert explain(line) == indonesian
        assert explain(line.as_dict()) == indonesian
        assert reached_text(stored(line)) == reached_id
    with translation.override("en"):
        # In English the page shows the engine's stored sentence, which says more.
        assert explain(line) == line.explanation
        assert reached_text(stored(line)) == reached_en


def test_every_rule_type_is_covered_by_the_words_test():
    assert {lines()[code].type for code in PAID_WORDS} == set(engine.RULE_TYPES)


def _unpaid_lines():
    gated = copy.deepcopy(PLAN)
    gated["gate_total_score"] = 120
    facts = engine.Facts(
        month=JUNE,
        level=3,  # not listed: × 1
        kpis={
            "new_outlets": engine.KpiFact(D(15)),
            "revenue": engine.KpiFact(D(750000000), D(150)),
        },
        total_score=D("112.22"),
        okr={"O1": engine.OkrOutcome(D("0.8"), date(2026, 9, 1), True)},
        rankings={"top": engine.RankingFact(3, D(100), 5)},
    )
    ungated = lines(PLAN, facts)
    return lines(gated, facts), ungated


UNPAID_WORDS = [
    # (gated plan?, rule, status, English, Indonesian)
    (
        True,
        "rev-step",
        engine.GATE,
        "Revenue steps: revenue attainment 150%; gate not reached, pays nothing.",
        "Revenue steps: pencapaian revenue 150%; gerbang tidak tercapai, tidak dibayar.",
    ),
    (
        True,
        "trip",
        engine.GATE,
        "Trip: total score 112.22; gate not reached, pays nothing.",
        "Trip: skor total 112,22; gerbang tidak tercapai, tidak dibayar.",
    ),
    (
        False,
        "noo",
        engine.NOT_REACHED,
        "New outlets: new_outlets actual 15; not reached, pays nothing.",
        "New outlets: new_outlets aktual 15; tidak tercapai, tidak dibayar.",
    ),
    (
        False,
        # 150%: 5 full steps, 3 paid; level 3 is not listed.
        "rev-step",
        engine.PAID,
        "Revenue steps: revenue attainment 150%; 3 full step(s) of 10 above 100 (limited to 3); "
        "multiplier × 1: Rp 1,500,000.",
        "Revenue steps: pencapaian revenue 150%; 3 kelipatan penuh 10 di atas 100 (dibatasi 3); "
        "pengali × 1: Rp 1.500.000.",
    ),
    (
        False,
        "vol",
        engine.NO_DATA,
        "Volume: no data this month, pays nothing.",
        "Volume: tidak ada data bulan ini, tidak dibayar.",
    ),
    (
        False,
        "okr",
        engine.NOT_DUE,
        "Distribution OKR: pays in September 2026, when the objective's cycle ends.",
        "Distribution OKR: dibayar pada September 2026, saat siklus objective berakhir.",
    ),
    (
        False,
        "top",
        engine.NOT_REACHED,
        "Top seller: rank 3 of 5 by revenue, not a paid rank.",
        "Top seller: peringkat 3 dari 5 menurut revenue, bukan peringkat yang dibayar.",
    ),
]


@pytest.mark.parametrize("gated, code, status, english, indonesian", UNPAID_WORDS)
def test_gated_unreached_limited_missing_and_not_due_lines_in_both_languages(
    gated, code, status, english, indonesian
):
    gated_lines, ungated_lines = _unpaid_lines()
    line = (gated_lines if gated else ungated_lines)[code]
    assert line.status == status
    assert engine.rule_type(line.type).explain(line) == english
    with translation.override("id"):
        assert explain(line.as_dict()) == indonesian


def test_the_plan_page_summary_of_each_type_in_both_languages():
    from incentives.plans.views import describe_rule

    rules = {rule["code"]: rule for rule in PLAN["rules"]}
    with translation.override("en"):
        assert describe_rule(rules["rev-step"]) == (
            "revenue (attainment): Rp 500,000 per full 10 above 100 (at most 3 steps)"
        )
        assert describe_rule(rules["trip"]) == "total score: ≥ 100: Trip to Bali"
    with translation.override("id"):
        assert describe_rule(rules["rev-step"]) == (
            "revenue (pencapaian): Rp 500.000 per kelipatan penuh 10 di atas 100 "
            "(paling banyak 3 kelipatan)"
        )


# ---------------------------------------------------------------------------------------------
# The flags on the pages


@pytest.mark.parametrize("line_type", [*engine.RULE_TYPES, "cap", "adjustment"])
def test_a_stored_line_is_marked_multiplied_by_its_rule_types_flag(line_type):
    line = explained(PayoutLine(type=line_type, reached="", detail={}, amount=0))
    expected = line_type in engine.RULE_TYPES and engine.rule_type(line_type).multiplied
    assert line.multiplied is expected
    assert line.multiplied is (line_type in ("tiers", "step", "per_unit", "rate"))


def _cells(html: str, rule_code: str) -> list[str]:
    """The run page's cells of the line of `rule_code`."""
    row = html.split(f'<span class="text-body-secondary small">{rule_code}</span>')[1]
    row = row.split("</tr>")[0]
    return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]


def _text(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.django_db
def test_step_lines_show_the_level_multiplier_on_the_run_page_and_statement(world):
    """Andi at level 2 (× 1.5) under the GT plan plus a ranking: the step line (1 step of
    500.000 at 110%) pays 750.000 and shows × 1,50; the ranking line pays its 300.000
    unmultiplied and shows no multiplier."""
    from incentives.demo_plans import GT_PLAN
    from incentives.payouts.services import close_period
    from incentives.plans.documents import import_plan
    from kpi.documents import save_template_document
    from org.models import Salesman
    from tests.incentives.payout_factories import field_month, targets
    from tests.kpi.factories import gt_document

    save_template_document(document=gt_document(), by=None)
    plan = copy.deepcopy(GT_PLAN)
    plan["level_multipliers"] = {"2": D("1.5")}
    plan["rules"].append(
        {
            "code": "top-rev",
            "label": "Top revenue",
            "type": "ranking",
            "metric": "revenue",
            "window": "month",
            "scope": "team",
            "amounts": [300000],
        }
    )
    import_plan(document=plan, by=None)
    Salesman.objects.filter(pk=world.andi.pk).update(level=2)
    field_month(world.andi)
    targets(world.andi)
    close_period(month=JUNE)

    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.hr)
    run = client.get("/incentives/runs/2026-06/").content.decode()
    step = _cells(run, "rev-step")
    assert "× 1,50" in step and "Rp 750.000" in step
    ranking = _cells(run, "top-rev")
    assert "Rp 300.000" in ranking and "–" in ranking and not any("×" in c for c in ranking)

    page = client.get("/incentives/statements/A1/2026-06/").content.decode()
    items = {
        m.group(1): m.group(2)
        for m in re.finditer(r'data-rule="([^"]+)">(.*?)</li>', page, flags=re.S)
    }
    assert "line-multiplier" in items["rev-step"] and "× 1,50" in items["rev-step"]
    assert "line-multiplier" not in items["top-rev"]


# ---------------------------------------------------------------------------------------------
# A new rule type is one module


class Flat(engine.RuleType):
    """A rule type as a new module would write it: a fixed amount, multiplied, not gated."""

    name = "flat"
    order = 80
    title = "Flat"
    summary = "Flat: a fixed amount"
    english_name = "flat"
    keys = ("amount",)
    editor = (engine.EditorField("amount", "integer", "Amount (Rp)", min_value=0),)
    multiplied = True

    def validate(self, check, path, rule):
        check.number(f"{path}.amount", rule, "amount", minimum=0, whole=True)

    def line(self, rule, plan, facts, gate):
        multiplier, _listed = plan.multiplier_for(facts.level)
        amount = rule.amount * multiplier
        return engine.Line(
            rule=rule.code,
            label=rule.label,
            type=rule.type,
            basis=None,
            kpi=None,
            value=None,
            status=engine.PAID,
            reached="",
            detail={},
            multiplier=multiplier,
            amount=amount,
            explanation=f"{rule.label}: {amount}.",
        )

    def explain(self, line, say=engine.ENGLISH):
        return say.gettext("%(label)s: a fixed %(amount)s.") % {
            "label": engine.base.get(line, "label"),
            "amount": say.rupiah(engine.base.get(line, "amount")),
        }


@pytest.fixture
def flat(monkeypatch):
    monkeypatch.setitem(engine.RULE_TYPES, "flat", Flat())


def test_a_registered_rule_type_is_validated_edited_evaluated_and_explained(flat):
    from incentives.plans.documents import validate_plan
    from incentives.plans.forms import rule_form_class

    rule = {"code": "f", "label": "Fixed", "type": "flat", "amount": 250000}
    document, problems = validate_plan(
        {**PLAN, "rules": [rule]}, kpi_codes=set(), metric_codes=set()
    )
    assert problems == []
    assert document["rules"] == [rule]
    _document, problems = validate_plan(
        {**PLAN, "rules": [{**rule, "amount": -1, "tiers": []}]},
        kpi_codes=set(),
        metric_codes=set(),
    )
    assert [str(p) for p in problems] == [
        "rules[0].tiers: unknown key",
        "rules[0].amount: must be at least 0",
    ]
    form = rule_form_class("flat")(
        {"rule-code": "f", "rule-label": "Fixed", "rule-amount": "250000"}, prefix="rule"
    )
    assert form.is_valid() and form.rule() == rule
    (line,) = engine.evaluate(engine.parse_plan(document), engine.Facts(month=JUNE, level=2)).lines
    assert line.amount == D(375000)  # 250.000 × 1.5
    assert explained(stored(line)).multiplied is True
    with translation.override("en"):
        assert explain(line.as_dict() | {"explanation": ""}) == "Fixed: a fixed Rp 375,000."

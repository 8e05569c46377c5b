"""The pure rule engine, with values computed by hand."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from incentives import engine
from incentives.engine import Facts, KpiFact, OkrOutcome, RankingFact, evaluate, parse_plan, rank
from tests.incentives.gt_plan import gt_plan as gt_plan_document

JUNE = date(2026, 6, 1)


def gt_plan():
    return parse_plan(gt_plan_document(decimals=True))


def plan_with(*rule_docs, **header):
    document = {
        "code": "T",
        "name": "Test",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "valid_from": "2026-01-01",
        "valid_to": None,
        "gate_total_score": None,
        "cap": None,
        "level_multipliers": {},
        "rules": list(rule_docs),
    }
    document.update(header)
    return parse_plan(document)


def tiers_rule(code="t", kpi="new_outlets", basis="actual", tiers=((20, 200000), (30, 400000))):
    return {
        "code": code,
        "label": code,
        "type": "tiers",
        "kpi": kpi,
        "basis": basis,
        "tiers": [{"from": f, "amount": a} for f, a in tiers],
    }


def facts(month=JUNE, level=1, total_score=None, **kpis):
    return Facts(
        month=month,
        level=level,
        total_score=total_score,
        kpis={code: KpiFact(*values) for code, values in kpis.items()},
    )


def only_line(statement):
    assert len(statement.lines) == 1
    return statement.lines[0]


# --- Andi -------------------------------------------------------------------------------------


def andi_facts(**overrides):
    values = {
        "revenue": (D(550_000_000), D(110)),
        "new_outlets": (D(35), D("116.6666666666666666666666667")),
        "visits_per_day": (D(20), D("111.1111111111111111111111111")),
    }
    values.update(overrides)
    return facts(**values)


def test_andi_gt_plan_pays_3_400_000_in_four_lines():
    statement = evaluate(gt_plan(), andi_facts())
    assert [(line.rule, line.amount) for line in statement.lines] == [
        ("rev-full", D(2_000_000)),
        ("rev-step", D(500_000)),
        ("new-outlets", D(400_000)),
        ("visits", D(500_000)),
    ]
    assert statement.total == D(3_400_000)
    rev_step = statement.lines[1]
    assert rev_step.value == D(110)
    assert rev_step.detail["steps"] == 1
    assert rev_step.reached == "1 step"
    assert statement.lines[2].reached == "from 30"
    assert statement.lines[2].detail["tier_from"] == D(30)
    assert "reached the tier from 30" in statement.lines[2].explanation
    assert statement.gate is None
    assert statement.rewards == ()


# --- tiers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "amount", "reached"),
    [
        (D("19.99"), D(0), ""),  # just below the first tier
        (D(20), D(200_000), "from 20"),  # exactly at the first tier's from
        (D("29.99"), D(200_000), "from 20"),
        (D(30), D(400_000), "from 30"),  # exactly at the highest tier
        (D(500), D(400_000), "from 30"),
    ],
)
def test_tiers_pay_the_highest_tier_reached(value, amount, reached):
    line = only_line(evaluate(plan_with(tiers_rule()), facts(new_outlets=(value, None))))
    assert line.amount == amount
    assert line.reached == reached
    assert line.status == (engine.PAID if amount else engine.NOT_REACHED)


def test_revenue_attainment_just_below_100_pays_nothing():
    plan = gt_plan()
    statement = evaluate(plan, andi_facts(revenue=(D(499_999_950), D("99.99999"))))
    assert statement.lines[0].amount == D(0)
    assert statement.lines[1].amount == D(0)  # not above the step's start either
    assert statement.total == D(900_000)


def test_tiers_on_total_score_basis():
    rule = {
        "code": "ts",
        "label": "Total score",
        "type": "tiers",
        "basis": "total_score",
        "tiers": [{"from": 100, "amount": 750000}],
    }
    assert only_line(evaluate(plan_with(rule), facts(total_score=D("100.00")))).amount == D(750_000)
    assert only_line(evaluate(plan_with(rule), facts(total_score=D("99.99")))).amount == D(0)
    line = only_line(evaluate(plan_with(rule), facts(total_score=None)))
    assert line.status == engine.NO_DATA and line.amount == D(0)


def test_a_value_with_no_data_pays_nothing_and_says_so():
    line = only_line(evaluate(plan_with(tiers_rule()), facts(new_outlets=(None, None))))
    assert line.status == engine.NO_DATA
    assert line.amount == D(0)
    assert "no data" in line.explanation


def test_kpi_missing_from_scorecard_is_no_data_for_attainment():
    rule = tiers_rule(kpi="revenue", basis="attainment", tiers=((100, 2000000),))
    line = only_line(evaluate(plan_with(rule), facts()))
    assert line.status == engine.NO_DATA
    assert "not on the scorecard" in line.explanation


def test_actual_basis_falls_back_to_a_metric_of_the_catalogue():
    plan = plan_with(tiers_rule(kpi="active_outlets", tiers=((100, 300000),)))
    line = only_line(
        evaluate(plan, Facts(month=JUNE, metrics={"active_outlets": D(120), "orders": D(1)}))
    )
    assert line.amount == D(300_000)
    line = only_line(evaluate(plan, Facts(month=JUNE, metrics={"active_outlets": None})))
    assert line.status == engine.NO_DATA


# --- step -------------------------------------------------------------------------------------


def step_rule(max_steps=None):
    rule = {
        "code": "s",
        "label": "step",
        "type": "step",
        "kpi": "revenue",
        "basis": "attainment",
        "start": 100,
        "every": 10,
        "amount": 500000,
    }
    if max_steps is not None:
        rule["max_steps"] = max_steps
    return rule


@pytest.mark.parametrize(
    ("attainment", "steps", "amount"),
    [
        (D(100), 0, D(0)),  # at start: nothing
        (D("109.99"), 0, D(0)),  # not a full step
        (D(110), 1, D(500_000)),
        (D("129.5"), 2, D(1_000_000)),
        (D(160), 6, D(3_000_000)),
    ],
)
def test_step_pays_each_full_step_above_start(attainment, steps, amount):
    line = only_line(evaluate(plan_with(step_rule()), facts(revenue=(D(1), attainment))))
    assert line.detail["steps"] == steps
    assert line.amount == amount


def test_step_max_steps_limits_the_steps():
    line = only_line(evaluate(plan_with(step_rule(max_steps=3)), facts(revenue=(D(1), D(160)))))
    assert line.detail["steps_reached"] == 6
    assert line.detail["steps"] == 3
    assert line.amount == D(1_500_000)
    assert "max_steps 3" in line.explanation


# --- per_unit ---------------------------------------------------------------------------------


def per_unit_rule(max_amount=None):
    rule = {
        "code": "u",
        "label": "Each outlet above 20",
        "type": "per_unit",
        "kpi": "new_outlets",
        "basis": "actual",
        "start": 20,
        "amount": 25000,
    }
    if max_amount is not None:
        rule["max_amount"] = max_amount
    return rule


def test_per_unit_pays_each_unit_above_start():
    line = only_line(evaluate(plan_with(per_unit_rule()), facts(new_outlets=(D(35), None))))
    assert line.detail["units"] == D(15)
    assert line.amount == D(375_000)
    at_start = only_line(evaluate(plan_with(per_unit_rule()), facts(new_outlets=(D(20), None))))
    assert at_start.amount == D(0)


def test_per_unit_max_amount_limits_the_amount_before_the_multiplier():
    plan = plan_with(per_unit_rule(max_amount=300000), level_multipliers={"2": D("1.1")})
    line = only_line(evaluate(plan, facts(new_outlets=(D(35), None))))
    assert line.amount == D(300_000)
    line = only_line(evaluate(plan, facts(level=2, new_outlets=(D(35), None))))
    assert line.amount == D(330_000)  # 300,000 (max_amount) × 1.1
    assert "before the level multiplier" in line.explanation


# --- rate -------------------------------------------------------------------------------------


def rate_rule(mode):
    return {
        "code": "c",
        "label": "Commission",
        "type": "rate",
        "kpi": "revenue",
        "basis": "actual",
        "mode": mode,
        "tiers": [{"from": 0, "rate": D("0.5")}, {"from": 500000000, "rate": D("1.0")}],
    }


def test_rate_retroactive_applies_the_highest_rate_to_the_whole_value():
    line = only_line(
        evaluate(plan_with(rate_rule("retroactive")), facts(revenue=(D(550_000_000), None)))
    )
    assert line.amount == D(5_500_000)
    assert line.detail["rate"] == D("1.0")


def test_rate_marginal_pays_each_band_at_its_rate():
    line = only_line(
        evaluate(plan_with(rate_rule("marginal")), facts(revenue=(D(550_000_000), None)))
    )
    assert line.amount == D(3_000_000)  # 500,000,000 × 0.5% + 50,000,000 × 1.0%
    assert [(b["base"], b["amount"]) for b in line.detail["bands"]] == [
        (D(500_000_000), D(2_500_000)),
        (D(50_000_000), D(500_000)),
    ]


def test_rate_rounds_half_up_to_whole_rupiah():
    # 100,001 × 0.5% = 500.005 → 500; 100,100 × 0.5% = 500.5 → 501 (half up, not half even)
    plan = plan_with(rate_rule("retroactive"))
    assert only_line(evaluate(plan, facts(revenue=(D(100_001), None)))).amount == D(500)
    assert only_line(evaluate(plan, facts(revenue=(D(100_100), None)))).amount == D(501)
    assert only_line(evaluate(plan, facts(revenue=(D(100_300), None)))).amount == D(502)


# --- gate -------------------------------------------------------------------------------------


def gated_plan():
    okr = {
        "code": "okr",
        "label": "OKR",
        "type": "okr_bonus",
        "objective": "O1",
        "min_score": D("0.7"),
        "amount": 1000000,
    }
    reward = {
        "code": "trip",
        "label": "Trip",
        "type": "reward",
        "kpi": "revenue",
        "basis": "attainment",
        "tiers": [{"from": 105, "reward": "Trip ke Bali"}],
    }
    return plan_with(
        tiers_rule(kpi="revenue", basis="attainment", tiers=((100, 2000000),)),
        reward,
        okr,
        gate_total_score=D(90),
    )


def gate_facts(total_score):
    return Facts(
        month=JUNE,
        total_score=total_score,
        kpis={"revenue": KpiFact(D(1), D(110))},
        okr={"O1": OkrOutcome(D("0.8"), JUNE, True)},
    )


def test_below_the_gate_only_okr_and_ranking_pay():
    statement = evaluate(gated_plan(), gate_facts(D("89.99")))
    tiers, reward, okr = statement.lines
    assert tiers.status == engine.GATE and tiers.amount == D(0)
    assert "gate not reached" in tiers.explanation
    assert reward.status == engine.GATE and reward.reward == ""
    assert okr.amount == D(1_000_000)
    assert statement.total == D(1_000_000)
    assert statement.gate.reached is False
    assert statement.rewards == ()


def test_exactly_at_the_gate_every_rule_pays():
    statement = evaluate(gated_plan(), gate_facts(D(90)))
    assert [line.amount for line in statement.lines] == [D(2_000_000), None, D(1_000_000)]
    assert statement.rewards == ("Trip ke Bali",)
    assert statement.total == D(3_000_000)
    assert statement.gate.reached is True


def test_no_total_score_means_the_gate_is_not_reached():
    statement = evaluate(gated_plan(), gate_facts(None))
    assert statement.lines[0].status == engine.GATE


# --- reward -----------------------------------------------------------------------------------


def test_reward_names_the_highest_tier_reached_without_an_amount():
    rule = {
        "code": "r",
        "label": "Rewards",
        "type": "reward",
        "kpi": "revenue",
        "basis": "attainment",
        "tiers": [{"from": 115, "reward": "Gadget"}, {"from": 130, "reward": "Trip ke Bali"}],
    }
    line = only_line(evaluate(plan_with(rule), facts(revenue=(D(1), D(131)))))
    assert (line.reward, line.amount, line.reached) == ("Trip ke Bali", None, "from 130")
    line = only_line(evaluate(plan_with(rule), facts(revenue=(D(1), D("114.9")))))
    assert (line.reward, line.amount, line.status) == ("", None, engine.NOT_REACHED)


# --- multipliers ------------------------------------------------------------------------------


def test_level_multiplier_touches_tiers_step_per_unit_and_rate_only():
    plan = plan_with(
        tiers_rule(kpi="revenue", basis="attainment", tiers=((100, 2000000),)),
        step_rule(),
        {
            "code": "okr",
            "label": "OKR",
            "type": "okr_bonus",
            "objective": "O1",
            "min_score": D("0.7"),
            "amount": 1000000,
        },
        level_multipliers={"1": D("1.0"), "2": D("1.15")},
    )
    person = Facts(
        month=JUNE,
        level=2,
        kpis={"revenue": KpiFact(D(1), D(110))},
        okr={"O1": OkrOutcome(D("0.9"), JUNE, True)},
    )
    statement = evaluate(plan, person)
    assert [line.amount for line in statement.lines] == [
        D(2_300_000),  # 2,000,000 × 1.15
        D(575_000),  # 500,000 × 1.15
        D(1_000_000),  # not multiplied
    ]
    assert statement.lines[0].multiplier == D("1.15")
    assert statement.lines[2].multiplier is None
    assert "level 2 multiplier × 1.15" in statement.lines[0].explanation
    assert statement.total == D(3_875_000)


def test_a_level_not_listed_multiplies_by_one():
    plan = plan_with(tiers_rule(), level_multipliers={"2": D("1.5")})
    line = only_line(evaluate(plan, facts(level=3, new_outlets=(D(30), None))))
    assert line.amount == D(400_000)
    assert line.multiplier == D(1)
    assert "level 3 not listed" in line.explanation


def test_multiplied_amount_is_rounded_half_up_after_multiplying():
    # 333,333 × 1.5 = 499,999.5 → 500,000
    plan = plan_with(tiers_rule(tiers=((1, 333333),)), level_multipliers={"2": D("1.5")})
    line = only_line(evaluate(plan, facts(level=2, new_outlets=(D(1), None))))
    assert line.amount == D(500_000)


# --- cap --------------------------------------------------------------------------------------


def test_plan_cap_adds_a_negative_cap_line():
    plan = parse_plan({**gt_plan_document(), "cap": 3000000})
    statement = evaluate(plan, andi_facts())
    cap = statement.lines[-1]
    assert (cap.rule, cap.type, cap.amount) == ("cap", "cap", D(-400_000))
    assert cap.value == D(3_400_000)
    assert statement.total == D(3_000_000)


def test_plan_cap_not_exceeded_adds_no_line():
    plan = parse_plan({**gt_plan_document(), "cap": 3400000})
    statement = evaluate(plan, andi_facts())
    assert [line.rule for line in statement.lines][-1] == "visits"
    assert statement.total == D(3_400_000)


# --- ranking ----------------------------------------------------------------------------------


def test_rank_ties_share_the_rank_and_skip_the_next():
    assert rank({"a": D(40), "b": D(40), "c": D(30), "d": D(10), "e": None}) == {
        "a": 1,
        "b": 1,
        "c": 3,
        "d": 4,
    }
    assert rank({}) == {}


def ranking_plan(window="month"):
    return plan_with(
        {
            "code": "hunter",
            "label": "Outlet hunter",
            "type": "ranking",
            "metric": "new_outlets",
            "window": window,
            "scope": "team",
            "amounts": [300000, 150000],
        }
    )


@pytest.mark.parametrize(
    ("position", "amount"), [(1, D(300_000)), (2, D(150_000)), (3, D(0)), (None, D(0))]
)
def test_ranking_pays_by_position(position, amount):
    person = Facts(month=JUNE, rankings={"hunter": RankingFact(position, D(12), 5)})
    line = only_line(evaluate(ranking_plan(), person))
    assert line.amount == amount


def test_tied_first_places_both_get_the_first_amount():
    positions = rank({"andi": D(35), "budi": D(35), "dewi": D(20)})
    amounts = {
        who: only_line(
            evaluate(ranking_plan(), Facts(month=JUNE, rankings={"hunter": RankingFact(pos)}))
        ).amount
        for who, pos in positions.items()
    }
    assert amounts == {"andi": D(300_000), "budi": D(300_000), "dewi": D(0)}


def test_ranking_pays_only_in_the_windows_last_month():
    person = {"hunter": RankingFact(1, D(100), 4)}
    may = only_line(
        evaluate(ranking_plan("quarter"), Facts(month=date(2026, 5, 1), rankings=person))
    )
    assert may.status == engine.NOT_DUE and may.amount == D(0)
    june = only_line(evaluate(ranking_plan("quarter"), Facts(month=JUNE, rankings=person)))
    assert june.amount == D(300_000)
    assert june.detail["window_start"] == date(2026, 4, 1)


def test_window_bounds():
    assert engine.window_bounds("semester", date(2026, 8, 1)) == (
        date(2026, 7, 1),
        date(2026, 12, 1),
    )
    assert engine.window_bounds("year", date(2026, 8, 1)) == (date(2026, 1, 1), date(2026, 12, 1))
    assert engine.window_bounds("month", JUNE) == (JUNE, JUNE)


# --- okr_bonus --------------------------------------------------------------------------------


def okr_plan():
    return plan_with(
        {
            "code": "okr-outlets",
            "label": "Semester OKR",
            "type": "okr_bonus",
            "objective": "GT-1000",
            "min_score": D("0.7"),
            "amount": 1000000,
        }
    )


@pytest.mark.parametrize(
    ("month", "score", "participant", "amount", "status"),
    [
        (JUNE, D("0.7"), True, D(1_000_000), engine.PAID),  # exactly min_score
        (JUNE, D("0.69"), True, D(0), engine.NOT_REACHED),
        (JUNE, D("1.0"), False, D(0), engine.NOT_PARTICIPANT),
        (date(2026, 5, 1), D("1.0"), True, D(0), engine.NOT_DUE),  # not the cycle's last month
        (date(2026, 7, 1), D("1.0"), True, D(0), engine.NOT_DUE),
    ],
)
def test_okr_bonus(month, score, participant, amount, status):
    person = Facts(month=month, okr={"GT-1000": OkrOutcome(score, JUNE, participant)})
    line = only_line(evaluate(okr_plan(), person))
    assert (line.amount, line.status) == (amount, status)


def test_okr_bonus_without_an_outcome_pays_nothing():
    line = only_line(evaluate(okr_plan(), Facts(month=JUNE)))
    assert (line.amount, line.status) == (D(0), engine.NO_DATA)


def test_andi_with_the_semester_okr_earns_4_400_000():
    plan = gt_plan()
    document = gt_plan_document(decimals=True)
    document["rules"].append(
        {
            "code": "okr-outlets",
            "label": "Semester OKR",
            "type": "okr_bonus",
            "objective": "GT-1000",
            "min_score": D("0.7"),
            "amount": 1000000,
        }
    )
    plan = parse_plan(document)
    base = andi_facts()
    person = Facts(month=JUNE, kpis=base.kpis, okr={"GT-1000": OkrOutcome(D("1.0"), JUNE, True)})
    assert evaluate(plan, person).total == D(4_400_000)


def test_statement_as_dict_is_json_ready():
    data = evaluate(gt_plan(), andi_facts()).as_dict()
    assert data["total"] == "3400000"
    assert data["lines"][0]["amount"] == "2000000"
    assert data["month"] == "2026-06-01"
    json.dumps(data)


@pytest.mark.parametrize("mode", ["retroactive", "marginal"])
def test_rate_on_a_value_of_zero_is_not_reached(mode):
    line = only_line(evaluate(plan_with(rate_rule(mode)), facts(revenue=(D(0), None))))
    assert (line.status, line.amount) == ("not_reached", D(0))
    assert line.explanation.endswith("pays nothing.")


def test_rate_marginal_exactly_at_a_band_start_pays_the_lower_band_only():
    line = only_line(
        evaluate(plan_with(rate_rule("marginal")), facts(revenue=(D(500_000_000), None)))
    )
    assert (line.status, line.amount) == ("paid", D(2_500_000))
    assert len(line.detail["bands"]) == 1

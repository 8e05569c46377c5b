"""The FMCG plan features in the pure engine (docs/contracts.md "FMCG scheme building blocks"):
the entry-ticket multiplier, prerequisites (`requires`) and boosters (`window`), each alone and
all together with the level multiplier, the gate and the cap.

Order on a line: amount, level multiplier, plan multipliers, rounding to whole Rupiah half up,
then the cap on the sum. Every amount is worked by hand in the comments."""

import copy
from datetime import date
from decimal import Decimal as D

import pytest

from incentives import engine
from incentives.engine import features

SEPTEMBER = date(2026, 9, 1)
OCTOBER = date(2026, 10, 1)

ENTRY = {
    "code": "entry",
    "label": "Tiket masuk coverage",
    "kpi": "outlet_coverage",
    "basis": "actual",
    "bands": [
        {"from": 0, "factor": D("0.5")},
        {"from": 80, "factor": D("0.8")},
        {"from": 95, "factor": D("1.1")},
    ],
}
REVENUE = {
    "code": "rev",
    "label": "Revenue 100%",
    "type": "tiers",
    "kpi": "revenue",
    "basis": "attainment",
    "tiers": [{"from": 100, "amount": 2000000}],
}
FOCUS = {
    "code": "focus",
    "label": "Focus SKU revenue",
    "type": "tiers",
    "kpi": "revenue@focus",
    "basis": "actual",
    "tiers": [{"from": 10000000, "amount": 500000}, {"from": 20000000, "amount": 750000}],
    "requires": [{"kpi": "lines_per_call", "basis": "actual", "min": 3}],
}
BOOSTER = {
    "code": "boost",
    "label": "Focus booster",
    "type": "step",
    "kpi": "revenue@focus",
    "basis": "actual",
    "start": 0,
    "every": 1000000,
    "amount": 25000,
    "max_steps": 10,
    "window": {"from": "2026-09-07", "to": "2026-09-20"},
}


def plan(*rules, multipliers=(ENTRY,), level_multipliers=None, gate=None, cap=None):
    return engine.parse_plan(
        {
            "code": "FMCG",
            "name": "Distributor GT",
            "applies_to": {"role": "salesman", "channel": "GT"},
            "valid_from": "2026-01-01",
            "valid_to": None,
            "gate_total_score": gate,
            "cap": cap,
            "level_multipliers": level_multipliers or {},
            "multipliers": [copy.deepcopy(m) for m in multipliers],
            "rules": [copy.deepcopy(rule) for rule in rules],
        }
    )


def facts(
    *,
    coverage=D(86),
    attainment=D(112),
    focus=D(23000000),
    lpc=D("3.2"),
    booster=D(7400000),
    level=1,
    total_score=D(90),
    month=SEPTEMBER,
):
    return engine.Facts(
        month=month,
        level=level,
        kpis={"revenue": engine.KpiFact(actual=D(560000000), attainment=attainment)},
        metrics={"outlet_coverage": coverage, "revenue@focus": focus, "lines_per_call": lpc},
        total_score=total_score,
        windows={"boost": booster},
    )


def line(statement, code):
    return next(item for item in statement.lines if item.rule == code)


# -- the entry ticket alone --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coverage", "factor", "amount"),
    [
        # 2,000,000 × the band's factor
        (D(86), D("0.8"), D(1600000)),
        (D(80), D("0.8"), D(1600000)),  # a band's from is reached
        (D("79.99"), D("0.5"), D(1000000)),
        (D(0), D("0.5"), D(1000000)),
        (D(95), D("1.1"), D(2200000)),
        (D(100), D("1.1"), D(2200000)),
        (None, D("0.5"), D(1000000)),  # no data → the lowest band
    ],
)
def test_entry_ticket_multiplies_the_line(coverage, factor, amount):
    statement = engine.evaluate(plan(REVENUE), facts(coverage=coverage))
    rev = line(statement, "rev")
    assert rev.amount == amount
    assert statement.total == amount
    assert rev.detail["factors"][0]["factor"] == factor
    assert rev.detail["factors"][0]["value"] == coverage
    assert rev.multiplier == D(1)  # the line's multiplier stays the level's


def test_entry_ticket_line_shows_its_factor():
    rev = line(engine.evaluate(plan(REVENUE), facts()), "rev")
    assert rev.explanation == (
        "Revenue 100%: revenue attainment 112%; reached the tier from 100: 2,000,000; "
        "no level multipliers in the plan (× 1); × 0.8 tiket masuk coverage 86; "
        "rounded to whole Rupiah: 1,600,000."
    )
    assert engine.rule_type("tiers").explain(rev) == (
        "Revenue 100%: revenue attainment 112%; tier from 100 reached; multiplier × 1; "
        "× 0.8 tiket masuk coverage 86: Rp 1,600,000."
    )


def test_entry_ticket_reads_the_unit_and_the_language_through_say():
    rev = line(engine.evaluate(plan(REVENUE), facts()), "rev")
    say = engine.Say(
        number=lambda v: str(v).replace(".", ","), unit=lambda code: "%", language="id"
    )
    assert features.factors_phrase(rev.detail, say) == "× 0,8 tiket masuk coverage 86%"


def test_entry_ticket_leaves_unmultiplied_types_alone():
    reward = {
        "code": "trip",
        "label": "Trip",
        "type": "reward",
        "kpi": "revenue",
        "basis": "attainment",
        "tiers": [{"from": 110, "reward": "Trip ke Bali"}],
    }
    statement = engine.evaluate(plan(REVENUE, reward), facts(coverage=D(10)))
    trip = line(statement, "trip")
    assert trip.reward == "Trip ke Bali"
    assert "factors" not in trip.detail
    assert statement.total == D(1000000)


def test_a_plan_without_multipliers_keeps_its_lines_as_before():
    rev = line(engine.evaluate(plan(REVENUE, multipliers=()), facts()), "rev")
    assert rev.amount == D(2000000)
    assert "factors" not in rev.detail


def test_two_multipliers_multiply():
    ec = {
        "code": "ec",
        "label": "EC",
        "kpi": "hit_rate",
        "basis": "actual",
        "bands": [{"from": 0, "factor": 1}, {"from": 70, "factor": D("1.05")}],
    }
    statement = engine.evaluate(
        plan(REVENUE, multipliers=(ENTRY, ec)),
        engine.Facts(
            month=SEPTEMBER,
            kpis={"revenue": engine.KpiFact(actual=D(1), attainment=D(100))},
            metrics={"outlet_coverage": D(96), "hit_rate": D(72)},
        ),
    )
    # 2,000,000 × 1.1 × 1.05 = 2,310,000
    assert statement.total == D(2310000)


# -- the level multiplier, then the entry ticket, then rounding -------------------------------


def test_level_then_entry_ticket_then_rounding_once():
    odd = {**REVENUE, "tiers": [{"from": 100, "amount": 100003}]}
    statement = engine.evaluate(
        plan(odd, level_multipliers={"3": D("1.5")}), facts(level=3, coverage=D(10))
    )
    # 100,003 × 1.5 × 0.5 = 75,002.25 → 75,002 (rounding after the level multiplier first would
    # give 150,005 × 0.5 = 75,002.5 → 75,003)
    assert line(statement, "rev").amount == D(75002)
    assert line(statement, "rev").multiplier == D("1.5")


# -- prerequisites alone -----------------------------------------------------------------------


def test_requirement_met_pays():
    focus = line(engine.evaluate(plan(FOCUS, multipliers=()), facts(lpc=D(3))), "focus")
    assert focus.status == engine.PAID
    assert focus.amount == D(750000)
    assert focus.detail["requires"] == [
        {"kpi": "lines_per_call", "basis": "actual", "min": D(3), "value": D(3), "met": True}
    ]


@pytest.mark.parametrize(("lpc", "shown"), [(D("2.5"), "2.5"), (None, "no data")])
def test_requirement_not_met_pays_nothing_and_says_which(lpc, shown):
    focus = line(engine.evaluate(plan(FOCUS, multipliers=()), facts(lpc=lpc)), "focus")
    assert focus.status == engine.REQUIRES
    assert focus.amount == D(0)
    assert focus.detail["would_have"] == engine.PAID
    assert focus.explanation == (
        "Focus SKU revenue: revenue@focus actual 23,000,000; not paid: requirement "
        f"lines_per_call 3 not met ({shown}), pays nothing."
    )
    assert engine.rule_type("tiers").explain(focus) == (
        "Focus SKU revenue: revenue@focus actual 23,000,000; not paid: requirement "
        f"lines_per_call 3 not met ({shown})."
    )


def test_every_requirement_must_hold_and_each_failed_one_is_named():
    rule = {
        **FOCUS,
        "requires": [
            {"kpi": "lines_per_call", "basis": "actual", "min": 3},
            {"kpi": "hit_rate", "basis": "actual", "min": 60},
            {"kpi": "revenue", "basis": "attainment", "min": 90},
        ],
    }
    state = engine.Facts(
        month=SEPTEMBER,
        kpis={"revenue": engine.KpiFact(actual=D(1), attainment=D(95))},
        metrics={"revenue@focus": D(12000000), "lines_per_call": D(3), "hit_rate": D(54)},
    )
    focus = line(engine.evaluate(plan(rule, multipliers=()), state), "focus")
    assert focus.amount == D(0)
    say = engine.Say(kpi_name=lambda code: {"hit_rate": "EC"}.get(code, code), unit=lambda c: "%")
    assert features.unmet_phrase(focus.detail, say) == (
        "not paid: requirement EC 60% not met (54%)"
    )


def test_requirement_on_the_total_score():
    rule = {**FOCUS, "requires": [{"kpi": None, "basis": "total_score", "min": 95}]}
    focus = line(engine.evaluate(plan(rule, multipliers=()), facts(total_score=D(90))), "focus")
    assert focus.status == engine.REQUIRES
    assert "requirement total score 95 not met (90)" in focus.explanation


# -- the booster alone -------------------------------------------------------------------------


def test_booster_reads_its_window_value_in_its_month():
    boost = line(engine.evaluate(plan(BOOSTER, multipliers=()), facts()), "boost")
    # 7,400,000 over the window: 7 full steps of 1,000,000 × 25,000 = 175,000
    assert boost.value == D(7400000)
    assert boost.amount == D(175000)
    assert boost.detail["window"] == {"from": "2026-09-07", "to": "2026-09-20"}
    assert "revenue@focus actual 7,400,000 over 7 Sep 2026–20 Sep 2026" in boost.explanation


def test_booster_pays_nothing_in_another_month():
    boost = line(engine.evaluate(plan(BOOSTER, multipliers=()), facts(month=OCTOBER)), "boost")
    assert boost.status == engine.NOT_DUE
    assert boost.amount == D(0)
    assert engine.rule_type("step").explain(boost) == (
        "Focus booster: booster over 7 Sep 2026–20 Sep 2026, paid in September 2026; pays "
        "nothing this month."
    )


def test_booster_without_window_data_is_no_data():
    boost = line(engine.evaluate(plan(BOOSTER, multipliers=()), facts(booster=None)), "boost")
    assert boost.status == engine.NO_DATA
    assert boost.amount == D(0)


# -- all together ------------------------------------------------------------------------------


def all_pieces(**kwargs):
    return plan(REVENUE, FOCUS, BOOSTER, level_multipliers={"2": D("1.1")}, **kwargs)


def test_all_pieces_with_level_multiplier():
    statement = engine.evaluate(all_pieces(gate=80, cap=3000000), facts(level=2))
    # level 2 × 1.1, coverage 86 → × 0.8: factor 0.88
    # rev 2,000,000 × 0.88 = 1,760,000; focus (LPC 3.2 ≥ 3) 750,000 × 0.88 = 660,000;
    # boost 7 steps × 25,000 = 175,000 × 0.88 = 154,000; total 2,574,000 (below the cap)
    assert [item.amount for item in statement.lines] == [D(1760000), D(660000), D(154000)]
    assert statement.total == D(2574000)


def test_all_pieces_above_the_cap():
    statement = engine.evaluate(all_pieces(gate=80, cap=3000000), facts(level=2, coverage=D(96)))
    # factor 1.1 × 1.1 = 1.21: 2,420,000 + 907,500 + 211,750 = 3,539,250 → cap 3,000,000
    assert [item.amount for item in statement.lines] == [
        D(2420000),
        D(907500),
        D(211750),
        D(-539250),
    ]
    assert statement.lines[-1].rule == "cap"
    assert statement.total == D(3000000)


def test_all_pieces_gate_not_reached():
    statement = engine.evaluate(all_pieces(gate=80, cap=3000000), facts(level=2, total_score=D(70)))
    assert [item.status for item in statement.lines] == [engine.GATE] * 3
    assert statement.total == D(0)


def test_all_pieces_prerequisite_fails_the_others_still_pay():
    statement = engine.evaluate(all_pieces(cap=3000000), facts(level=2, lpc=D("2.9")))
    # focus fails its LPC prerequisite: 1,760,000 + 0 + 154,000
    assert line(statement, "focus").status == engine.REQUIRES
    assert statement.total == D(1914000)


def test_statement_notes_name_the_entry_ticket():
    statement = engine.evaluate(all_pieces(), facts(level=2))
    assert (
        "Tiket masuk coverage: × 0.8 tiket masuk coverage 86 on every tiers, step, per-unit "
        "and rate line." in statement.notes
    )


# -- next band hints through the multiplier ----------------------------------------------------


def test_next_band():
    entry = plan(REVENUE).multipliers[0]
    assert features.next_band(entry, D(86)).from_ == D(95)
    assert features.next_band(entry, D(50)).from_ == D(80)
    assert features.next_band(entry, None).from_ == D(80)
    assert features.next_band(entry, D(95)) is None


def test_multiplier_hint_shows_what_lifts_the_whole_payout():
    hints = engine.multiplier_hints(all_pieces(), facts(level=2, coverage=D(72)))
    # coverage 72 → × 0.5: (2,000,000 + 750,000 + 175,000) × 1.1 × 0.5 = 1,608,750
    # at 80 → × 0.8: 2,925,000 × 0.88 = 2,574,000
    assert len(hints) == 1
    hint = hints[0]
    assert (hint.code, hint.value, hint.goal, hint.factor) == ("entry", D(72), D(80), D("0.8"))
    assert hint.current_total == D(1608750)
    assert hint.total == D(2574000)


def test_no_multiplier_hint_at_the_top_band():
    assert engine.multiplier_hints(all_pieces(), facts(coverage=D(97))) == []

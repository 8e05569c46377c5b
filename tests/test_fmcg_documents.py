"""The FMCG plan features in the plan JSON document: validated with every problem named by its
path (docs/contracts.md "FMCG scheme building blocks"), written back in a fixed key order, and
parsed for the engine."""

import copy
from decimal import Decimal as D

import pytest

from incentives import engine
from incentives.plans.documents import dumps, parse_document_text, validate_plan

GROUPS = {"focus", "must-stock"}


def group_metric(code):
    """What `outlets.metrics.validate_metric_name` says, for these tests' two groups."""
    name, _, group = code.partition("@")
    if name not in ("revenue", "outlets", "numeric_distribution"):
        return f"{name} has no group metric"
    if group not in GROUPS:
        return f"unknown group {group!r}"
    return None


CODES = {
    "kpi_codes": {"revenue", "EC"},
    "metric_codes": {"revenue", "outlet_coverage", "lines_per_call", "hit_rate"},
    "metric_name": group_metric,
}

DOCUMENT = {
    "code": "DIST-GT",
    "name": {"id": "Skema distributor GT", "en": "Distributor GT scheme"},
    "applies_to": {"role": "salesman", "channel": "GT"},
    "valid_from": "2026-01-01",
    "valid_to": None,
    "gate_total_score": None,
    "cap": None,
    "level_multipliers": {},
    "multipliers": [
        {
            "code": "entry",
            "label": {"id": "Tiket masuk coverage", "en": "Coverage entry ticket"},
            "kpi": "outlet_coverage",
            "basis": "actual",
            "bands": [
                {"from": 0, "factor": D("0.5")},
                {"from": 80, "factor": D("0.8")},
                {"from": 95, "factor": D("1.1")},
            ],
        }
    ],
    "rules": [
        {
            "code": "rev",
            "label": "Revenue 100%",
            "type": "tiers",
            "kpi": "revenue",
            "basis": "attainment",
            "tiers": [{"from": 100, "amount": 2000000}],
        },
        {
            "code": "focus",
            "label": "Focus SKU revenue",
            "type": "tiers",
            "kpi": "revenue@focus",
            "basis": "actual",
            "tiers": [{"from": 10000000, "amount": 500000}],
            "requires": [{"kpi": "lines_per_call", "basis": "actual", "min": 3}],
        },
        {
            "code": "boost",
            "label": "Booster",
            "type": "step",
            "kpi": "revenue@focus",
            "basis": "actual",
            "start": 0,
            "every": 1000000,
            "amount": 25000,
            "window": {"from": "2026-09-07", "to": "2026-09-20"},
        },
    ],
}


def problems_of(document):
    canonical, problems = validate_plan(document, **CODES)
    assert canonical is None
    return {(p.path, p.message) for p in problems}


def changed(change):
    document = copy.deepcopy(DOCUMENT)
    change(document)
    return document


def test_the_example_is_valid_and_round_trips_in_order():
    canonical, problems = validate_plan(copy.deepcopy(DOCUMENT), **CODES)
    assert problems == []
    assert canonical == DOCUMENT
    assert list(canonical) == list(DOCUMENT)  # multipliers before rules
    assert list(canonical["rules"][1]) == list(DOCUMENT["rules"][1])
    text = dumps(canonical)
    assert parse_document_text(text) == DOCUMENT


def test_a_document_without_the_features_gets_none_of_their_keys():
    plain = changed(lambda d: (d.pop("multipliers"), d["rules"].__delitem__(slice(1, 3))))
    canonical, problems = validate_plan(plain, **CODES)
    assert problems == []
    assert "multipliers" not in canonical
    assert "requires" not in canonical["rules"][0]


def test_the_engine_reads_the_document():
    canonical, _problems = validate_plan(copy.deepcopy(DOCUMENT), **CODES)
    spec = engine.parse_plan(canonical)
    entry = spec.multipliers[0]
    assert (entry.code, entry.label, entry.kpi) == (
        "entry",
        "Tiket masuk coverage",
        "outlet_coverage",
    )
    assert [(b.from_, b.factor) for b in entry.bands] == [
        (D(0), D("0.5")),
        (D(80), D("0.8")),
        (D(95), D("1.1")),
    ]
    assert spec.rules[1].requires == (engine.Requirement("lines_per_call", "actual", D(3)),)
    assert spec.rules[2].booster.start.isoformat() == "2026-09-07"
    assert spec.rules[2].window is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["multipliers"][0]["bands"][0].update({"from": 10}),
            ("multipliers[0].bands[0].from", "the first band must start at 0"),
        ),
        (
            lambda d: d["multipliers"][0]["bands"][1].update({"from": 0}),
            ("multipliers[0].bands[1].from", "must be above the previous band's from (0)"),
        ),
        (
            lambda d: d["multipliers"][0]["bands"][2].update({"from": 80}),
            ("multipliers[0].bands[2].from", "must be above the previous band's from (80)"),
        ),
        (
            lambda d: d["multipliers"][0]["bands"][1].update({"factor": -1}),
            ("multipliers[0].bands[1].factor", "must be at least 0"),
        ),
        (
            lambda d: d["multipliers"][0].update({"bands": []}),
            ("multipliers[0].bands", "must be a non-empty list"),
        ),
        (
            lambda d: d["multipliers"][0].update({"kpi": "coverage"}),
            ("multipliers[0].kpi", "unknown KPI or metric 'coverage'"),
        ),
        (
            lambda d: d["multipliers"][0].update({"basis": "share"}),
            ("multipliers[0].basis", "must be one of attainment, actual, total_score"),
        ),
        (
            lambda d: d["multipliers"][0].update({"factor": 1}),
            ("multipliers[0].factor", "unknown key"),
        ),
        (
            lambda d: d.update({"multipliers": {"entry": 1}}),
            ("multipliers", "must be a list"),
        ),
        (
            lambda d: d["multipliers"].append(copy.deepcopy(d["multipliers"][0])),
            ("multipliers[1].code", "duplicate multiplier code 'entry'"),
        ),
        (
            lambda d: d["rules"][1]["requires"][0].update({"kpi": "lpc"}),
            ("rules[1].requires[0].kpi", "unknown KPI or metric 'lpc'"),
        ),
        (
            lambda d: d["rules"][1]["requires"][0].pop("min"),
            ("rules[1].requires[0].min", "required"),
        ),
        (
            lambda d: d["rules"][1]["requires"][0].update({"max": 5}),
            ("rules[1].requires[0].max", "unknown key"),
        ),
        (
            lambda d: d["rules"][1].update({"requires": []}),
            ("rules[1].requires", "must be a non-empty list"),
        ),
        (
            lambda d: d["rules"][1].update({"kpi": "revenue@fokus"}),
            ("rules[1].kpi", "unknown metric 'revenue@fokus': unknown group 'fokus'"),
        ),
        (
            lambda d: d["multipliers"][0].update({"kpi": "numeric_distribution@nope"}),
            (
                "multipliers[0].kpi",
                "unknown metric 'numeric_distribution@nope': unknown group 'nope'",
            ),
        ),
        (
            lambda d: d["rules"][2]["window"].update({"to": "2026-10-02"}),
            ("rules[2].window.to", "a booster window lies inside one month (from 2026-09-07)"),
        ),
        (
            lambda d: d["rules"][2]["window"].update({"to": "2026-09-01"}),
            ("rules[2].window.to", "must not be before the window's from"),
        ),
        (
            lambda d: d["rules"][2]["window"].update({"from": "7 Sep"}),
            ("rules[2].window.from", "must be a date YYYY-MM-DD"),
        ),
        (
            lambda d: d["rules"][2].update({"window": "month"}),
            (
                "rules[2].window",
                'must be an object such as {"from": "2026-09-07", "to": "2026-09-20"}',
            ),
        ),
        (
            lambda d: d["rules"][2].update({"basis": "attainment"}),
            ("rules[2].basis", "a rule with a window reads basis actual"),
        ),
        (
            lambda d: d["rules"][2].update({"kpi": "EC"}),
            ("rules[2].kpi", "a booster reads a metric of the catalogue, not the KPI 'EC'"),
        ),
    ],
)
def test_every_bad_input_is_named_by_its_path(change, expected):
    assert expected in problems_of(changed(change))


def test_every_problem_at_once():
    def break_all(d):
        d["multipliers"][0]["bands"][1]["from"] = 0
        d["rules"][1]["requires"][0]["kpi"] = "lpc"
        d["rules"][2]["window"]["to"] = "2026-09-01"

    assert problems_of(changed(break_all)) == {
        ("multipliers[0].bands[1].from", "must be above the previous band's from (0)"),
        ("rules[1].requires[0].kpi", "unknown KPI or metric 'lpc'"),
        ("rules[2].window.to", "must not be before the window's from"),
    }


def test_requires_and_window_are_for_value_rules_only():
    def on_okr(d):
        d["rules"].append(
            {
                "code": "okr",
                "label": "OKR",
                "type": "okr_bonus",
                "objective": "O1",
                "min_score": D("0.7"),
                "amount": 100000,
                "requires": [{"kpi": "hit_rate", "basis": "actual", "min": 60}],
            }
        )

    assert ("rules[3].requires", "unknown key") in problems_of(changed(on_okr))


RANKING = {
    "code": "top-focus",
    "label": "Top focus seller",
    "type": "ranking",
    "metric": "revenue@focus",
    "window": "month",
    "scope": "team",
    "amounts": [300000, 150000],
}


def test_a_ranking_may_read_a_group_metric_of_a_known_group():
    document = changed(lambda d: d["rules"].append(copy.deepcopy(RANKING)))
    assert validate_plan(document, **CODES)[1] == []
    document["rules"][3]["metric"] = "revenue@fokus"
    assert problems_of(document) == {
        ("rules[3].metric", "unknown metric 'revenue@fokus': unknown group 'fokus'")
    }
    document["rules"][3]["metric"] = "omzet"
    assert problems_of(document) == {("rules[3].metric", "unknown metric 'omzet'")}

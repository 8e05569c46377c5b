"""The pure gamification rules (kpi/gamification/rules.py) and the document reader
(kpi/gamification/document.py): hand-checked values, no database."""

from datetime import date
from decimal import Decimal as D

import pytest

from kpi.gamification import rules
from kpi.gamification.document import DocumentError, display_name, read_document, write_document

METRICS = {"visits", "new_outlets", "visits_per_day", "oos_rate"}

DOCUMENT = {
    "boards": [
        {
            "code": "score",
            "name": {"id": "Skor bulan ini", "en": "Score this month"},
            "measure": "total_score",
            "window": "month",
            "scope": "team",
            "applies_to": {"role": "salesman", "channel": None},
        },
        {
            "code": "visits-week",
            "name": "Kunjungan minggu ini",
            "measure": "metric:visits",
            "window": "week",
            "scope": "channel",
            "applies_to": {"role": "salesman", "channel": "GT"},
        },
    ],
    "badges": [
        {
            "code": "outlet-hunter",
            "name": {"id": "Pemburu Outlet", "en": "Outlet Hunter"},
            "icon": "target",
            "measure": "metric:new_outlets",
            "window": "month",
            "award": {"top": 1, "scope": "channel"},
        },
        {
            "code": "visit-machine",
            "name": {"id": "Mesin Kunjungan", "en": "Visit Machine"},
            "icon": "lightning",
            "measure": "metric:visits_per_day",
            "window": "month",
            "award": {"min": 19},
        },
    ],
    "levels": {
        "measure": "total_score",
        "months": 3,
        "thresholds": [
            {"level": 1, "from": 0},
            {"level": 2, "from": 100},
            {"level": 3, "from": 110},
        ],
    },
}


def ranks(entries):
    return [(e.key, e.value, e.rank) for e in entries]


def test_ties_share_the_rank_and_skip_the_next():
    got = rules.rank({"a": D(10), "b": D(12), "c": D(12), "d": D(9)})
    assert ranks(got) == [("b", D(12), 1), ("c", D(12), 1), ("a", D(10), 3), ("d", D(9), 4)]


def test_no_data_is_listed_last_without_a_rank():
    got = rules.rank({"z": None, "a": D(0), "b": D(5), "c": None})
    assert ranks(got) == [("b", D(5), 1), ("a", D(0), 2), ("c", None, None), ("z", None, None)]


def test_lower_is_better_ranks_ascending():
    got = rules.rank({"a": D("4.5"), "b": D("1.25"), "c": D("4.5")}, lower_is_better=True)
    assert ranks(got) == [("b", D("1.25"), 1), ("a", D("4.5"), 2), ("c", D("4.5"), 2)]


def test_movement_is_previous_rank_minus_this_rank():
    assert rules.movement(5, 2) == 3  # climbed three places
    assert rules.movement(1, 3) == -2
    assert rules.movement(None, 1) is None
    assert rules.movement(2, None) is None


def test_values_are_rounded_half_up_as_shown():
    assert rules.round_value(D("116.155"), 2) == D("116.16")
    assert rules.round_value(D("18.5"), 0) == D("19")
    assert rules.places_for("visit") == 0
    assert rules.places_for("Rp") == 0
    assert rules.places_for("%") == 2
    assert rules.places_for("visit/day") == 2


def test_a_week_crosses_the_month_boundary():
    # Thursday 2 July 2026: the week is Monday 29 June … 2 July.
    assert rules.window_bounds("week", date(2026, 7, 2)) == (date(2026, 6, 29), date(2026, 7, 2))
    assert rules.window_bounds("month", date(2026, 7, 2)) == (date(2026, 7, 1), date(2026, 7, 2))


def test_badges_read_complete_windows_only():
    # Sunday 5 July ends its week; Thursday 2 July's last complete week ended Sunday 28 June.
    assert rules.complete_window("week", date(2026, 7, 5)) == (date(2026, 6, 29), date(2026, 7, 5))
    assert rules.complete_window("week", date(2026, 7, 2)) == (date(2026, 6, 22), date(2026, 6, 28))
    assert rules.complete_window("month", date(2026, 6, 30)) == (
        date(2026, 6, 1),
        date(2026, 6, 30),
    )
    assert rules.complete_window("month", date(2026, 7, 2)) == (date(2026, 6, 1), date(2026, 6, 30))


def test_a_top_award_includes_ties_and_needs_a_value_above_zero():
    values = {"a": D(6), "b": D(6), "c": D(4)}
    assert rules.award_winners(values, {"top": 1}) == {"a": D(6), "b": D(6)}
    assert rules.award_winners({"a": D(0), "b": D(0)}, {"top": 1}) == {}
    assert rules.award_winners({"a": None}, {"top": 1}) == {}
    # lower is better: the lowest wins, zero included (no out-of-stock at all)
    assert rules.award_winners({"a": D(0), "b": D(3)}, {"top": 1}, lower_is_better=True) == {
        "a": D(0)
    }


def test_a_min_award_is_at_least_or_at_most_for_lower_is_better():
    values = {"a": D(19), "b": D("18.99"), "c": None, "d": D(20)}
    assert rules.award_winners(values, {"min": 19}) == {"a": D(19), "d": D(20)}
    assert rules.award_winners(values, {"min": 19}, lower_is_better=True) == {
        "a": D(19),
        "b": D("18.99"),
    }


def test_level_from_the_last_three_months_with_a_scorecard_skipping_one_without():
    scores = {date(2026, 3, 1): D(120), date(2026, 5, 1): D(104), date(2026, 6, 1): D("112.22")}
    closed = [date(2026, m, 1) for m in (2, 3, 4, 5, 6)]
    mean = rules.mean_of_last(scores, closed, 3)
    assert mean == D("336.22") / 3  # June, May and March; April has no scorecard
    thresholds = [(1, D(0)), (2, D(100)), (3, D(110))]
    assert rules.level_for(mean, thresholds) == 3
    assert rules.level_for(D("109.99"), thresholds) == 2
    assert rules.level_for(None, thresholds) is None  # nobody moves without a scorecard
    assert rules.mean_of_last({}, closed, 3) is None


def test_the_battle_winner_has_the_higher_mean():
    assert rules.winner({"GT": D("98.54"), "MT": D("101.00")}) == "MT"
    assert rules.winner({"GT": D(100), "MT": D(100)}) is None
    assert rules.winner({"GT": None, "MT": None}) is None


def test_the_design_document_reads_and_writes_back_unchanged():
    spec = read_document(DOCUMENT, metrics=METRICS)
    assert [b.code for b in spec.boards] == ["score", "visits-week"]
    assert spec.levels.parsed_thresholds() == [(1, D(0)), (2, D(100)), (3, D(110))]
    assert write_document(spec) == DOCUMENT


def test_every_problem_is_named_with_its_path():
    bad = {
        "boards": [
            DOCUMENT["boards"][0],
            {**DOCUMENT["boards"][1], "window": "year", "measure": "metric:nope"},
            {**DOCUMENT["boards"][0], "window": "week"},
        ],
        "badges": [
            {**DOCUMENT["badges"][0], "award": {"top": 0}},
            {**DOCUMENT["badges"][1], "award": {}},
        ],
        "levels": {"months": 0, "thresholds": [{"level": 1, "from": 10}, {"level": 2, "from": 5}]},
    }
    with pytest.raises(DocumentError) as raised:
        read_document(bad, metrics=METRICS)
    problems = raised.value.problems
    assert "boards[1].window: must be 'week' or 'month'" in problems
    assert "boards[1].measure: unknown metric 'nope'" in problems
    assert "boards[2].window: 'total_score' is measured per month only" in problems
    assert "boards[2].code: 'score' is also boards[0]" in problems
    assert "badges[0].award.top: must be a whole number of at least 1" in problems
    assert any(p.startswith("badges[1].award: ") for p in problems)
    assert "levels.months: must be a whole number from 1 to 24" in problems
    assert "levels.thresholds[1].from: must be above the previous threshold's" in problems


def test_names_in_both_languages_fall_back_to_the_other():
    assert display_name({"id": "Pemburu Outlet", "en": "Outlet Hunter"}, "en") == "Outlet Hunter"
    assert display_name({"id": "Pemburu Outlet", "en": "Outlet Hunter"}, "id") == "Pemburu Outlet"
    assert display_name({"id": "Pemburu Outlet"}, "en") == "Pemburu Outlet"
    assert display_name("Kunjungan", "en") == "Kunjungan"

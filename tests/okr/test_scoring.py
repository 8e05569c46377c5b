"""The pure OKR scoring, with hand-computed values."""

from decimal import Decimal

import pytest

from okr import scoring
from okr.scoring import KeyResultInput as KR

D = Decimal


def kr_score(start, target, value, direction="higher"):
    return scoring.key_result_score(
        start=D(start),
        target=D(target),
        direction=direction,
        value=None if value is None else D(value),
    )


def test_progress_from_a_start_that_is_not_zero():
    # from 200 to 700: 450 is 250 of the 500 to go
    assert kr_score(200, 700, 450) == D("0.5")
    assert kr_score(200, 700, 200) == D(0)


def test_lower_is_better_counts_the_way_down():
    # start 10 → target 5, value 7: 3 of the 5 to go
    assert kr_score(10, 5, 7, "lower") == D("0.6")
    assert kr_score(4, 2, D("2.8"), "lower") == D("0.6")


def test_over_achievement_is_clamped_at_one_and_going_backwards_at_zero():
    assert kr_score(0, 1000, 1050) == D(1)
    assert kr_score(200, 700, 150) == D(0)
    assert kr_score(10, 5, 3, "lower") == D(1)
    assert kr_score(10, 5, 12, "lower") == D(0)


def test_no_value_scores_zero():
    assert kr_score(0, 10, None) == D(0)


@pytest.mark.parametrize(
    ("start", "target", "direction"),
    [(5, 5, "higher"), (10, 5, "higher"), (5, 10, "lower"), (0, 1, "sideways")],
)
def test_a_target_on_the_wrong_side_is_refused(start, target, direction):
    with pytest.raises(scoring.ScoringError):
        kr_score(start, target, 1, direction)


def test_objective_score_is_the_weighted_mean():
    # 0.5 × 2 + 0.6 × 1 + 1.0 × 1 = 2.6 over weight 4 → 0.65
    inputs = [
        KR(D(200), D(700), "higher", D(450), D(2)),
        KR(D(10), D(5), "lower", D(7), D(1)),
        KR(D(0), D(1000), "higher", D(1050), D(1)),
    ]
    assert scoring.objective_score(inputs) == D("0.65")
    assert scoring.band(scoring.objective_score(inputs)) == scoring.SUCCESS


def test_objective_score_with_uneven_weights_rounds_half_up_for_display():
    # KR scores 0.345 (weight 3) and 0 (weight 1): 1.035 / 4 = 0.25875 → 0.26
    inputs = [KR(D(0), D(1000), "higher", D(345), D(3)), KR(D(0), D(1), "higher", None, D(1))]
    assert scoring.objective_score(inputs) == D("0.25875")
    assert scoring.display_score(scoring.objective_score(inputs)) == D("0.26")
    assert scoring.display_score(D("0.675")) == D("0.68")  # half up, not half even
    assert scoring.display_score(D("0.665")) == D("0.67")


def test_objective_without_key_results_scores_zero():
    assert scoring.objective_score([]) == D(0)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("0", scoring.OFF_TRACK),
        ("0.394", scoring.OFF_TRACK),
        ("0.395", scoring.PROGRESSING),  # shown as 0.40
        ("0.40", scoring.PROGRESSING),
        ("0.59", scoring.PROGRESSING),
        ("0.60", scoring.SUCCESS),
        ("0.70", scoring.SUCCESS),
        ("0.89", scoring.SUCCESS),
        ("0.894", scoring.SUCCESS),
        ("0.895", scoring.CHECK_AMBITION),
        ("0.90", scoring.CHECK_AMBITION),
        ("1", scoring.CHECK_AMBITION),
    ],
)
def test_band_edges(score, band):
    assert scoring.band(D(score)) == band


def test_percent_for_progress_bars():
    assert scoring.percent(D("0.675")) == 68
    assert scoring.percent(D(1)) == 100

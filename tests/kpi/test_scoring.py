"""The scoring engine on the three seed sheets (every row, both modes) and its edge cases."""

from decimal import Decimal as D

import pytest

from kpi.scoring import (
    ScoringError,
    SheetRow,
    attainment,
    score_row,
    score_sheet,
)
from tests.kpi.seed_sheets import SHEETS


def rows_of(sheet):
    return [
        SheetRow(
            kpi=kpi,
            weight=D(weight),
            direction=direction,
            target=D(target),
            actual=D(actual),
            cap=D(cap) if cap else None,
        )
        for kpi, weight, direction, target, actual, cap, *_ in sheet
    ]


@pytest.mark.parametrize(("name", "sheet", "exact_total", "row_total"), SHEETS)
def test_seed_sheet_exact_every_row_and_total(name, sheet, exact_total, row_total):
    result = score_sheet(rows_of(sheet), "exact")
    shown = [(r.kpi, str(r.score), str(r.final_score)) for r in result.rows]
    assert shown == [(row[0], row[6], row[7]) for row in sheet]
    assert result.total == exact_total
    assert str(result.total) == str(exact_total)
    assert result.weight_total == 100


@pytest.mark.parametrize(("name", "sheet", "exact_total", "row_total"), SHEETS)
def test_seed_sheet_row_rounded_every_row_and_total(name, sheet, exact_total, row_total):
    result = score_sheet(rows_of(sheet), "row")
    shown = [(r.kpi, str(r.score), str(r.final_score)) for r in result.rows]
    assert shown == [(row[0], row[8], row[9]) for row in sheet]
    assert result.total == row_total
    assert str(result.total) == str(row_total)


def test_salesman_sheet_second_row_is_16_not_the_articles_21():
    # 1270 / 1200 × 100 = 105.83 → 106; 106 × 15 / 100 = 15.9 → 16 (the article printed 21)
    row = SheetRow("Sales target", D(15), "higher", D(1200), D(1270))
    result = score_row(row, "row")
    assert (result.score, result.final_score) == (D(106), D(16))


def test_exact_total_adds_unrounded_rows():
    # Each row 1/3 × 100 = 33.333… skor, × 50 / 100 = 16.6666…; shown rows 16.67 + 16.67 = 33.34
    # but the exact total adds the unrounded rows: 33.3333… → 33.33.
    rows = [SheetRow(f"k{i}", D(50), "higher", D(3), D(1)) for i in range(2)]
    result = score_sheet(rows, "exact")
    assert [r.final_score for r in result.rows] == [D("16.67"), D("16.67")]
    assert result.total == D("33.33")


def test_attainment_is_exact_and_unrounded():
    assert attainment(D(1200), D(1270), "higher") == D(1270) / D(1200) * 100
    assert attainment(D(25), D(26), "lower") == D(25) / D(26) * 100
    assert attainment(D(500_000_000), D(550_000_000), "higher") == D(110)


def test_attainment_is_none_without_data():
    assert attainment(None, D(5), "higher") is None
    assert attainment(D(5), None, "higher") is None
    assert attainment(D(0), D(5), "higher") is None
    assert attainment(D(5), D(0), "lower") is None


def test_cap_limits_the_skor():
    row = SheetRow("new outlets", D(30), "higher", D(10), D(20), cap=D(150))
    result = score_row(row, "exact")
    assert result.attainment == D(200)
    assert (result.score, result.final_score, result.capped) == (D("150.00"), D("45.00"), True)
    assert score_row(row, "row").final_score == D(45)


def test_floor_counts_a_skor_below_it_as_zero():
    row = SheetRow("revenue", D(50), "higher", D(100), D(79), floor=D(80))
    result = score_row(row, "exact")
    assert result.attainment == D(79)
    assert (result.score, result.final_score, result.below_floor) == (D("0.00"), D("0.00"), True)
    at_floor = score_row(SheetRow("revenue", D(50), "higher", D(100), D(80), floor=D(80)))
    assert (at_floor.score, at_floor.final_score) == (D("80.00"), D("40.00"))


def test_floor_in_row_mode_compares_the_whole_number_skor():
    # 79.6 shows as 80 on a row-rounded sheet, and 80 is not below a floor of 80.
    row = SheetRow("revenue", D(50), "higher", D(1000), D(796), floor=D(80))
    assert score_row(row, "row").score == D(80)
    assert score_row(row, "exact").score == D(0)


def test_lower_is_better_with_zero_actual_scores_the_cap():
    row = SheetRow("staff turnover", D(20), "lower", D(5), D(0), cap=D(150))
    for mode, final in (("exact", D("30.00")), ("row", D(30))):
        result = score_row(row, mode)
        assert result.attainment is None
        assert result.no_data is False
        assert result.score == D(150)
        assert result.final_score == final


def test_lower_is_better_is_capped():
    row = SheetRow("OOS rate", D(10), "lower", D(5), D(2), cap=D(120))
    result = score_row(row, "exact")
    assert result.attainment == D(250)
    assert (result.score, result.final_score) == (D("120.00"), D("12.00"))


def test_lower_is_better_without_a_cap_is_refused():
    with pytest.raises(ScoringError, match="cap"):
        score_row(SheetRow("cost", D(10), "lower", D(5), D(4)))


def test_unknown_direction_and_rounding_are_refused():
    with pytest.raises(ScoringError, match="direction"):
        score_row(SheetRow("x", D(10), "sideways", D(5), D(4)))
    with pytest.raises(ScoringError, match="rounding"):
        score_sheet([SheetRow("x", D(10), "higher", D(5), D(4))], "half")


@pytest.mark.parametrize(
    ("target", "actual"), [(None, D(5)), (D(5), None), (D(0), D(5)), (None, None)]
)
def test_no_data_scores_zero_and_says_so(target, actual):
    for mode in ("exact", "row"):
        result = score_row(SheetRow("x", D(40), "higher", target, actual, cap=D(150)), mode)
        assert (result.no_data, result.score, result.final_score) == (True, 0, 0)


def test_no_data_row_counts_zero_in_the_total():
    rows = [
        SheetRow("revenue", D(50), "higher", D(100), D(110)),
        SheetRow("visits", D(50), "higher", D(18), None),
    ]
    assert score_sheet(rows, "exact").total == D("55.00")
    assert score_sheet(rows, "row").total == D(55)


def test_negative_skor_counts_zero():
    row = SheetRow("growth", D(20), "higher", D(10), D(-5))
    result = score_row(row, "exact")
    assert result.attainment == D(-50)
    assert (result.score, result.final_score) == (D("0.00"), D("0.00"))


def test_half_up_not_half_even():
    # 4.5 and 2.5 round up to 5 and 3 (Python's default context would give 4 and 2).
    rows = [
        SheetRow("a", D(5), "higher", D(50), D(45)),  # 90 × 5 / 100 = 4.5 → 5
        SheetRow("b", D(25), "higher", D(100), D(10)),  # 10 × 25 / 100 = 2.5 → 3
    ]
    result = score_sheet(rows, "row")
    assert [r.final_score for r in result.rows] == [D(5), D(3)]
    # exact: 0.125 → 0.13 (half up), where half even would give 0.12
    exact = score_row(SheetRow("c", D("0.125"), "higher", D(100), D(100)), "exact")
    assert exact.final_score == D("0.13")


def test_andi_june_gt_scorecard_exact():
    # docs/domain.md: Andi's June: revenue 550 jt of 500 jt, 35 of 30 new outlets, 20 of 18
    # visits/day
    rows = [
        SheetRow("revenue", D(50), "higher", D(500_000_000), D(550_000_000), cap=D(150)),
        SheetRow("new_outlets", D(30), "higher", D(30), D(35), cap=D(150)),
        SheetRow("visits_per_day", D(20), "higher", D(18), D(20), cap=D(120)),
    ]
    result = score_sheet(rows, "exact")
    assert [(str(r.score), str(r.final_score)) for r in result.rows] == [
        ("110.00", "55.00"),
        ("116.67", "35.00"),
        ("111.11", "22.22"),
    ]
    assert result.total == D("112.22")

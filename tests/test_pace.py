"""Pace targets, the pace score and the projection (docs/contracts.md "Month to date, pace and
projection"), by hand: kpi.pace is pure and scores through kpi.scoring."""

from decimal import Decimal as D

from kpi.pace import (
    PaceRow,
    Progress,
    is_additive,
    pace_sheet,
    pace_target,
    per_working_day,
    projected_actual,
)
from kpi.scoring import ROW, SheetRow, score_sheet

# Andi's GT scorecard: revenue (additive, 50), new outlets (additive, 30), visits per day
# (ratio, 20); targets Rp 100.000.000, 30 outlets, 18 visits a day.
TARGETS = {"revenue": D(100_000_000), "new_outlets": D(30), "visits_per_day": D(18)}
WEIGHTS = {"revenue": D(50), "new_outlets": D(30), "visits_per_day": D(20)}


def rows(revenue, new_outlets, visits_per_day):
    actuals = {"revenue": revenue, "new_outlets": new_outlets, "visits_per_day": visits_per_day}
    return [
        PaceRow(code, WEIGHTS[code], is_additive(code), TARGETS[code], actuals[code], cap=D(150))
        for code in ("revenue", "new_outlets", "visits_per_day")
    ]


def test_additive_and_ratio_metrics():
    for metric in ("revenue", "orders", "new_outlets", "visits", "field_days", "active_outlets"):
        assert is_additive(metric)
    for metric in ("productive_calls", "distribution_points", "new_product_listings"):
        assert is_additive(metric)
    assert is_additive("revenue@focus") and is_additive("outlets@focus")
    for metric in ("aov", "visits_per_day", "hit_rate", "osa", "oos_rate", "revenue_growth_mom"):
        assert not is_additive(metric)
    assert not is_additive("numeric_distribution@focus")  # a percentage
    assert not is_additive(None)  # a manual KPI: the figure entered for the month


def test_pace_targets_mid_month():
    half = Progress(working_days=26, elapsed=13)
    assert pace_target(D(100_000_000), additive=True, progress=half) == D(50_000_000)
    assert pace_target(D(30), additive=True, progress=half) == D(15)
    assert pace_target(D(18), additive=False, progress=half) == D(18)  # a ratio: full target
    assert pace_target(None, additive=True, progress=half) is None


def test_pace_score_mid_month_by_hand():
    # 13 of 26 working days: pace targets Rp 50.000.000, 15 outlets, 18 visits a day.
    # revenue 45.000.000 / 50.000.000 = 90 → 45; outlets 12 / 15 = 80 → 24;
    # visits 19 / 18 = 105.5556 → 21.1111; total 90.1111 → 90.11.
    result = pace_sheet(rows(D(45_000_000), D(12), D(19)), Progress(26, 13))
    assert result.pace_targets == [D(50_000_000), D(15), D(18)]
    assert [r.score for r in result.sheet.rows] == [D("90.00"), D("80.00"), D("105.56")]
    assert [r.final_score for r in result.sheet.rows] == [D("45.00"), D("24.00"), D("21.11")]
    assert result.total == D("90.11")
    # Projection: Rp 45.000.000 × 26 / 13 = Rp 90.000.000, 12 × 2 = 24 outlets, 19 a day.
    assert result.projected == [D(90_000_000), D(24), D(19)]


def test_pace_score_on_the_first_working_day():
    # 1 of 26: revenue pace target 100.000.000 / 26; Rp 5.000.000 is 130 % of it → 65.00;
    # 2 outlets against 30/26 = 173.33 % → capped at 150 → 45.00; 17 / 18 = 94.44 → 18.89;
    # total 65 + 45 + 18.8889 = 128.89.
    result = pace_sheet(rows(D(5_000_000), D(2), D(17)), Progress(26, 1))
    assert [r.score for r in result.sheet.rows] == [D("130.00"), D("150.00"), D("94.44")]
    assert result.sheet.rows[1].capped
    assert result.total == D("128.89")
    assert result.projected == [D(130_000_000), D(52), D(17)]


def test_on_the_last_day_the_pace_score_is_the_months_scorecard():
    actuals = rows(D(106_870_000), D(31), D("19.2"))
    result = pace_sheet(actuals, Progress(26, 26))
    month = score_sheet(
        [SheetRow(r.kpi, r.weight, r.direction, r.target, r.actual, r.cap) for r in actuals]
    )
    assert result.pace_targets == [D(100_000_000), D(30), D(18)]
    assert result.total == month.total == D("105.77")  # 53.435 + 31 + 21.3333
    assert result.projected == [D(106_870_000), D(31), D("19.2")]
    # After the month (as of a later day) nothing changes either.
    assert pace_sheet(actuals, Progress(26, 26)).total == result.total


def test_row_rounding_mode_is_the_templates():
    # Row mode: 90 → 45, 80 → 24, 105.56 → 106 → 21.2 → 21; total 90.
    result = pace_sheet(rows(D(45_000_000), D(12), D(19)), Progress(26, 13), ROW)
    assert [r.final_score for r in result.sheet.rows] == [D(45), D(24), D(21)]
    assert result.total == D(90)


def test_before_the_first_working_day_nothing_is_due_yet():
    nothing = Progress(26, 0)
    assert pace_target(D(30), additive=True, progress=nothing) == D(0)
    assert projected_actual(D(3), additive=True, progress=nothing) == D(3)
    # A pace target of 0 has no ratio: the row has no data and scores 0 (as in kpi.scoring).
    result = pace_sheet(rows(D(0), D(0), None), nothing)
    assert all(r.no_data for r in result.sheet.rows)
    assert result.total == D("0.00")


def test_projection_of_additive_and_ratio_values():
    six_left = Progress(26, 20)
    assert projected_actual(D(20), additive=True, progress=six_left) == D(26)
    assert projected_actual(D("19.5"), additive=False, progress=six_left) == D("19.5")
    assert projected_actual(None, additive=True, progress=six_left) is None
    assert six_left.left == 6


def test_need_per_remaining_working_day():
    # "12 more new outlets → Rp 400.000": ≈ 2 per working day, 6 working days left.
    assert per_working_day(D(12), 6) == D(2)
    assert per_working_day(D(13), 6) == D(3)  # 2.17 a day rounds up: 2 a day is not enough
    assert per_working_day(D("12000000"), 7) == D(1714286)
    assert per_working_day(D("1.5"), 4, whole=False) == D("0.38")
    assert per_working_day(D(0), 6) == D(0)
    assert per_working_day(D(12), 0) is None  # no working day left

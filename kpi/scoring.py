"""The scoring engine: skor, skor akhir and the total of a scorecard. Pure Python, `Decimal` only.

Rules (docs/domain.md "Scoring a scorecard", docs/contracts.md "Scoring"):

- higher is better: ``skor = actual / target × 100``
- lower is better: ``skor = target / actual × 100``
- ``skor akhir = skor × bobot / 100``; the total is the sum of the rows' skor akhir
- ``cap``: a skor above it counts as the cap; a lower-is-better KPI must have one, and an actual
  of 0 then scores the cap (there is no better result than nothing at all)
- ``floor``: a skor below it counts 0
- no data (no actual, or no target or a target of 0): the row scores 0 and says so
- a negative skor (a growth KPI that shrank) counts 0: one row never subtracts from the others

Two rounding modes:

- ``exact``: skor and skor akhir are shown with 2 decimals (half up); the total is the sum of the
  *unrounded* skor akhir, rounded to 2 decimals at the end.
- ``row``: the classic sheets. Each skor is rounded to a whole number, skor akhir is that rounded
  skor × bobot / 100 rounded to a whole number, and the total adds the rounded rows. This is the
  reading that reproduces every row of the three seed sheets (105.83 → 106, 106 × 15 / 100 = 15.9
  → 16; totals 108, 114, 111).

Cap and floor compare with the skor *as the mode defines it* (unrounded in ``exact``, the
whole-number skor in ``row``), so what the sheet shows is what the rule saw. ``attainment`` is
always the exact, unrounded ratio before cap and floor: that is what incentive rules read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HIGHER = "higher"
LOWER = "lower"
EXACT = "exact"
ROW = "row"
ROUNDING_MODES = (EXACT, ROW)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_CENT = Decimal("0.01")
_ONE = Decimal(1)


class ScoringError(ValueError):
    """A row that cannot be scored as given (e.g. lower-is-better without a cap)."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One KPI row of a sheet. `target`/`actual` None means no data."""

    kpi: str
    weight: Decimal
    direction: str = HIGHER
    target: Decimal | None = None
    actual: Decimal | None = None
    cap: Decimal | None = None
    floor: Decimal | None = None


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to build
class RowResult:
    kpi: str
    attainment: Decimal | None  # exact, unrounded, before cap and floor; None when no data
    score: Decimal  # skor as the rounding mode shows it, after cap and floor
    final_score: Decimal  # skor akhir as the rounding mode shows it
    no_data: bool
    capped: bool
    below_floor: bool
    exact_final_score: Decimal  # unrounded skor akhir (exact mode adds these up)


@dataclass(slots=True)
class SheetResult:
    rounding: str
    rows: list[RowResult]
    total: Decimal
    weight_total: Decimal


def _round(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def attainment(target: Decimal | None, actual: Decimal | None, direction: str) -> Decimal | None:
    """The exact skor before cap and floor: actual/target×100 or target/actual×100.

    None when there is no data: no actual, no target, a target of 0, or (lower is better) an
    actual of 0, where the ratio does not exist; `score_sheet` then scores that row the cap.
    """
    if actual is None or target is None or target == 0:
        return None
    if direction == HIGHER:
        return actual / target * HUNDRED
    if direction == LOWER:
        if actual == 0:
            return None
        return target / actual * HUNDRED
    raise ScoringError(f"direction must be 'higher' or 'lower', not {direction!r}")


def score_row(row: SheetRow, rounding: str = EXACT) -> RowResult:
    """Score one row (see the module docstring for the rules)."""
    direction, target, actual, cap, floor = (
        row.direction,
        row.target,
        row.actual,
        row.cap,
        row.floor,
    )
    if direction == HIGHER:
        lower_zero = False
    elif direction == LOWER:
        if cap is None:
            raise ScoringError(f"{row.kpi}: a lower-is-better KPI needs a cap")
        lower_zero = actual is not None and actual == 0 and target is not None and target != 0
    else:
        raise ScoringError(f"{row.kpi}: direction must be 'higher' or 'lower'")
    if row.weight < 0:
        raise ScoringError(f"{row.kpi}: weight cannot be negative")
    row_mode = rounding == ROW
    if not row_mode and rounding != EXACT:
        raise ScoringError(f"rounding must be 'exact' or 'row', not {rounding!r}")

    raw = None if lower_zero else attainment(target, actual, direction)
    no_data = raw is None and not lower_zero
    capped = below_floor = False
    if no_data:
        skor = ZERO
    elif lower_zero:
        skor = cap
        capped = True
    else:
        skor = raw.quantize(_ONE, rounding=ROUND_HALF_UP) if row_mode else raw
        if skor < 0:
            skor = ZERO
        if cap is not None and skor > cap:
            skor = cap
            capped = True
        if floor is not None and skor < floor:
            skor = ZERO
            below_floor = True
    if row_mode:
        skor = skor.quantize(_ONE, rounding=ROUND_HALF_UP)
        exact_final = skor * row.weight / HUNDRED
        final = exact_final.quantize(_ONE, rounding=ROUND_HALF_UP)
        return RowResult(row.kpi, raw, skor, final, no_data, capped, below_floor, exact_final)
    exact_final = skor * row.weight / HUNDRED
    return RowResult(
        row.kpi,
        raw,
        skor.quantize(_CENT, rounding=ROUND_HALF_UP),
        exact_final.quantize(_CENT, rounding=ROUND_HALF_UP),
        no_data,
        capped,
        below_floor,
        exact_final,
    )


def score_sheet(rows: list[SheetRow], rounding: str = EXACT) -> SheetResult:
    """Score a whole sheet: every row and the total, in the given rounding mode.

    The weights are not required to total 100 here (the preview scores partial sheets); templates
    enforce that rule where they are stored.
    """
    if rounding not in ROUNDING_MODES:
        raise ScoringError(f"rounding must be 'exact' or 'row', not {rounding!r}")
    results = [score_row(row, rounding) for row in rows]
    weight_total = sum((row.weight for row in rows), ZERO)
    return SheetResult(rounding, results, sheet_total(results, rounding), weight_total)


def sheet_total(results: list[RowResult], rounding: str) -> Decimal:
    """The total of a scored sheet: the sum of the rounded skor akhir in ``row`` mode, the sum
    of the unrounded skor akhir rounded to 2 decimals in ``exact`` mode."""
    if rounding == ROW:
        return sum((r.final_score for r in results), ZERO)
    return _round(sum((r.exact_final_score for r in results), ZERO), _CENT)

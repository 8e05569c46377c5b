"""Pace and projection of a month in progress (docs/contracts.md "Month to date, pace and
projection"). Pure Python, `Decimal` only; the scoring itself is `kpi.scoring`'s.

- A metric is **additive** (it accumulates over the days of the month: revenue, orders,
  new_outlets, visits, field_days, productive_calls, active_outlets, distribution_points,
  new_product_listings and the group sums `revenue@G`, `outlets@G`) or a **ratio** (the others).
  `numeric_distribution@G` is a percentage, so it is read as a ratio like the catalogue's other
  percentages.
- A **manual** KPI (entered or imported by hand) is read as a ratio: its actual is whatever
  figure was entered for the month, not a sum that grows with the field data, so neither its
  target nor its value is scaled.
- **Pace target**: additive → target × working days elapsed / working days of the month;
  ratio → the full target. From the month's last working day on, the pace target is the
  target, so the pace score equals the month's scorecard.
- **Pace score**: the scorecard (`kpi.scoring.score_sheet`, the template's rounding, caps and
  floors) on the MTD actuals against the pace targets.
- **Projection**: additive → MTD × working days / working days elapsed; ratio → the MTD value.
  Before the first working day (elapsed 0) the projection is the MTD value itself.
- **Need per working day**: what is still needed, spread over the working days left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from .scoring import EXACT, HIGHER, SheetResult, SheetRow, score_sheet

ADDITIVE_METRICS = frozenset(
    {
        "revenue",
        "orders",
        "new_outlets",
        "visits",
        "field_days",
        "productive_calls",
        "active_outlets",
        "distribution_points",
        "new_product_listings",
    }
)
# Group metrics (`NAME@GROUP`) that are ratios although they carry a group.
RATIO_GROUP_METRICS = frozenset({"numeric_distribution"})


def is_additive(metric: str | None) -> bool:
    """Whether a KPI's metric accumulates over the month; None (a manual KPI) is not."""
    if not metric:
        return False
    if "@" in metric:
        return metric.split("@", 1)[0] not in RATIO_GROUP_METRICS
    return metric in ADDITIVE_METRICS


def metric_of_source(source: str | None) -> str | None:
    """`metric:NAME` → NAME; `manual` → None."""
    if source and source.startswith("metric:"):
        return source[len("metric:") :]
    return None


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a month stands: its working days and those elapsed up to the as-of date."""

    working_days: int
    elapsed: int

    @property
    def left(self) -> int:
        return max(0, self.working_days - self.elapsed)

    @property
    def complete(self) -> bool:
        return self.elapsed >= self.working_days


def pace_target(target: Decimal | None, *, additive: bool, progress: Progress) -> Decimal | None:
    """The part of the month's target due by now (see the module docstring)."""
    if target is None or not additive or progress.complete:
        return target
    return target * progress.elapsed / progress.working_days


def projected_actual(mtd: Decimal | None, *, additive: bool, progress: Progress) -> Decimal | None:
    """The month's actual if the rest of the month goes as it went so far."""
    if mtd is None or not additive or progress.elapsed == 0 or progress.complete:
        return mtd
    return mtd * progress.working_days / progress.elapsed


def per_working_day(needed: Decimal, days_left: int, *, whole: bool = True) -> Decimal | None:
    """`needed` spread over the working days left, rounded up (to whole units when `whole`,
    else to 2 decimals): "≈ 2 per working day, 6 working days left". None when no working day
    is left."""
    if days_left <= 0:
        return None
    if needed <= 0:
        return Decimal(0)
    share = needed / days_left
    quantum = Decimal(1) if whole else Decimal("0.01")
    return share.quantize(quantum, rounding=ROUND_CEILING)


@dataclass(frozen=True, slots=True)
class PaceRow:
    """One KPI row of a scorecard as the pace reads it."""

    kpi: str
    weight: Decimal
    additive: bool
    target: Decimal | None
    actual: Decimal | None  # month to date
    direction: str = HIGHER
    cap: Decimal | None = None
    floor: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PaceResult:
    total: Decimal  # the pace score
    pace_targets: list[Decimal | None]
    projected: list[Decimal | None]  # projected month actuals, per row
    sheet: SheetResult  # skor and skor akhir per row, against the pace targets


def pace_sheet(rows: Iterable[PaceRow], progress: Progress, rounding: str = EXACT) -> PaceResult:
    """Score a scorecard's MTD actuals against pace targets, and project its actuals."""
    rows = list(rows)
    targets = [pace_target(r.target, additive=r.additive, progress=progress) for r in rows]
    sheet = score_sheet(
        [
            SheetRow(r.kpi, r.weight, r.direction, target, r.actual, r.cap, r.floor)
            for r, target in zip(rows, targets, strict=True)
        ],
        rounding,
    )
    projected = [projected_actual(r.actual, additive=r.additive, progress=progress) for r in rows]
    return PaceResult(sheet.total, targets, projected, sheet)

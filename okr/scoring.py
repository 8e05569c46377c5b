"""OKR scoring: pure functions on Decimal, no Django.

Key result score
    The progress from the start value to the target, clamped to 0.0–1.0::

        score = (value − start) / (target − start)

    The same formula serves both directions: for a lower-is-better key result the target lies
    below the start, so both differences are negative (start 10 → target 5, value 7 gives
    (7 − 10) / (5 − 10) = 0.6). Moving away from the target scores 0, passing it scores 1.
    A key result with no value yet scores 0.

Objective score
    The weighted mean of its key results' scores (weights are relative, they need not total
    100). It is shown, and compared with an `okr_bonus` rule's `min_score`, rounded to two
    decimals half up, so what a person sees is what pays.

Bands (on the rounded score)
    ========================  =====================  ==========================================
    band                      score                  meaning
    ========================  =====================  ==========================================
    ``off_track``             0.00 ≤ s < 0.40        off track
    ``progressing``           0.40 ≤ s < 0.60        progressing
    ``success``               0.60 ≤ s < 0.90        success (0.6–0.7 is the classic target of
                                                     an ambitious OKR)
    ``check_ambition``        0.90 ≤ s ≤ 1.00        achieved: check the ambition (a steady 1.0
                                                     means the goal was not ambitious enough)
    ========================  =====================  ==========================================
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDREDTH = Decimal("0.01")

HIGHER = "higher"
LOWER = "lower"

OFF_TRACK = "off_track"
PROGRESSING = "progressing"
SUCCESS = "success"
CHECK_AMBITION = "check_ambition"

# Lower edge of each band, highest first: a score belongs to the first band whose edge it reaches.
BAND_EDGES: tuple[tuple[Decimal, str], ...] = (
    (Decimal("0.90"), CHECK_AMBITION),
    (Decimal("0.60"), SUCCESS),
    (Decimal("0.40"), PROGRESSING),
    (ZERO, OFF_TRACK),
)


class ScoringError(ValueError):
    """A key result that cannot be scored as defined (e.g. start equals target)."""


@dataclass(frozen=True)
class KeyResultInput:
    start: Decimal
    target: Decimal
    direction: str
    value: Decimal | None
    weight: Decimal = ONE


def check_definition(*, start: Decimal, target: Decimal, direction: str) -> None:
    """Raise ScoringError unless the target lies on the side of the start that the direction
    says: above it for higher-is-better, below it for lower-is-better."""
    if direction not in (HIGHER, LOWER):
        raise ScoringError(f"direction must be {HIGHER!r} or {LOWER!r}, got {direction!r}")
    if target == start:
        raise ScoringError("the target must differ from the start value")
    if direction == HIGHER and target < start:
        raise ScoringError("higher is better: the target must be above the start value")
    if direction == LOWER and target > start:
        raise ScoringError("lower is better: the target must be below the start value")


def key_result_score(
    *, start: Decimal, target: Decimal, direction: str, value: Decimal | None
) -> Decimal:
    """Progress from start to target, clamped to 0–1, unrounded. No value scores 0."""
    check_definition(start=start, target=target, direction=direction)
    if value is None:
        return ZERO
    progress = (Decimal(value) - start) / (target - start)
    return min(ONE, max(ZERO, progress))


def objective_score(key_results: list[KeyResultInput]) -> Decimal:
    """Weighted mean of the key results' scores, unrounded; an objective with no key results
    (or only zero weights) scores 0."""
    total_weight = sum((kr.weight for kr in key_results), ZERO)
    if total_weight <= 0:
        return ZERO
    weighted = sum(
        (
            kr.weight
            * key_result_score(
                start=kr.start, target=kr.target, direction=kr.direction, value=kr.value
            )
            for kr in key_results
        ),
        ZERO,
    )
    return weighted / total_weight


def display_score(score: Decimal) -> Decimal:
    """Two decimals, half up (0.675 → 0.68)."""
    return Decimal(score).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def band(score: Decimal) -> str:
    """The band of a score, judged on its displayed (rounded) value."""
    shown = display_score(score)
    for edge, name in BAND_EDGES:
        if shown >= edge:
            return name
    return OFF_TRACK


def percent(score: Decimal) -> int:
    """The score as a whole percentage for progress bars (0.675 → 68)."""
    return int((Decimal(score) * 100).quantize(ONE, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ObjectiveOutcome:
    """An objective's result as of a month, as the `okr_bonus` incentive rule reads it.

    `score` is the displayed score (0.00–1.00, two decimals half up); `cycle_end_month` the first
    day of the month in which the objective's cycle ends; `participant_ids` the org.Salesman ids
    of its participants.
    """

    code: str
    score: Decimal
    cycle_end_month: date
    participant_ids: frozenset[int]

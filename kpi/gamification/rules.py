"""The gamification rules, pure (no Django): windows, ranking, badge awards, levels, movement and
the battle's winner (docs/contracts.md "Gamification document").

Values come in as `Decimal | None` (None = no data) keyed by whatever the caller uses for a
person (a salesman id); nothing here reads a database.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from spm.months import add_months, month_end, month_start

WEEK = "week"
MONTH = "month"
WINDOWS = (WEEK, MONTH)
TEAM = "team"
CHANNEL = "channel"
ALL = "all"
SCOPES = (TEAM, CHANNEL, ALL)
TOTAL_SCORE = "total_score"
METRIC_PREFIX = "metric:"

# How the metric catalogue shows a value (outlets/views.py `display_value`): Rupiah and counts
# whole, everything else with two decimals; a scorecard total with two.
_WHOLE_UNITS = {"Rp", "order", "outlet", "visit", "day", "point"}


def places_for(unit: str | None) -> int:
    """The decimals a measure is shown (and ranked) with: 0 for Rupiah and counts, else 2."""
    return 0 if unit in _WHOLE_UNITS else 2


def round_value(value: Decimal | None, places: int) -> Decimal | None:
    """Half up, as every figure of the project."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- windows --------------------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of the Monday-to-Sunday week that holds `day`."""
    return day - timedelta(days=day.weekday())


def window_bounds(window: str, as_of: date) -> tuple[date, date]:
    """The live window that holds `as_of`, up to `as_of`: the week (Monday…as_of, even across a
    month boundary) or the month to date (first of the month…as_of)."""
    if window == WEEK:
        return week_start(as_of), as_of
    if window == MONTH:
        return month_start(as_of), as_of
    raise ValueError(f"unknown window {window!r}")


def complete_window(window: str, as_of: date) -> tuple[date, date]:
    """The last complete window that ended on or before `as_of`: badges are awarded for these
    only (a week ends on Sunday, a month on its last day)."""
    if window == WEEK:
        end = as_of - timedelta(days=(as_of.weekday() + 1) % 7)  # the Sunday on/before as_of
        return end - timedelta(days=6), end
    if window == MONTH:
        if as_of == month_end(as_of):
            return month_start(as_of), as_of
        previous = add_months(month_start(as_of), -1)
        return previous, month_end(previous)
    raise ValueError(f"unknown window {window!r}")


# --- ranking --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ranked:
    key: Hashable
    value: Decimal | None
    rank: int | None


def rank(
    values: Mapping[Hashable, Decimal | None],
    *,
    lower_is_better: bool = False,
    order: Callable[[Hashable], object] = str,
) -> list[Ranked]:
    """Best first; ties share the rank and the next rank is skipped (1, 1, 3); people with no
    data last, without a rank. `order` sorts ties and the no-data people (e.g. by code)."""
    scored = [(key, value) for key, value in values.items() if value is not None]
    scored.sort(key=lambda kv: (kv[1] if lower_is_better else -kv[1], order(kv[0])))
    result: list[Ranked] = []
    previous = None
    current_rank = 0
    for position, (key, value) in enumerate(scored, start=1):
        if value != previous:
            current_rank = position
            previous = value
        result.append(Ranked(key, value, current_rank))
    missing = sorted((key for key, value in values.items() if value is None), key=order)
    result.extend(Ranked(key, None, None) for key in missing)
    return result


def movement(previous_rank: int | None, this_rank: int | None) -> int | None:
    """Previous rank − this rank (positive = climbed); None when either is missing."""
    if previous_rank is None or this_rank is None:
        return None
    return previous_rank - this_rank


def group_key(scope: str, *, team, channel) -> tuple:
    """The group a person is ranked in for a board's or award's scope."""
    if scope == TEAM:
        return (TEAM, team)
    if scope == CHANNEL:
        return (CHANNEL, channel)
    return (ALL, None)


# --- badges ---------------------------------------------------------------------------------


def award_winners(
    values: Mapping[Hashable, Decimal | None],
    award: Mapping,
    *,
    lower_is_better: bool = False,
) -> dict[Hashable, Decimal]:
    """Who earns a badge among `values` (one scope group for a `top` award, everyone for `min`):
    `{"top": N}` → rank ≤ N, ties included; a higher-is-better measure needs a value above zero.
    `{"min": X}` → value ≥ X (≤ X for a lower-is-better measure). No data never wins."""
    if "top" in award:
        limit = int(award["top"])
        return {
            entry.key: entry.value
            for entry in rank(values, lower_is_better=lower_is_better)
            if entry.rank is not None
            and entry.rank <= limit
            and (lower_is_better or entry.value > 0)
        }
    threshold = Decimal(str(award["min"]))
    return {
        key: value
        for key, value in values.items()
        if value is not None and (value <= threshold if lower_is_better else value >= threshold)
    }


# --- levels ---------------------------------------------------------------------------------


def mean_of_last(
    scores: Mapping[date, Decimal], closed_months: Iterable[date], months: int
) -> Decimal | None:
    """The mean of the scores of the last `months` closed months that have one (months without
    a score are skipped, so the look-back reaches further); None when there is none."""
    found = [scores[m] for m in sorted(set(closed_months), reverse=True) if m in scores][:months]
    if not found:
        return None
    return sum(found, Decimal(0)) / len(found)


def level_for(mean: Decimal | None, thresholds: Iterable[tuple[int, Decimal]]) -> int | None:
    """The highest level whose `from` the mean reaches; None (nobody moves) without a mean or
    below every threshold."""
    if mean is None:
        return None
    reached = [(start, level) for level, start in thresholds if mean >= start]
    return max(reached)[1] if reached else None


# --- battle ---------------------------------------------------------------------------------


def winner(scores: Mapping[str, Decimal | None]) -> str | None:
    """The channel with the highest mean; None on a tie or without scores."""
    present = {key: value for key, value in scores.items() if value is not None}
    if not present:
        return None
    best = max(present.values())
    leaders = [key for key, value in present.items() if value == best]
    return leaders[0] if len(leaders) == 1 else None

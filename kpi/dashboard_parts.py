"""What the dashboards read from the gamification (boards, badges, levels, the battle), in one
place, scoped as `kpi.gamification.selectors` scopes it. Each part is empty when the
gamification is not installed or not configured, so the pages show what exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import get_language

from spm.months import add_months

from .models import Scorecard

BADGES_SHOWN = 6


def _gamification():
    try:
        from .gamification import levels, selectors
    except ImportError:
        return None
    return selectors, levels


def _name(board) -> str:
    """The board's or badge's name in the reader's language (the other one when missing)."""
    name = board.name
    if isinstance(name, dict):
        first = "en" if (get_language() or "id").startswith("en") else "id"
        return name.get(first) or name.get("id" if first == "en" else "en") or board.code
    return str(name or board.code)


@dataclass(frozen=True)
class MyRank:
    code: str
    name: str
    rank: int | None
    movement: int | None
    value: Decimal | None
    entries: int  # people on the board in his scope
    window_start: date
    window_end: date


@dataclass(frozen=True)
class LevelHint:
    level: int
    next_level: int | None
    next_from: Decimal | None  # the mean score the next level needs
    months: int
    recent: list[tuple[date, Decimal]]  # the closed months the mean would count
    needed_this_month: Decimal | None  # the score this month needs to reach it (with them)


def boards_for_overview(user, as_of: date | None = None) -> list:
    """The live boards `user` sees, limited to his scope."""
    found = _gamification()
    if found is None:
        return []
    selectors, _levels = found
    return [
        {"name": _name(board), "view": selectors.board_view_for(user, board, as_of=as_of)}
        for board in selectors.boards_for(user)
    ]


def gamification_context(month: date, team_names: set[str]) -> dict:
    """The overview's battle: both channels, and the teams among `team_names` (the teams of
    the people the user sees). The boards are on their own page (linked), so the overview's
    query count does not grow with the number of boards."""
    found = _gamification()
    if found is None:
        return {}
    from .gamification.battle import battle

    result = battle(month)
    teams = [row for row in result.teams if row["team"] in team_names]
    return {
        "battle": {"channels": result.channels, "teams": teams, "winner": result.winner},
        "boards_url": "gamification:leaderboards",
    }


def my_ranks(user, salesman) -> list[MyRank]:
    """His rank on each board that applies to him, with movement (names and ranks of his
    scope only; never money)."""
    found = _gamification()
    if found is None:
        return []
    selectors, _levels = found
    result = []
    for board in selectors.boards_for(user):
        view = selectors.board_view_for(user, board)
        mine = next((row for row in view.rows if row.member.pk == salesman.pk), None)
        result.append(
            MyRank(
                code=board.code,
                name=_name(board),
                rank=mine.rank if mine else None,
                movement=mine.movement if mine else None,
                value=mine.value if mine else None,
                entries=len(view.rows),
                window_start=view.start,
                window_end=view.end,
            )
        )
    return result


def my_badges(salesman) -> list:
    found = _gamification()
    if found is None:
        return []
    selectors, _levels = found
    return list(selectors.badges_of(salesman)[:BADGES_SHOWN])


def my_level(salesman, month: date) -> LevelHint | None:
    """His level in force this month and what the next level needs: the mean of his last
    `months` closed scorecard totals reaching the next threshold."""
    found = _gamification()
    if found is None:
        return None
    _selectors, levels = found
    scheme = levels.scheme()
    level = levels.level_in_force(salesman.pk, month)
    if scheme is None:
        return LevelHint(level, None, None, 0, [], None)
    thresholds = sorted((int(t["level"]), Decimal(str(t["from"]))) for t in scheme.thresholds)
    upper = [(lvl, start) for lvl, start in thresholds if lvl > level]
    recent = list(
        Scorecard.objects.filter(
            salesman=salesman, month__lt=month, month__gte=add_months(month, -12)
        )
        .order_by("-month")
        .values_list("month", "total")[: max(scheme.months - 1, 0)]
    )
    if not upper:
        return LevelHint(level, None, None, scheme.months, recent, None)
    next_level, next_from = upper[0]
    needed = next_from * scheme.months - sum(total for _m, total in recent)
    needed = max(Decimal(0), needed.quantize(Decimal("0.01"), rounding=ROUND_CEILING))
    return LevelHint(level, next_level, next_from, scheme.months, recent, needed)


def my_battle(user, month: date):
    found = _gamification()
    if found is None:
        return None
    selectors, _levels = found
    return selectors.battle_for(user, month)

"""What the dashboards read from the gamification (boards, badges, levels, the battle), in one
place, scoped as `kpi.gamification.selectors` scopes it. Each part is empty when the
gamification is not installed or not configured, so the pages show what exists.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, QuerySet, Window
from django.utils.translation import get_language

from spm.months import add_months

from .gamification.battle import ranked_teams
from .gamification.refreshes import (
    COMPUTED_SECONDS,
    PUBLISHED_SECONDS,
    Published,
    battle_cached,
    full_battle_key,
    published,
    published_stamp,
    record_published,
)
from .models import Scorecard

BADGES_SHOWN = 6
# The overview's battle shows the best this many of the user's teams (all on the boards' page).
BATTLE_TEAMS_SHOWN = 20
BATTLE_READ = 60  # the user's teams read at most (HR of a national sales force: 2,000)
CACHE_SECONDS = COMPUTED_SECONDS  # what a page computed itself (no refresh published)


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


def gamification_context(month: date, teams: QuerySet, stamp: str = "none") -> dict:
    """The overview's battle: both channels, and the best BATTLE_TEAMS_SHOWN of the battle's
    teams that are among `teams` (org.Team: the teams of the people the user sees), with how
    many are. The boards are on their own page (linked), so the overview's query count does not
    grow with the number of boards. The user's teams are matched by name in the database and
    read BATTLE_READ at most: one query for a user with up to BATTLE_READ teams in the battle,
    two for more (HR of a national sales force, 2,000 teams, reads about BATTLE_TEAMS_SHOWN
    names, not 2,000)."""
    found = _gamification()
    if found is None:
        return {}
    result = battle_cached(month, published_stamp(month) or stamp)
    ranked = ranked_teams(result.teams)
    candidates = [row["team"] for row in ranked]
    names = teams.order_by("name").filter(name__in=candidates)
    # The user's teams among the battle's, and how many (a window over all of them).
    read = list(
        names.annotate(total=Window(Count("pk"))).values_list("name", "total")[:BATTLE_READ]
    )
    total = read[0][1] if read else 0
    mine = {name for name, _total in read}
    if total > len(read):
        # More than BATTLE_READ of them (HR: every team): the first `prefix` of the battle's
        # teams hold at least BATTLE_TEAMS_SHOWN of his, since at most len - total are not his.
        prefix = BATTLE_TEAMS_SHOWN + len(candidates) - total
        mine = set(names.filter(name__in=candidates[:prefix]).values_list("name", flat=True))
    shown = [row for row in ranked if row["team"] in mine][:BATTLE_TEAMS_SHOWN]
    return {
        "battle": {
            "channels": result.channels,
            "teams": shown,
            "teams_total": total,
            "winner": result.winner,
        },
        "boards_url": "gamification:leaderboards",
    }


def _stamp(live) -> str:
    """The refresh the month's stored figures come from (kpi.live's as_of and computed_at)."""
    if live is None:
        return "none"
    return f"{live.as_of.isoformat()}-{live.computed_at.timestamp():.0f}"


def _board_key(board, as_of: date, stamp: str) -> str:
    return f"dash:board:{board.code}:{board.updated_at.timestamp():.0f}:{as_of}:{stamp}"


def _publish_ranks(board, as_of: date, stamp: str, seconds: int = CACHE_SECONDS) -> dict:
    """Compute the live board once and cache every person's entry of it under his own key
    (rank, movement, value, the size of his group, the window), plus a marker that the board
    is done: each later page reads its own few entries, not the whole board."""
    from .gamification.boards import live_board

    view = live_board(board, as_of, stamp=stamp, seconds=seconds)
    if board.scope == "team":
        group_of = lambda row: ("team", row.member.team_id)  # noqa: E731
    else:
        group_of = lambda row: ("channel", row.member.channel)  # noqa: E731
    sizes: dict = {}
    for row in view.rows:
        sizes[group_of(row)] = sizes.get(group_of(row), 0) + 1
    base = _board_key(board, as_of, stamp)
    entries = {
        f"{base}:{row.member.pk}": (
            row.rank,
            row.movement,
            row.value,
            sizes[group_of(row)],
            view.start,
            view.end,
        )
        for row in view.rows
    }
    entries[base] = (view.start, view.end)
    cache.set_many(entries, seconds)
    return entries


def my_ranks(user, salesman, live=None) -> list[MyRank]:
    """His rank on each board that applies to him, with movement: the live board as of the
    month's last data, computed once per refresh of the month, ranked in his own group (his
    team on a team board, his channel otherwise); names and ranks only, never money."""
    found = _gamification()
    if found is None:
        return []
    selectors, _levels = found
    month = live.month if live is not None else None
    last = published(month) if month is not None else None
    if last is not None:
        as_of, stamp = last.as_of, last.stamp
    else:
        as_of = live.as_of if live is not None else selectors.today() - timedelta(days=1)
        stamp = _stamp(live)
    boards = list(selectors.boards_for(user))
    keys = []
    for board in boards:
        base = _board_key(board, as_of, stamp)
        keys += [base, f"{base}:{salesman.pk}"]
    cached = cache.get_many(keys)
    result = []
    for board in boards:
        base = _board_key(board, as_of, stamp)
        if base not in cached:
            cached.update(_publish_ranks(board, as_of, stamp))
        start, end = cached[base]
        mine = cached.get(f"{base}:{salesman.pk}")
        rank, movement, value, entries = mine[:4] if mine else (None, None, None, 0)
        result.append(
            MyRank(
                code=board.code,
                name=_name(board),
                rank=rank,
                movement=movement,
                value=value,
                entries=entries,
                window_start=start,
                window_end=end,
            )
        )
    return result


def my_badges(salesman) -> list:
    found = _gamification()
    if found is None:
        return []
    selectors, _levels = found
    return list(selectors.badges_of(salesman)[:BADGES_SHOWN])


def my_level(salesman, month: date, closed_scores: dict | None = None) -> LevelHint | None:
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
    if closed_scores is None:
        closed_scores = dict(
            Scorecard.objects.filter(
                salesman=salesman, month__lt=month, month__gte=add_months(month, -12)
            ).values_list("month", "total")
        )
    recent = sorted(closed_scores.items(), reverse=True)[: max(scheme.months - 1, 0)]
    if not upper:
        return LevelHint(level, None, None, scheme.months, recent, None)
    next_level, next_from = upper[0]
    needed = next_from * scheme.months - sum(total for _m, total in recent)
    needed = max(Decimal(0), needed.quantize(Decimal("0.01"), rounding=ROUND_CEILING))
    return LevelHint(level, next_level, next_from, scheme.months, recent, needed)


def _battle_key(month: date, stamp: str, team: str | None = None) -> str:
    """The cache key of the month's battle channels, or of one team's rows (a team's name may
    hold any character: hashed, as cache keys must be plain)."""
    base = f"dash:my-battle:{month:%Y-%m}:{stamp}"
    if team is None:
        return base
    return f"{base}:{hashlib.sha256(team.encode()).hexdigest()}"


def _publish_battle(month: date, stamp: str, seconds: int = CACHE_SECONDS) -> dict:
    """The battle (once per refresh) cached for the salesmen's pages as its channels and winner
    under one key and each team's rows under their own: a page reads two small entries, not the
    2,000 teams of a national sales force (issue 17)."""
    result = battle_cached(month, stamp)
    entries: dict = {_battle_key(month, stamp): (result.channels, result.winner)}
    for row in result.teams:
        entries.setdefault(_battle_key(month, stamp, row["team"]), []).append(row)
    cache.set_many(entries, seconds)
    return entries


def publish_month(month: date) -> int:
    """Compute the month's boards and battle once, for its last refresh, and cache them under
    that refresh's stamp (`PUBLISHED_SECONDS`): each board whole (the leaderboard pages, as of
    the last data day and as of today, their default) and as every person's entry (the
    dashboards), the battle whole and by team; drop what the refresh before published. Run
    after each refresh of the month commits (`month_refreshed`), on the worker: otherwise a
    page computed them after every refresh, and every page asking meanwhile did the same (the
    GT week board 5 s at 20,000 salesmen). The number of entries cached (0: no gamification
    or no refresh)."""
    found = _gamification()
    if found is None:
        return 0
    from .gamification.models import Board
    from .live_models import PaceScore

    latest = PaceScore.objects.filter(month=month).order_by("-computed_at").first()
    if latest is None:
        return 0
    from .gamification.boards import live_board, live_board_key, store_live_board

    selectors, _levels = found
    refreshed = Published(latest.as_of, _stamp(latest), selectors.today())
    as_of, stamp = refreshed.as_of, refreshed.stamp
    before = published(month)
    boards = list(Board.objects.filter(active=True))
    ranks = {board.pk: _publish_ranks(board, as_of, stamp, PUBLISHED_SECONDS) for board in boards}
    # The leaderboard pages: each board as of the last data day and as of today (their default
    # day) stored for this refresh, so a page reads its rows by the database.
    days = {as_of} | ({refreshed.today} if refreshed.today.replace(day=1) == month else set())
    for board in boards:
        for day in sorted(days):
            view = live_board(board, day, stamp=stamp, seconds=PUBLISHED_SECONDS)
            if not view.stored:
                store_live_board(view, stamp)
    battle = battle_cached(month, stamp)
    cache.set(full_battle_key(month, stamp), battle, PUBLISHED_SECONDS)
    teams = _publish_battle(month, stamp, PUBLISHED_SECONDS)
    record_published(month, refreshed)
    if before is not None and before.stamp != stamp:
        old = before.stamp
        stale = [full_battle_key(month, old), _battle_key(month, old)]
        stale += [_battle_key(month, old, row["team"]) for row in battle.teams]
        for board in boards:
            new_base, old_base = (
                _board_key(board, as_of, stamp),
                _board_key(board, before.as_of, old),
            )
            stale += [old_base + key[len(new_base) :] for key in ranks[board.pk]]  # entries, marker
            stale += [live_board_key(board, day, old) for day in {before.as_of, before.today}]
        cache.delete_many(stale)
    return sum(len(entries) for entries in ranks.values()) + len(teams) + 1


def on_month_refreshed(sender=None, *, month: date, **kwargs) -> None:
    """`kpi.live.month_refreshed` receiver (KpiConfig.ready): publish the month's boards and
    battle once the refresh has committed (robust: a cache that fails leaves the refresh standing
    and the pages computing what they miss)."""
    transaction.on_commit(lambda: publish_month(month), robust=True)


def my_battle(salesman, month: date, live=None):
    """Both channels, and his own team's row."""
    if _gamification() is None:
        return None
    stamp = published_stamp(month) or _stamp(live)
    team = salesman.team.name if salesman.team_id else None
    base = _battle_key(month, stamp)
    mine = _battle_key(month, stamp, team) if team else None
    cached = cache.get_many([key for key in (base, mine) if key])
    if base not in cached:
        cached = _publish_battle(month, stamp)
    channels, winner = cached[base]
    return {"channels": channels, "teams": cached.get(mine, []), "winner": winner}

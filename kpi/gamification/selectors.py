"""Reads that depend on who asks: the boards a user sees, a board limited to his scope, badges,
level history and the battle (docs/contracts.md "Who sees a leaderboard")."""

from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from org.models import Salesman, User
from org.policy import own_profile
from org.visibility import (
    leaderboard_people_visible_to,
    salesmen_visible_to,
    sees_everyone,
    teams_visible_to,
    visible_to,
)
from spm.months import JAKARTA

from .battle import Battle, ranked_teams
from .boards import BoardView, live_board, paged_board, stored_snapshot
from .models import BadgeAward, Board, SalesmanLevel
from .refreshes import PUBLISHED_SECONDS, month_battle, published_stamp


def today() -> date:
    return datetime.now(JAKARTA).date()


def boards_for(user: User) -> QuerySet[Board]:
    """The active boards `user` sees: a salesman those that apply to him; a supervisor or a
    manager those that apply to someone he sees; HR and admins all."""
    boards = Board.objects.filter(active=True)
    if not user.is_authenticated:
        return boards.none()
    if sees_everyone(user):
        return boards
    own = own_profile(user)
    if user.role == "salesman":
        if own is None:
            return boards.none()
        return boards.filter(applies_role="salesman").filter(
            Q(applies_channel="") | Q(applies_channel=own.channel)
        )
    kinds = set(salesmen_visible_to(user).filter(active=True).values_list("user__role", "channel"))
    wanted = Q(pk__in=[])
    for role, channel in kinds:
        wanted |= Q(applies_role=role) & (Q(applies_channel="") | Q(applies_channel=channel))
    return boards.filter(wanted)


def board_for(user: User, code: str) -> Board:
    board = boards_for(user).filter(code=code).first()
    if board is None:
        raise Http404
    return board


def _scope_names(user: User, board: Board) -> QuerySet | None:
    """The groups (team names or channel codes) `user` may pick on `board`, by name; None on
    a company-wide board."""
    people = leaderboard_people_visible_to(user, scope=board.scope)
    if board.scope == "team":
        return people.exclude(team=None).order_by("team__name").values_list("team__name", flat=True)
    if board.scope == "channel":
        return people.order_by("channel").values_list("channel", flat=True)
    return None


def scopes_for(user: User, board: Board, limit: int | None = None) -> list[str]:
    """The groups `user` may pick on `board`, the first `limit` by name (HR of a national sales
    force has 2,000 teams: the page lists 50 and takes a typed name above that)."""
    names = _scope_names(user, board)
    if names is None:
        return []
    names = names.distinct()
    return list(names[:limit] if limit is not None else names)


def may_pick_scope(user: User, board: Board, scope: str) -> bool:
    names = _scope_names(user, board)
    field = "team__name" if board.scope == "team" else "channel"
    return names is not None and names.filter(**{field: scope}).exists()


def board_view_for(
    user: User, board: Board, *, as_of: date | None = None, scope: str | None = None
) -> BoardView:
    """The board as `user` may see it: his scope's rows only; a scope he may not pick is 404.
    A stored board (published for the date, or the live board the month's last refresh stored)
    is read a page at a time by the database; otherwise the board is computed (and cached)."""
    if scope and not may_pick_scope(user, board, scope):
        raise Http404
    as_of = as_of or today()
    stamp = published_stamp(as_of.replace(day=1))  # the month's last refresh, if published
    snapshot = stored_snapshot(board, as_of, stamp)
    if snapshot is not None:
        view = paged_board(snapshot, scope)
    else:
        view = live_board(board, as_of, scope, stamp=stamp, seconds=PUBLISHED_SECONDS)
    if sees_everyone(user):  # every row: no list of everyone to filter by
        return view
    ids = leaderboard_people_visible_to(user, scope=board.scope).values_list("pk", flat=True)
    return view.only(ids)


def best_teams(battle: Battle, shown: int) -> list[dict]:
    """The battle's best `shown` teams (highest mean first, teams without one last)."""
    return ranked_teams(battle.teams)[:shown]


def awards_visible_to(user: User, salesman: Salesman | None = None) -> QuerySet[BadgeAward]:
    awards = visible_to(user, BadgeAward.objects.select_related("badge", "salesman"))
    if salesman is not None:
        awards = awards.filter(salesman=salesman)
    return awards.order_by("-window_end", "badge__position", "salesman__code")


def badges_of(salesman: Salesman) -> QuerySet[BadgeAward]:
    """A salesman's awards, newest first (for his own pages, already scoped by the caller)."""
    return (
        BadgeAward.objects.filter(salesman=salesman)
        .select_related("badge")
        .order_by("-window_end", "badge__position")
    )


def level_history(salesman: Salesman) -> QuerySet[SalesmanLevel]:
    return SalesmanLevel.objects.filter(salesman=salesman).order_by("-month", "-recorded_at")


def visible_salesman_or_404(user: User, code: str) -> Salesman:
    person = salesmen_visible_to(user).filter(code=code).first()
    if person is None:
        raise Http404
    return person


def battle_for(user: User, month: date) -> Battle:
    """The month's battle: both channels' means for everyone, the teams `user` sees. Computed
    once per refresh of the month (`refreshes.month_battle`: 0.2 s at 20,000
    salesmen, which every leaderboard page paid)."""
    result = month_battle(month)
    teams = result.teams
    if not sees_everyone(user):  # everyone's: no need to read the 2,000 teams' names
        mine = set(teams_visible_to(user).values_list("name", flat=True))
        teams = [t for t in teams if t["team"] in mine]
    return Battle(
        result.month,
        result.channels,
        teams,
        result.winner,
        result.recorded,
    )

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

from .battle import Battle
from .boards import BoardView, live_board
from .models import BadgeAward, Board, SalesmanLevel


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


def scopes_for(user: User, board: Board) -> list[str]:
    """The groups (team names or channel codes) `user` may pick on `board`."""
    people = leaderboard_people_visible_to(user, scope=board.scope)
    if board.scope == "team":
        return sorted(
            set(people.exclude(team=None).values_list("team__name", flat=True).distinct())
        )
    if board.scope == "channel":
        return sorted(set(people.values_list("channel", flat=True).distinct()))
    return []


def board_view_for(
    user: User, board: Board, *, as_of: date | None = None, scope: str | None = None
) -> BoardView:
    """The board as `user` may see it: his scope's rows only; a scope he may not pick is 404."""
    if scope and scope not in scopes_for(user, board):
        raise Http404
    from ..dashboard_parts import PUBLISHED_SECONDS, published_stamp

    as_of = as_of or today()
    stamp = published_stamp(as_of.replace(day=1))  # the month's last refresh, if published
    view = live_board(board, as_of, scope, stamp=stamp, seconds=PUBLISHED_SECONDS)
    ids = leaderboard_people_visible_to(user, scope=board.scope).values_list("pk", flat=True)
    return view.only(ids)


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
    once per refresh of the month (`kpi.dashboard_parts.month_battle`: 0.2 s at 20,000
    salesmen, which every leaderboard page paid)."""
    from ..dashboard_parts import month_battle

    result = month_battle(month)
    teams = set(teams_visible_to(user).values_list("name", flat=True))
    return Battle(
        result.month,
        result.channels,
        [t for t in result.teams if t["team"] in teams],
        result.winner,
        result.recorded,
    )

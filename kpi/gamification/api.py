"""The gamification API (docs/contracts.md "Gamification document"): boards, a board's entries,
badge awards, a salesman's levels and the month's battle, each scoped as the pages are."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from spm.api_fields import MonthField
from spm.months import current_month, format_month
from spm.pagination import NumberedPages, page_parameters

from .boards import BoardView
from .measures import places
from .rules import round_value
from .selectors import (
    awards_visible_to,
    battle_for,
    board_for,
    board_view_for,
    boards_for,
    level_history,
    visible_salesman_or_404,
)


def value_text(value, measure: str) -> str | None:
    return None if value is None else str(round_value(value, places(measure)))


def board_json(view: BoardView, rows: list | None = None) -> dict:
    """The board and its entries: `rows` (a page of them) or all."""
    measure = view.board.measure
    return {
        "board": view.board.code,
        "as_of": view.as_of.isoformat(),
        "window": {"start": view.start.isoformat(), "end": view.end.isoformat()},
        "stored": view.stored,
        "entries": [
            {
                "rank": row.rank,
                "salesman": row.member.code,
                "name": row.member.name,
                "team": row.member.team,
                "value": value_text(row.value, measure),
                "movement": row.movement,
            }
            for row in (view.rows if rows is None else rows)
        ],
    }


BoardSerializer = inline_serializer(
    "Leaderboard",
    many=True,
    fields={
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "measure": serializers.CharField(),
        "window": serializers.CharField(),
        "scope": serializers.CharField(),
        "applies_to": inline_serializer(
            "LeaderboardAppliesTo",
            {"role": serializers.CharField(), "channel": serializers.CharField(allow_null=True)},
        ),
    },
)
EntrySerializer = inline_serializer(
    "LeaderboardEntry",
    many=True,
    fields={
        "rank": serializers.IntegerField(allow_null=True),
        "salesman": serializers.CharField(),
        "name": serializers.CharField(),
        "team": serializers.CharField(),
        "value": serializers.CharField(allow_null=True),
        "movement": serializers.IntegerField(allow_null=True),
    },
)
BoardEntriesSerializer = inline_serializer(
    "LeaderboardEntries",
    {
        "board": serializers.CharField(),
        "as_of": serializers.DateField(),
        "window": inline_serializer(
            "LeaderboardWindow", {"start": serializers.DateField(), "end": serializers.DateField()}
        ),
        "stored": serializers.BooleanField(),
        "count": serializers.IntegerField(help_text="entries in the caller's scope, all pages"),
        "next": serializers.URLField(allow_null=True, help_text="the next page of entries"),
        "previous": serializers.URLField(allow_null=True, help_text="the previous page"),
        "entries": EntrySerializer,
    },
)


class BoardPages(NumberedPages):
    """A board's entries, a page at a time in rank order (a national channel board holds
    16,000 people)."""


class BoardQuery(serializers.Serializer):
    as_of = serializers.DateField(required=False)
    scope = serializers.CharField(required=False, max_length=100)


class LeaderboardList(APIView):
    """The boards the caller sees."""

    pagination_class = None

    @extend_schema(responses={200: BoardSerializer})
    def get(self, request):
        return Response(
            [
                {
                    "code": b.code,
                    "name": b.display_name,
                    "measure": b.measure,
                    "window": b.window,
                    "scope": b.scope,
                    "applies_to": {"role": b.applies_role, "channel": b.applies_channel or None},
                }
                for b in boards_for(request.user)
            ]
        )


class LeaderboardDetail(APIView):
    """A board's entries as of a date (a stored snapshot when one exists, else live), limited
    to the caller's scope: names, ranks and the board's value, never money; a page of them
    (`count` in all, `next` and `previous`)."""

    @extend_schema(
        parameters=[BoardQuery, *page_parameters(BoardPages, "entries")],
        responses={200: BoardEntriesSerializer},
    )
    def get(self, request, code: str):
        query = BoardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        board = board_for(request.user, code)
        view = board_view_for(
            request.user,
            board,
            as_of=query.validated_data.get("as_of"),
            scope=query.validated_data.get("scope"),
        )
        pages = BoardPages()
        rows = pages.paginate_queryset(view.rows, request, view=self)
        data = board_json(view, rows)
        entries = data.pop("entries")
        data.update(
            count=pages.page.paginator.count,
            next=pages.get_next_link(),
            previous=pages.get_previous_link(),
            entries=entries,
        )
        return Response(data)


class AwardQuery(serializers.Serializer):
    salesman = serializers.CharField(required=False, max_length=40)


AwardSerializer = inline_serializer(
    "BadgeAward",
    many=True,
    fields={
        "badge": serializers.CharField(),
        "salesman": serializers.CharField(),
        "window_start": serializers.DateField(),
        "window_end": serializers.DateField(),
        "value": serializers.CharField(),
    },
)


class BadgeAwardList(APIView):
    """Badge awards of the people the caller sees (`?salesman=CODE`: one of them)."""

    pagination_class = None

    @extend_schema(parameters=[AwardQuery], responses={200: AwardSerializer})
    def get(self, request):
        query = AwardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        code = query.validated_data.get("salesman")
        person = visible_salesman_or_404(request.user, code) if code else None
        return Response(
            [
                {
                    "badge": award.badge.code,
                    "salesman": award.salesman.code,
                    "window_start": award.window_start.isoformat(),
                    "window_end": award.window_end.isoformat(),
                    "value": value_text(award.value, award.badge.measure),
                }
                for award in awards_visible_to(request.user, person)[:1000]
            ]
        )


LevelSerializer = inline_serializer(
    "SalesmanLevel",
    many=True,
    fields={
        "month": serializers.CharField(),
        "level": serializers.IntegerField(),
        "source": serializers.CharField(),
    },
)


class SalesmanLevels(APIView):
    """A salesman's level history, newest first (404 outside the caller's scope)."""

    pagination_class = None

    @extend_schema(responses={200: LevelSerializer})
    def get(self, request, code: str):
        person = visible_salesman_or_404(request.user, code)
        return Response(
            [
                {"month": format_month(row.month), "level": row.level, "source": row.source}
                for row in level_history(person)
            ]
        )


class BattleQuery(serializers.Serializer):
    month = MonthField(required=False)


BattleSerializer = inline_serializer(
    "Battle",
    {
        "month": serializers.CharField(),
        "channels": inline_serializer(
            "BattleChannel",
            {"channel": serializers.CharField(), "score": serializers.CharField(allow_null=True)},
            many=True,
        ),
        "count": serializers.IntegerField(help_text="the teams the caller sees, all pages"),
        "next": serializers.URLField(allow_null=True, help_text="the next page of teams"),
        "previous": serializers.URLField(allow_null=True, help_text="the previous page"),
        "teams": inline_serializer(
            "BattleTeam",
            {
                "team": serializers.CharField(),
                "channel": serializers.CharField(),
                "score": serializers.CharField(allow_null=True),
            },
            many=True,
        ),
        "winner": serializers.CharField(allow_null=True),
    },
)


class BattleTeamPages(NumberedPages):
    """The battle's teams the caller sees, a page at a time by name (HR of a national sales
    force sees 2,000)."""


class BattleView(APIView):
    """The month's GT vs MT battle (the recorded result once the month is closed): both
    channels, and a page of the teams the caller sees (`count` in all, `next`, `previous`)."""

    @extend_schema(
        parameters=[BattleQuery, *page_parameters(BattleTeamPages, "teams")],
        responses={200: BattleSerializer},
    )
    def get(self, request):
        if not request.user.is_authenticated:
            raise Http404
        query = BattleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data.get("month") or current_month()
        result = battle_for(request.user, month)
        pages = BattleTeamPages()
        teams = pages.paginate_queryset(result.teams, request, view=self)
        return Response(
            {
                "month": format_month(month),
                "channels": result.channels,
                "count": pages.page.paginator.count,
                "next": pages.get_next_link(),
                "previous": pages.get_previous_link(),
                "teams": teams,
                "winner": result.winner,
            }
        )

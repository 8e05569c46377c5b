"""The salesman's dashboard page (his own month so far) and its API, `/api/v1/dashboard/`."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from org.policy import own_profile

from .my_month import chart_data, my_month


def _own(user):
    """The signed-in person's own sales-force profile; 404 without one (HR, admins)."""
    person = own_profile(user)
    if person is None:
        raise Http404
    return person


def chart_labels() -> dict:
    return {"score_label": _("Total score"), "amount_label": _("Incentive")}


@login_required
def my_month_page(request):
    mine = my_month(request.user, _own(request.user))
    return render(
        request,
        "incentives/my_month.html",
        {"mine": mine, "chart_data": chart_data(mine, chart_labels())},
    )


def _text(value):
    """A number as an exact string without trailing zeros ("12.5", "500000")."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def dashboard_json(mine) -> dict:
    """docs/contracts.md "Dashboard API": the same facts as the page, numbers as strings."""
    live, projection = mine.live, mine.projection
    return {
        "salesman": mine.salesman.code,
        "month": f"{mine.month:%Y-%m}",
        "as_of": None if mine.as_of is None else mine.as_of.isoformat(),
        "working_days": live.working_days if live else None,
        "working_days_elapsed": live.elapsed if live else None,
        "working_days_left": live.days_left if live else None,
        "pace_score": _text(live.pace_score) if live else None,
        "projected_score": _text(live.projected_score) if live else None,
        "kpis": [
            {
                "kpi": row.kpi,
                "name": row.name,
                "unit": row.unit,
                "actual": None if row.no_data else _text(row.actual),
                "pace_target": _text(row.pace_target),
                "target": _text(row.target),
                "score": _text(row.score),
                "projected": _text(row.projected),
            }
            for row in (live.rows if live else [])
        ],
        "incentive": None
        if projection is None
        else {
            "earned": _text(projection.earned),
            "projected": _text(projection.projected),
            "is_projection": True,
            "next_tiers": [
                {
                    "rule": hint.rule,
                    "label": hint.label,
                    "kpi": hint.kpi,
                    "needed": _text(hint.needed),
                    "amount": _text(hint.amount),
                    "reward": hint.reward,
                    "per_working_day": _text(hint.per_working_day),
                    "working_days_left": hint.days_left,
                }
                for hint in projection.next_tiers
            ],
        },
        "ranks": [
            {
                "board": rank.code,
                "name": rank.name,
                "rank": rank.rank,
                "of": rank.entries,
                "movement": rank.movement,
                "value": _text(rank.value),
            }
            for rank in mine.ranks
        ],
        "badges": [
            {
                "badge": award.badge.code,
                "window_start": award.window_start.isoformat(),
                "window_end": award.window_end.isoformat(),
            }
            for award in mine.badges
        ],
        "level": None
        if mine.level is None
        else {
            "level": mine.level.level,
            "next_level": mine.level.next_level,
            "next_from": _text(mine.level.next_from),
            "needed_this_month": _text(mine.level.needed_this_month),
        },
        "battle": None
        if mine.battle is None
        else {
            "channels": mine.battle["channels"],
            "teams": mine.battle["teams"],
            "winner": mine.battle["winner"],
        },
        "history": [
            {
                "month": f"{h.month:%Y-%m}",
                "score": _text(h.score),
                "amount": _text(h.amount),
                "run_status": h.run_status,
            }
            for h in mine.history
        ],
    }


class DashboardSerializer(serializers.Serializer):
    """The dashboard document (see docs/contracts.md "Dashboard API")."""

    salesman = serializers.CharField()
    month = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    working_days = serializers.IntegerField(allow_null=True)
    working_days_elapsed = serializers.IntegerField(allow_null=True)
    working_days_left = serializers.IntegerField(allow_null=True)
    pace_score = serializers.CharField(allow_null=True)
    projected_score = serializers.CharField(allow_null=True)
    kpis = serializers.ListField(child=serializers.DictField())
    incentive = serializers.DictField(allow_null=True)
    ranks = serializers.ListField(child=serializers.DictField())
    badges = serializers.ListField(child=serializers.DictField())
    level = serializers.DictField(allow_null=True)
    battle = serializers.DictField(allow_null=True)
    history = serializers.ListField(child=serializers.DictField())


class MyDashboard(APIView):
    """The signed-in person's own month so far (his own only; 404 without a profile)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        return Response(dashboard_json(my_month(request.user, _own(request.user))))

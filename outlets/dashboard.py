"""The home page panel for supervisors, managers, HR and admin: each visible team's month so far
(or its latest computed month) from the team metric snapshot."""

from org.policy import may_see_teams
from spm.months import current_month

from .metrics import METRICS
from .models import TeamMetricValue
from .selectors import metric_teams_visible_to
from .views import display_value

PANEL_METRICS = ["revenue", "new_outlets", "visits_per_day", "hit_rate"]
MAX_TEAMS = 8


def panel(request):
    if not may_see_teams(request.user):
        return None
    teams = list(metric_teams_visible_to(request.user)[:MAX_TEAMS])
    if not teams:
        return None
    this_month = current_month()
    snapshots = TeamMetricValue.objects.filter(team__in=teams, month__lte=this_month)
    latest = snapshots.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return None
    values: dict[int, dict] = {}
    for team_id, metric, value in snapshots.filter(
        month=latest, metric__in=PANEL_METRICS
    ).values_list("team_id", "metric", "value"):
        values.setdefault(team_id, {})[metric] = value
    rows = [
        {
            "team": team,
            "cells": [
                None
                if values.get(team.pk, {}).get(code) is None
                else display_value(code, values[team.pk][code])
                for code in PANEL_METRICS
            ],
        }
        for team in teams
    ]
    return (
        "outlets/_panel.html",
        {
            "month": latest,
            "is_current": latest == this_month,
            "headers": [METRICS[code].label for code in PANEL_METRICS],
            "rows": rows,
        },
    )

"""The team overview (supervisors, managers, HR, admins): pace scores, heat map, trends, Pareto,
the battle and the boards of a month, for the people the user sees (org.visibility)."""

import csv
import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from openpyxl import Workbook

from org.models import Channel
from org.policy import may_see_teams
from spm.months import add_months, current_month, format_month

from ..overview import (
    PICK_LIST_MAX,
    Filters,
    build_overview,
    filter_choices,
    visible_people,
)
from ..tables import PaceTable
from .common import month_from

EXPORT_COLUMNS = ["salesman", "name", "team", "channel", "pace_score", "total", "projected_score"]


def _filters(request, choices: dict) -> Filters:
    """The month and the team, channel and territory asked for; a team or territory outside
    the user's scope answers 404. A team or territory may also be given by its name, as the
    typed filters send it (`PICK_LIST_MAX`); a name of none of the user's is left out and said
    (`choices["not_found"]`)."""
    month = month_from(request) if request.GET.get("month") else current_month()

    def pick(name: str, options: list[dict]) -> int | None:
        text = (request.GET.get(name) or "").strip()
        if not text:
            return None
        if not text.isdigit():
            by_name = {option["name"].casefold(): option["pk"] for option in options}
            found = by_name.get(text.casefold())
            if found is None:
                choices.setdefault("not_found", []).append(text)
            return found
        if not any(str(option["pk"]) == text for option in options):
            raise Http404
        return int(text)

    channel = request.GET.get("channel") or None
    if channel and channel not in Channel.values:
        raise Http404
    return Filters(
        month=month,
        team=pick("team", choices["teams"]),
        channel=channel,
        territory=pick("territory", choices["territories"]),
    )


def _name_of(pk: int | None, options: list[dict]) -> str:
    return next((option["name"] for option in options if option["pk"] == pk), "")


def _cell(value):
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else value


def _export(overview, fmt: str) -> HttpResponse:
    rows = [
        [p.code, p.name, p.team, p.channel, p.pace_score, p.total, p.projected_score]
        for p in overview.people
    ]
    name = f"team-overview-{format_month(overview.filters.month)}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows([[_cell(c) for c in row] for row in rows])
        body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("overview")
        sheet.append(EXPORT_COLUMNS)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        body = out.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _chart_data(overview) -> dict:
    def curve(result):
        return [[float(p.item_share), float(p.revenue_share)] for p in result.points]

    return {
        "trend": {
            "labels": [format_month(p.month) for p in overview.trend],
            "score": [None if p.score is None else float(p.score) for p in overview.trend],
            "revenue": [None if p.revenue is None else float(p.revenue) for p in overview.trend],
            "score_label": _("Mean score"),
            "revenue_label": _("Revenue"),
        },
        "pareto": {
            "outlets": curve(overview.pareto_outlets),
            "products": curve(overview.pareto_products),
            "x_label": _("Share of items (%)"),
            "y_label": _("Cumulative share of revenue (%)"),
            "outlets_label": _("Outlets"),
            "products_label": _("SKUs"),
        },
    }


def _gamification(month, choices, as_of):
    """The battle of the user's teams, when the gamification app is installed."""
    from ..dashboard_parts import gamification_context

    teams = {team["name"] for team in choices["teams"]}
    return gamification_context(month, teams, stamp=str(as_of))


@login_required
def team_overview(request):
    if not may_see_teams(request.user):
        raise Http404
    people = visible_people(request.user)
    choices = filter_choices(people)
    filters = _filters(request, choices)
    overview = build_overview(request.user, filters, people)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return _export(overview, fmt)
    # The ranked rows themselves (their attributes are the columns): a dict per person cost
    # HR's overview 0.18 s at 20,000 salesmen for the 50 a page shows.
    table = PaceTable(overview.people, is_current=overview.is_current)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("page", None)
    query.pop("sort", None)
    month = filters.month
    return render(
        request,
        "kpi/overview.html",
        {
            "overview": overview,
            "table": table,
            "choices": choices,
            "team_search": len(choices["teams"]) > PICK_LIST_MAX,
            "team_name": _name_of(filters.team, choices["teams"]),
            "territory_search": len(choices["territories"]) > PICK_LIST_MAX,
            "territory_name": _name_of(filters.territory, choices["territories"]),
            "filters": filters,
            "month": month,
            "previous": format_month(add_months(month, -1)),
            "next": format_month(add_months(month, 1)),
            "query": query.urlencode(),
            "chart_data": _chart_data(overview),
            **_gamification(month, choices, overview.as_of),
        },
    )

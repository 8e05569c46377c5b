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

from org.policy import may_see_teams
from spm.months import add_months, current_month, format_month

from ..overview import (
    Overview,
    build_overview,
    cached_paretos,
    choose_filters,
    claim_pareto,
    ranked_people,
    teams_in_view,
)
from ..tables import CountedPaginator, PaceTable
from ..tasks import queue_overview_pareto
from .common import month_from

EXPORT_COLUMNS = ["salesman", "name", "team", "channel", "pace_score", "total", "projected_score"]
EXPORT_CHUNK = 2000


def _cell(value):
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else value


def _export(people, month, fmt: str) -> HttpResponse:
    """Every person of the scope in rank order (`ranked_people`), read as a stream."""
    rows = (
        [
            row["code"],
            row["name"],
            row["team_name"] or "",
            row["channel"],
            row["pace_score"],
            row["total"],
            row["projected_score"],
        ]
        for row in people.iterator(chunk_size=EXPORT_CHUNK)
    )
    name = f"team-overview-{format_month(month)}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows([_cell(c) for c in row] for row in rows)
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


def _chart_data(overview: Overview) -> dict:
    def curve(result):
        return (
            []
            if result is None
            else [[float(p.item_share), float(p.revenue_share)] for p in result.points]
        )

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


def _gamification(user, month, as_of):
    """The battle of the user's teams, when the gamification app is installed."""
    from ..dashboard_parts import gamification_context

    return gamification_context(month, teams_in_view(user), stamp=str(as_of))


def _queue_pareto(user, overview: Overview) -> None:
    """A large scope's Pareto is not cached: queue its task once (the page says it is on its
    way). With Celery eager it has run by the time this returns: the page shows it."""
    marker = claim_pareto(overview.pareto_scope)
    if marker is not None:
        queue_overview_pareto(user=user, filters=overview.filters, queued=marker)
    found = cached_paretos(overview.pareto_scope)
    if found is not None:
        overview.pareto_outlets, overview.pareto_products = found


@login_required
def team_overview(request):
    if not may_see_teams(request.user):
        raise Http404
    month = month_from(request) if request.GET.get("month") else current_month()
    choices = choose_filters(
        request.user,
        month=month,
        team=request.GET.get("team") or "",
        channel=request.GET.get("channel") or "",
        territory=request.GET.get("territory") or "",
    )
    filters = choices.filters
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return _export(ranked_people(request.user, filters), month, fmt)
    overview = build_overview(request.user, filters)
    if overview.pareto_pending:
        _queue_pareto(request.user, overview)
    # The ranked people as a query: the table reads one page of it (LIMIT/OFFSET), told how
    # many there are; a clicked header sorts in SQL (kpi.tables.PaceTable).
    table = PaceTable(overview.people, is_current=overview.is_current)
    pages = {"per_page": 50, "paginator_class": CountedPaginator, "count": overview.people_count}
    RequestConfig(request, paginate=pages).configure(table)
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "kpi/overview.html",
        {
            "overview": overview,
            "table": table,
            "choices": choices,
            "filters": filters,
            "month": month,
            "previous": format_month(add_months(month, -1)),
            "next": format_month(add_months(month, 1)),
            "query": query.urlencode(),
            "chart_data": _chart_data(overview),
            **_gamification(request.user, month, overview.as_of),
        },
    )

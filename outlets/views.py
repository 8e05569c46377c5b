"""The field pages: outlets (list and detail), a salesman's month metrics, a team's month metrics
with its Pareto. Every page starts from `org.visibility` (through `outlets.selectors`); anything
outside the user's scope answers 404."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from org.models import Salesman
from org.policy import may_see_teams, own_profile
from org.visibility import get_visible_or_404, salesmen_visible_to
from spm import formats as fmt
from spm.months import add_months, current_month, format_month, parse_month

from .filters import OutletFilter
from .metrics import METRICS, metric_definition, metric_label, metric_unit
from .models import MetricValue, TeamMetricValue
from .selectors import (
    audits_visible_to,
    get_team_or_404,
    latest_metric_month,
    metric_teams_visible_to,
    order_lines_visible_to,
    orders_of_outlet,
    outlets_visible_to,
    pareto,
    visits_visible_to,
)
from .tables import AuditTable, OutletTable, VisitTable

WHOLE_UNITS = {"order", "outlet", "visit", "day", "point"}
# The catalogue's units (codes, as the API gives them) as people read them in their language.
UNIT_LABELS = {
    "Rp": "Rp",
    "%": "%",
    "order": _("order"),
    "outlet": _("outlet"),
    "visit": _("visit"),
    "day": _("day"),
    "point": _("point"),
    "visit/day": _("visit/day"),
    "SKU/outlet": _("SKU/outlet"),
    "line/call": _("line/call"),
}
# The metrics shown per member on the team page.
MEMBER_METRICS = [
    "revenue",
    "orders",
    "active_outlets",
    "new_outlets",
    "visits_per_day",
    "hit_rate",
    "new_product_listings",
    "osa",
]


def display_value(code: str, value) -> str:
    """A metric value as people read it: Rupiah, whole counts, or two decimals."""
    unit = metric_unit(code)
    if unit == "Rp":
        return fmt.rupiah(value)
    if unit in WHOLE_UNITS:
        return fmt.number(value, 0)
    text = fmt.number(value, 2)
    return f"{text} %" if unit == "%" else text


def _month_or_404(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_month(text)
    except ValueError as exc:
        raise Http404 from exc


def _default_month(snapshots) -> date:
    """This month when it has a snapshot, else the latest month that has one, else this month."""
    this_month = current_month()
    latest = latest_metric_month(snapshots.filter(month__lte=this_month))
    if snapshots.filter(month=this_month).exists() or latest is None:
        return this_month
    return latest


def _catalogue_rows(values: dict) -> list[dict]:
    rows = []
    for code, metric in METRICS.items():
        value = values.get(code)
        rows.append(
            {
                "code": code,
                "label": metric.label,
                "unit": metric.unit,
                "unit_label": UNIT_LABELS.get(metric.unit, metric.unit),
                "definition": metric.definition,
                "value": value,
                "display": None if value is None else display_value(code, value),
            }
        )
    # the SKU groups' metrics (revenue@focus …), stored beside the catalogue's
    for code in sorted(code for code in values if "@" in code):
        value = values[code]
        unit = metric_unit(code)
        rows.append(
            {
                "code": code,
                "label": metric_label(code),
                "unit": unit,
                "unit_label": UNIT_LABELS.get(unit, unit),
                "definition": metric_definition(code),
                "value": value,
                "display": None if value is None else display_value(code, value),
            }
        )
    return rows


@login_required
def outlet_list(request):
    salesmen = salesmen_visible_to(request.user)
    outlet_filter = OutletFilter(
        request.GET, queryset=outlets_visible_to(request.user), salesmen=salesmen
    )
    table = OutletTable(outlet_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "outlets/outlet_list.html", {"filter": outlet_filter, "table": table})


@login_required
def outlet_detail(request, code):
    outlet = get_visible_or_404(request.user, outlets_visible_to(request.user), code=code)
    lines = order_lines_visible_to(request.user).filter(outlet=outlet)
    summary = lines.aggregate(
        revenue=Sum("amount"),
        orders=Count("order_no", distinct=True),
        first=Min("date"),
        last=Max("date"),
    )
    visits = VisitTable(
        visits_visible_to(request.user).filter(outlet=outlet).order_by("-date", "-visit_id"),
        prefix="v-",
    )
    RequestConfig(request, paginate={"per_page": 10}).configure(visits)
    audits = AuditTable(
        audits_visible_to(request.user).filter(outlet=outlet).order_by("-date", "-audit_id"),
        prefix="a-",
    )
    RequestConfig(request, paginate={"per_page": 10}).configure(audits)
    context = {
        "outlet": outlet,
        "summary": summary,
        "orders": orders_of_outlet(request.user, outlet),
        "visits": visits,
        "audits": audits,
    }
    return render(request, "outlets/outlet_detail.html", context)


@login_required
def my_metrics(request):
    """The "Metrics" menu: a salesman's own month; team viewers their teams."""
    if may_see_teams(request.user):
        return redirect("outlets:team-metrics-current")
    profile = own_profile(request.user)
    if profile is None:
        raise Http404
    return redirect("outlets:salesman-metrics-current", code=profile.code)


@login_required
def salesman_metrics(request, code, month=None):
    person = get_visible_or_404(
        request.user,
        Salesman.objects.select_related("user", "team"),
        salesman_field="pk",
        code=code,
    )
    snapshots = MetricValue.objects.filter(salesman=person)
    month = _month_or_404(month or request.GET.get("month")) or _default_month(snapshots)
    values = dict(snapshots.filter(month=month).values_list("metric", "value"))
    months = sorted(set(snapshots.values_list("month", flat=True)), reverse=True)[:24]
    context = {
        "person": person,
        "month": month,
        "computed": bool(values),
        "rows": _catalogue_rows(values),
        "months": [format_month(m) for m in months],
        "previous": format_month(add_months(month, -1)),
        "next": format_month(add_months(month, 1)),
    }
    return render(request, "outlets/salesman_metrics.html", context)


@login_required
def team_metrics(request, team_id=None, month=None):
    teams = metric_teams_visible_to(request.user)
    if team_id is None:
        team_id = request.GET.get("team") or (teams.values_list("pk", flat=True).first())
        if not team_id:
            raise Http404
        try:
            team_id = int(team_id)
        except ValueError as exc:
            raise Http404 from exc
    team = get_team_or_404(request.user, team_id)
    snapshots = TeamMetricValue.objects.filter(team=team)
    month = _month_or_404(month or request.GET.get("month")) or _default_month(snapshots)
    values = dict(snapshots.filter(month=month).values_list("metric", "value"))
    members = list(
        salesmen_visible_to(request.user).filter(team=team).order_by("user__role", "code")
    )
    member_values: dict[int, dict] = {}
    for salesman_id, metric, value in MetricValue.objects.filter(
        month=month, salesman__in=members, metric__in=MEMBER_METRICS
    ).values_list("salesman_id", "metric", "value"):
        member_values.setdefault(salesman_id, {})[metric] = value
    member_rows = [
        {
            "person": person,
            "cells": [
                (
                    None
                    if member_values.get(person.pk, {}).get(code) is None
                    else display_value(code, member_values[person.pk][code])
                )
                for code in MEMBER_METRICS
            ],
        }
        for person in members
    ]
    member_ids = [person.pk for person in members]
    outlets = pareto(salesman_ids=member_ids, month=month, key="outlet")
    products = pareto(salesman_ids=member_ids, month=month, key="product")
    for panel in (outlets, products):
        panel["total_display"] = fmt.rupiah(panel["total"])
        for row in panel["top"]:
            row["revenue_display"] = fmt.rupiah(row["revenue"])
    context = {
        "team": team,
        "teams": teams,
        "month": month,
        "computed": bool(values),
        "rows": _catalogue_rows(values),
        "member_headers": [METRICS[code].label for code in MEMBER_METRICS],
        "member_rows": member_rows,
        "pareto_outlets": outlets,
        "pareto_products": products,
        "previous": format_month(add_months(month, -1)),
        "next": format_month(add_months(month, 1)),
    }
    return render(request, "outlets/team_metrics.html", context)

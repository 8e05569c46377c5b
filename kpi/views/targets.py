"""The targets (and manual actuals) grid of a month, edited inline by managers; the grid's
tables and the reading of a posted grid are `kpi.grid`'s."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from org.periods import is_month_locked
from org.policy import may_configure_kpis
from org.visibility import teams_visible_to
from spm.months import add_months, format_month

from ..configuration import templates_by_person
from ..forms import MonthTeamForm
from ..grid import GRID_KINDS, grid_groups, grid_values
from ..selectors import kpis_of_templates, scored_people_visible_to
from ..targets import save_manual_actuals, save_targets
from .common import month_from


@login_required
def targets(request):
    """The targets of a month as a grid (people × KPIs of their templates), edited inline by
    managers; `?kind=actuals` shows the manual KPIs' actuals the same way."""
    kind = request.GET.get("kind") or request.POST.get("kind") or "targets"
    if kind not in GRID_KINDS:
        raise Http404
    month = month_from(request)
    teams = teams_visible_to(request.user)
    filter_form = MonthTeamForm(
        {"month": format_month(month), "team": request.GET.get("team") or None}, teams=teams
    )
    filter_form.is_valid()
    team = filter_form.cleaned_data.get("team") if filter_form.is_valid() else None
    people = scored_people_visible_to(request.user).filter(active=True).select_related("user")
    if team:
        people = people.filter(team=team)
    page = Paginator(people.order_by("team__name", "code"), 50).get_page(request.GET.get("page"))
    persons = list(page.object_list)
    plan = templates_by_person(persons)
    kpis = kpis_of_templates(sorted(set(plan.values()), key=lambda t: t.code))
    if kind == "actuals":
        kpis = [k for k in kpis if k.source == "manual"]
    model = GRID_KINDS[kind]
    stored = {
        (row.salesman_id, row.kpi_id): row.value
        for row in model.objects.filter(month=month, salesman__in=persons, kpi__in=kpis)
    }
    editable = may_configure_kpis(request.user) and not is_month_locked(month)
    errors: list[str] = []
    if request.method == "POST":
        if not editable:
            raise Http404
        values, errors = grid_values(request.POST, persons, plan, kpis, stored)
        if not errors:
            try:
                saver = save_targets if kind == "targets" else save_manual_actuals
                changed = saver(month=month, values=values, by=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("%(count)s value(s) saved.") % {"count": changed})
                query = request.GET.urlencode()
                return redirect(f"{reverse('kpi:targets')}?{query}")
    typed = request.POST if request.method == "POST" else None
    ordered, rows = grid_groups(persons, plan, stored, kind=kind, typed=typed)
    return render(
        request,
        "kpi/targets.html",
        {
            "kind": kind,
            "keep": [("kind", kind)],
            "keep_team": team,
            "month": month,
            "previous": format_month(add_months(month, -1)),
            "next": format_month(add_months(month, 1)),
            "filter_form": filter_form,
            "team": team,
            "kpis": kpis,
            "rows": rows,
            "groups": [g for g in ordered if g["kpis"]],
            "without": [row["person"] for g in ordered if not g["kpis"] for row in g["rows"]],
            "page": page,
            "editable": editable,
            "locked": is_month_locked(month),
            "errors": errors,
        },
    )

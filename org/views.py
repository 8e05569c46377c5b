from importlib import import_module
from importlib.util import find_spec

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django_tables2 import RequestConfig

from .filters import AuditEntryFilter, SalesmanFilter, TeamFilter
from .models import AuditEntry, Role, Salesman
from .tables import AuditEntryTable, SalesmanTable, TeamTable
from .visibility import get_visible_or_404, salesmen_visible_to, teams_visible_to

# Apps add panels to the home page by providing `<app>/dashboard.py` with
# `panel(request) -> tuple[str, dict] | None` (a template name and its context, or nothing).
HOME_PANEL_MODULES = ["kpi.dashboard", "incentives.dashboard", "okr.dashboard", "outlets.dashboard"]


def _home_panels(request) -> list[tuple[str, dict]]:
    panels = []
    for name in HOME_PANEL_MODULES:
        if find_spec(name) is None:
            continue
        panel = import_module(name).panel(request)
        if panel is not None:
            panels.append(panel)
    return panels


@login_required
def home(request):
    """The landing page: the user's own profile and the people and teams in his scope."""
    profile = Salesman.objects.filter(user=request.user).select_related("team").first()
    people = salesmen_visible_to(request.user)
    context = {
        "profile": profile,
        "people_count": people.count(),
        "active_count": people.filter(active=True).count(),
        "panels": _home_panels(request),
        "teams": teams_visible_to(request.user).annotate(
            member_count=Count("members", filter=Q(members__active=True))
        ),
    }
    return render(request, "org/home.html", context)


@login_required
def people_list(request):
    teams = teams_visible_to(request.user)
    people_filter = SalesmanFilter(
        request.GET, queryset=salesmen_visible_to(request.user), teams=teams
    )
    table = SalesmanTable(people_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "org/people_list.html", {"filter": people_filter, "table": table})


@login_required
def person_detail(request, code):
    person = get_visible_or_404(
        request.user,
        Salesman.objects.select_related("user", "team", "territory", "reports_to"),
        salesman_field="pk",
        code=code,
    )
    reports = salesmen_visible_to(request.user).filter(reports_to=person)
    return render(request, "org/person_detail.html", {"person": person, "reports": reports})


@login_required
def team_list(request):
    teams = teams_visible_to(request.user).annotate(
        member_count=Count("members", filter=Q(members__active=True))
    )
    team_filter = TeamFilter(request.GET, queryset=teams)
    table = TeamTable(team_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "org/team_list.html", {"filter": team_filter, "table": table})


AUDIT_READERS = {Role.MANAGER, Role.HR, Role.ADMIN}


@login_required
def audit_list(request):
    """The audit trail, for managers and HR (DESIGN.md); anyone else gets 404."""
    if not (request.user.is_superuser or request.user.role in AUDIT_READERS):
        raise Http404
    entries = AuditEntryFilter(request.GET, queryset=AuditEntry.objects.select_related("actor"))
    table = AuditEntryTable(entries.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "org/audit_list.html", {"filter": entries, "table": table})

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tables2 import RequestConfig
from rest_framework.authtoken.models import Token

from . import policy, services
from .authentication import token_expires_at
from .filters import AuditEntryFilter, SalesmanFilter, TeamFilter
from .models import Salesman
from .panels import home_panels
from .tables import AuditEntryTable, SalesmanTable, TeamTable
from .visibility import (
    audit_entries_visible_to,
    get_visible_or_404,
    salesmen_visible_to,
    teams_visible_to,
)


@login_required
def home(request):
    """The landing page: the user's own profile and the people and teams in his scope."""
    profile = policy.own_profile(request.user)
    if policy.sees_only_own(request.user):  # a salesman sees himself: no need to count
        people_count = int(profile is not None)
        active_count = int(profile is not None and profile.active)
    else:
        people = salesmen_visible_to(request.user)
        people_count, active_count = people.count(), people.filter(active=True).count()
    context = {
        "profile": profile,
        "people_count": people_count,
        "active_count": active_count,
        "panels": home_panels(request),
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
    history = person.assignments.select_related("team").order_by(F("start").asc(nulls_first=True))
    return render(
        request,
        "org/person_detail.html",
        {"person": person, "reports": reports, "history": history},
    )


@login_required
def team_list(request):
    teams = teams_visible_to(request.user).annotate(
        member_count=Count("members", filter=Q(members__active=True))
    )
    team_filter = TeamFilter(request.GET, queryset=teams)
    table = TeamTable(team_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "org/team_list.html", {"filter": team_filter, "table": table})


@login_required
def audit_list(request):
    """The audit trail, for managers and HR; anyone else gets 404. A manager reads the entries
    about what he may see (`org.visibility.audit_entries_visible_to`)."""
    if not policy.may_read_audit(request.user):
        raise Http404
    entries = AuditEntryFilter(request.GET, queryset=audit_entries_visible_to(request.user))
    table = AuditEntryTable(entries.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "org/audit_list.html", {"filter": entries, "table": table})


@never_cache
@login_required
def api_token(request):
    """The user's own API token: when it was issued and when it expires; issue a new one (shown
    once, the old one stops working) or revoke it. The same services as `/api/v1/me/token/`."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_api_token(user=request.user)
        elif request.POST.get("action") == "issue":
            new_key = services.issue_api_token(user=request.user).key
        else:
            raise Http404
    token = Token.objects.filter(user=request.user).first()
    expires = token_expires_at(token) if token else None
    return render(
        request,
        "org/api_token.html",
        {
            "token": token,
            "expires": expires,
            "expired": bool(expires and expires <= timezone.now()),
            "new_key": new_key,
        },
    )

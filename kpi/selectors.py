"""Reads that depend on who asks. Everything personal starts from `org.visibility`."""

from datetime import date

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404

from org.models import Role, Salesman, User
from org.policy import may_configure_kpis
from org.visibility import salesmen_visible_to, visible_to
from spm.months import current_month

from .models import KPIDefinition, Scorecard, ScorecardRow


def require_configurer(user: User) -> None:
    """Configuration pages (`org.policy.may_configure_kpis`) answer 404 to everyone else:
    forbidden looks like missing."""
    if not may_configure_kpis(user):
        raise Http404


def scorecards_visible_to(user: User) -> QuerySet[Scorecard]:
    cards = Scorecard.objects.select_related("salesman__team", "salesman__user")
    return visible_to(user, cards)


def scorecards_with_rows(queryset: QuerySet[Scorecard]) -> QuerySet[Scorecard]:
    return queryset.prefetch_related(
        Prefetch("rows", queryset=ScorecardRow.objects.order_by("position"))
    )


def scored_people_visible_to(user: User) -> QuerySet[Salesman]:
    """The sales-force profiles in scope who can have a scorecard (not HR/admin users)."""
    return salesmen_visible_to(user).filter(
        user__role__in=[Role.SALESMAN, Role.SUPERVISOR, Role.MANAGER]
    )


def default_month(user: User) -> date:
    """This month, or the latest month with scorecards in the user's scope when this month
    has none yet (early in a month, or a demo seeded for past months)."""
    this_month = current_month()
    cards = scorecards_visible_to(user)
    if cards.filter(month=this_month).exists():
        return this_month
    latest = cards.filter(month__lte=this_month).aggregate(latest=Max("month"))["latest"]
    return latest or this_month


def kpis_of_templates(templates) -> list[KPIDefinition]:
    """The KPIs used by the given templates, in a stable order (template item order)."""
    seen: dict[int, KPIDefinition] = {}
    for template in templates:
        for item in template.items.all():
            seen.setdefault(item.kpi_id, item.kpi)
    return list(seen.values())

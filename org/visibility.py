"""Who may see whom: the one place where role scoping is decided.

Every list, detail, API viewset, table and export starts from these functions. An object outside
the user's scope must answer as if it did not exist (404), never with another person's data.

- salesman: himself
- supervisor: the members of the teams he supervises (and himself)
- manager: the members of the teams he manages (and himself)
- hr, admin: everyone

Every function here takes the user who asks; there is no "None means everyone". Code that acts
for the whole company and not for a person (the monthly close, the command-line export and
imports, nightly tasks) says so with `all_salesmen_for_system()`, never from a request. What a
user may *do* among what he sees is decided in `org/policy.py`.
"""

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Role, Salesman, Team, User

SEES_EVERYONE = {Role.HR, Role.ADMIN}


def _require_user(user: User) -> None:
    if user is None:
        raise TypeError(
            "visibility needs the user who asks; code acting for the whole company uses "
            "all_salesmen_for_system()"
        )


def sees_everyone(user: User) -> bool:
    _require_user(user)
    return user.is_authenticated and (user.is_superuser or user.role in SEES_EVERYONE)


def all_salesmen_for_system() -> QuerySet[Salesman]:
    """Every sales-force profile, unscoped: for commands, tasks and computations that act for
    the company (the command-line export, the close), never for a request or a signed-in user."""
    return Salesman.objects.select_related("user", "team", "territory")


def salesmen_visible_to(user: User) -> QuerySet[Salesman]:
    """The sales-force profiles this user may see."""
    _require_user(user)
    salesmen = Salesman.objects.select_related("user", "team", "territory")
    if not user.is_authenticated:
        return salesmen.none()
    if sees_everyone(user):
        return salesmen.all()
    if user.role == Role.SUPERVISOR:
        return salesmen.filter(Q(team__supervisor=user) | Q(user=user))
    if user.role == Role.MANAGER:
        return salesmen.filter(
            Q(team__manager=user)
            | Q(team__supervisor__salesman__reports_to__user=user)
            | Q(user=user)
        ).distinct()
    return salesmen.filter(user=user)


def teams_visible_to(user: User) -> QuerySet[Team]:
    _require_user(user)
    teams = Team.objects.select_related("supervisor", "manager")
    if not user.is_authenticated:
        return teams.none()
    if sees_everyone(user):
        return teams.all()
    if user.role == Role.SUPERVISOR:
        return teams.filter(supervisor=user)
    if user.role == Role.MANAGER:
        return teams.filter(
            Q(manager=user) | Q(supervisor__salesman__reports_to__user=user)
        ).distinct()
    return teams.filter(members__user=user)


def visible_to(user: User, queryset: QuerySet, salesman_field: str = "salesman") -> QuerySet:
    """Scope any queryset that belongs to a salesman, e.g. orders, scorecards, payout lines.

    `salesman_field` is the lookup path from the model to its `Salesman`.
    """
    if sees_everyone(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    ids = salesmen_visible_to(user).values("id")
    return queryset.filter(**{f"{salesman_field}__in": ids})


def get_visible_or_404(
    user: User, queryset: QuerySet, salesman_field: str = "salesman", **lookup
) -> Model:
    """One object the user may see, or 404: missing and forbidden look the same."""
    try:
        return visible_to(user, queryset, salesman_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc

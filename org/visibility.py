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

from django.apps import apps
from django.db.models import CharField, Exists, Model, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.http import Http404

from .models import Assignment, AuditEntry, Role, Salesman, Team, Territory, User

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


def own_profile(user: User) -> Salesman | None:
    """The user's own sales-force profile ("who am I"), or None (HR, admin, anonymous).

    Remembered on the user object: a request's user is loaded once per request, and a page asks
    "who am I" from several panels, so it costs one query per request, not one per panel."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user._own_profile
    except AttributeError:
        profile = Salesman.objects.select_related("team", "territory").filter(user=user).first()
        user._own_profile = profile
        return profile


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


# Rows that belong to a person *at a time* (people over time, docs/contracts.md): model → how
# the row is dated, ("month", path to its month) or ("day", path to its date). A supervisor or
# manager sees such a row when the person was in one of his teams then (`_in_his_teams_then`),
# not merely when he is now: after a transfer the old supervisor keeps the months they shared.
DATED_ROWS = {
    "kpi.scorecard": ("month", "month"),
    "incentives.payoutstatement": ("month", "run__month"),
    "incentives.payoutline": ("month", "run__month"),
    "outlets.metricsnapshot": ("month", "month"),
    "outlets.metricvalue": ("month", "month"),
    "outlets.orderline": ("day", "date"),
    "outlets.visit": ("day", "date"),
    "outlets.shelfaudit": ("day", "date"),
}


def territories_visible_to(user: User) -> QuerySet[Territory]:
    """The territories of the salesmen the user sees."""
    _require_user(user)
    return Territory.objects.filter(
        pk__in=salesmen_visible_to(user).exclude(territory=None).values("territory_id")
    )


def _in_his_teams_then(user: User, salesman_field: str, kind: str, path: str) -> Q:
    """The rows of people who were in one of `user`'s teams in the row's month (on at least one
    day of it) or on the row's day; himself always; a person with no dated history (made before
    it existed) as `salesmen_visible_to` says."""
    stretches = Assignment.objects.filter(
        salesman=OuterRef(salesman_field), team__in=teams_visible_to(user).values("id")
    )
    when = OuterRef(path)
    if kind == "month":
        stretches = stretches.annotate(first_month=TruncMonth("start")).filter(
            Q(start__isnull=True) | Q(first_month__lte=when),
            Q(end__isnull=True) | Q(end__gte=when),
        )
    else:
        stretches = stretches.filter(
            Q(start__isnull=True) | Q(start__lte=when), Q(end__isnull=True) | Q(end__gte=when)
        )
    undated = ~Exists(Assignment.objects.filter(salesman=OuterRef(salesman_field)))
    now = Q(**{f"{salesman_field}__in": salesmen_visible_to(user).values("id")})
    return Q(**{f"{salesman_field}__user": user}) | (now & undated) | Exists(stretches)


def visible_to(user: User, queryset: QuerySet, salesman_field: str = "salesman") -> QuerySet:
    """Scope any queryset that belongs to a salesman, e.g. orders, scorecards, payout lines.

    `salesman_field` is the lookup path from the model to its `Salesman`. Rows dated in a month
    or on a day (`DATED_ROWS`) follow the assignments in force then.
    """
    if sees_everyone(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    dated = DATED_ROWS.get(queryset.model._meta.label_lower)
    if dated is not None and user.role in (Role.SUPERVISOR, Role.MANAGER):
        return queryset.filter(_in_his_teams_then(user, salesman_field, *dated))
    ids = salesmen_visible_to(user).values("id")
    return queryset.filter(**{f"{salesman_field}__in": ids})


def person_seen_over_time_or_404(user: User, code: str) -> Salesman:
    """One person by code among `people_seen_over_time_by(user)`, or 404."""
    try:
        return people_seen_over_time_by(user).get(code=code)
    except Salesman.DoesNotExist as exc:
        raise Http404 from exc


def people_seen_over_time_by(user: User) -> QuerySet[Salesman]:
    """The people this user sees now, and those who were in one of his teams before (a
    supervisor's former salesman, for the months they shared: read those through
    `visible_to`). For the pages of one person's months (scorecards, statements)."""
    _require_user(user)
    now = salesmen_visible_to(user)
    if not user.is_authenticated or sees_everyone(user) or user.role == Role.SALESMAN:
        return now
    former = Assignment.objects.filter(team__in=teams_visible_to(user).values("id"))
    return Salesman.objects.select_related("user", "team", "territory").filter(
        Q(pk__in=now.values("id")) | Q(pk__in=former.values("salesman_id"))
    )


def get_visible_or_404(
    user: User, queryset: QuerySet, salesman_field: str = "salesman", **lookup
) -> Model:
    """One object the user may see, or 404: missing and forbidden look the same."""
    try:
        return visible_to(user, queryset, salesman_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def leaderboard_people_visible_to(user: User, *, scope: str) -> QuerySet[Salesman]:
    """The people whose rows `user` sees on a leaderboard of `scope` (team, channel or all):
    the one place a salesman sees others (names, ranks and the board's value, never money).

    A salesman sees his own scope: his team on a team board, his channel on a channel board
    and on a company-wide one; a supervisor his team, a manager his teams (whom they see), HR
    and admins everyone (docs/contracts.md "Who sees a leaderboard")."""
    _require_user(user)
    if not user.is_authenticated:
        return Salesman.objects.none()
    if sees_everyone(user) or user.role != Role.SALESMAN:
        return salesmen_visible_to(user)
    own = own_profile(user)
    if own is None:
        return Salesman.objects.none()
    if scope == "team":
        if own.team_id is None:
            return Salesman.objects.filter(pk=own.pk)
        return Salesman.objects.filter(team_id=own.team_id)
    return Salesman.objects.filter(channel=own.channel)


def objectives_visible_to(user: User) -> QuerySet:
    """The OKR objectives this user may see: company objectives for everyone signed in, a team's
    objectives for whoever sees the team, a person's for whoever sees the person."""
    objective = apps.get_model("okr", "Objective")
    objectives = objective.objects.select_related("cycle", "team", "owner", "parent")
    if not user.is_authenticated:
        return objectives.none()
    if sees_everyone(user):
        return objectives.all()
    return objectives.filter(
        Q(level="company")
        | Q(level="team", team__in=teams_visible_to(user).values("id"))
        | Q(level="person", owner__in=salesmen_visible_to(user).values("id"))
    )


# Audit entries about what the whole company shares (plans, scorecard templates, KRAs, KPIs, OKR
# cycles, and a payout run's own transitions: closed, recomputed, approved, locked). Managers
# configure these and approve runs, so they see their history whoever made the change.
COMPANY_WIDE_AUDIT = {
    "incentives.plan",
    "kpi.kra",
    "kpi.kpidefinition",
    "kpi.scorecardtemplate",
    "kpi.levelscheme",
    "okr.cycle",
}
RUN_ADJUSTED = "payout_run.adjusted"


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """The audit trail this user may read: HR and admin everything; anyone else the company-wide
    entries (COMPANY_WIDE_AUDIT, a run's transitions) and the entries about the people, teams and
    objectives he sees: targets and manual actuals (by the salesman they are for), template
    assignments (by the person), adjustments, statement approvals and disputes (by the salesman
    whose pay they touch), teams, and OKR
    objectives (as `objectives_visible_to`). An entry of any other kind is for HR and admin only.

    Who may open the audit page at all is a separate question (org/views.py)."""
    entries = AuditEntry.objects.select_related("actor")
    if not user.is_authenticated:
        return entries.none()
    if sees_everyone(user):
        return entries
    people = salesmen_visible_to(user)
    ids = people.annotate(key=Cast("id", CharField())).values("key")
    codes = people.values("code")
    teams = teams_visible_to(user).annotate(key=Cast("id", CharField())).values("key")
    objectives = objectives_visible_to(user).annotate(key=Cast("id", CharField())).values("key")
    return entries.annotate(
        for_salesman=Cast(
            Coalesce(
                KeyTextTransform("salesman_id", "after"), KeyTextTransform("salesman_id", "before")
            ),
            CharField(),
        ),
        adjusted=KeyTextTransform("salesman", "after"),
    ).filter(
        Q(object_type__in=COMPANY_WIDE_AUDIT)
        | (Q(object_type="incentives.payoutrun") & ~Q(action=RUN_ADJUSTED))
        | Q(object_type="incentives.payoutrun", action=RUN_ADJUSTED, adjusted__in=codes)
        | Q(object_type="incentives.payoutstatement", adjusted__in=codes)
        | Q(object_type="incentives.dispute", adjusted__in=codes)
        | Q(object_type__in=["kpi.target", "kpi.manualactual"], for_salesman__in=ids)
        | Q(object_type="org.salesman", object_id__in=ids)
        | Q(object_type="org.team", object_id__in=teams)
        | Q(object_type="okr.objective", object_id__in=objectives)
    )


def disputes_visible_to(user: User) -> QuerySet:
    """The disputes (incentives.Dispute) this user may see: its salesman, whoever sees him (his
    supervisor and manager), HR and admins; anyone else none (404). Sorted newest first."""
    _require_user(user)
    dispute = apps.get_model("incentives", "Dispute")
    disputes = dispute.objects.select_related("salesman__team", "raised_by", "resolved_by")
    if not user.is_authenticated:
        return disputes.none()
    if sees_everyone(user):
        return disputes.all()
    return disputes.filter(salesman__in=salesmen_visible_to(user).values("id"))


def import_jobs_visible_to(user: User) -> QuerySet:
    """The import jobs (outlets.ImportJob) this user may see: HR and admin every job, anyone else
    the jobs he uploaded himself (a job's report names the rows of his file, not a team's)."""
    _require_user(user)
    job = apps.get_model("outlets", "ImportJob")
    jobs = job.objects.select_related("uploaded_by")
    if not user.is_authenticated:
        return jobs.none()
    if sees_everyone(user):
        return jobs.all()
    return jobs.filter(uploaded_by=user)

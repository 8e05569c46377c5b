"""What a user may do: every permission of the project, named, in one place.

`org/visibility.py` decides *whom* a user sees; this module decides *what he may do* among what he
sees. Pages, the API, exports, tasks and the navigation (through `org.context_processors.policy`)
ask these functions. The only other role sets are the import kinds' (`outlets/imports/base.py`
`ImportKind.roles`), which narrow `may_import` per kind of file.

| check | salesman | supervisor | manager | hr | admin |
|---|---|---|---|---|---|
| `may_see_teams` (team pages, scorecards of others, team metrics) | | x | x | x | x |
| `sees_only_own` (his own pages: phone navigation, own statements) | x | | | | |
| `may_see_runs`, `may_close_months` | | | x | x | x |
| `may_approve_runs` (the statements of the people he sees, not his own) | | | x | | x |
| `may_lock_runs` (an approved run; irreversible) | | | | x | x |
| `may_lock_run_approved_by` (four eyes: not someone who approved it) | | | | x | x |
| `may_adjust_payouts` (people he sees) | | | x | x | x |
| `may_raise_disputes` (own statement; a supervisor for his people) | x | x | | | x |
| `may_resolve_disputes` (accept with an amount, or reject; people he sees) | | | x | x | x |
| `may_see_accruals` (the open months' cost: earned so far, projected) | | | x | x | x |
| `may_edit_plans`, `may_configure_kpis`, `may_manage_okrs` | | | x | | x |
| `may_import`, `may_see_team_targets` | | x | x | | x |
| `may_import_late` (locked months: recorded, restated) | | | x | x | x |
| `may_read_audit` | | | x | x | x |
| `may_manage_calendar` (company days off: page, API, import) | | | | x | x |
| `may_check_in(user, objective)` | own | his teams' | x | | x |

A superuser counts as an admin; an anonymous user may do nothing. Who sees whom stays in
`org/visibility.py`: a check here never widens a scope, and an object outside the scope is still
404 before any check is asked.

Accessors return an object together with what the user may do to it (the model is healthchecks'
`_get_check_for_user` → `(check, is_rw)`): the `Access` types are defined here, the accessors that
load an app's objects live in that app's selectors, because `org` depends on no other app
(docs/architecture.md): `incentives.payouts.selectors.run_for_user(user, period)` →
`(run, RunAccess)` and `statement_for_user(user, period, code)` → `(statement, StatementAccess)`.
"""

from dataclasses import dataclass

from .models import Role, Salesman, User
from .visibility import own_profile as own_profile  # "who am I", used by pages and policy
from .visibility import salesmen_visible_to


def _role(user: User) -> str | None:
    """The role the checks read: a superuser is an admin; anonymous has none."""
    if user is None or not user.is_authenticated:
        return None
    return Role.ADMIN if user.is_superuser else user.role


def _one_of(user: User, *roles: str) -> bool:
    return _role(user) in roles


# --- people and teams ---------------------------------------------------------------------


def may_see_teams(user: User) -> bool:
    """Team aggregates and other people's pages: supervisors, managers, HR and admins."""
    return _one_of(user, Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ADMIN)


def sees_only_own(user: User) -> bool:
    """A salesman: his pages are his own (flat phone navigation, his statements and metrics)."""
    return _one_of(user, Role.SALESMAN)


def may_manage_calendar(user: User) -> bool:
    """The company calendar (days off, holidays worked): HR and admins."""
    return _one_of(user, Role.HR, Role.ADMIN)


def may_read_audit(user: User) -> bool:
    """The audit trail: managers, HR and admins (each sees the entries of his scope)."""
    return _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


# --- payout runs --------------------------------------------------------------------------


def may_see_runs(user: User) -> bool:
    """Run pages: managers (their people's lines), HR and admins."""
    return _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


def may_close_months(user: User) -> bool:
    """Queue a month's close (recomputes the draft run)."""
    return _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


def may_approve_runs(user: User) -> bool:
    """Approve statements of a run: a manager those of the people he sees, an admin any."""
    return _one_of(user, Role.MANAGER, Role.ADMIN)


def may_approve_statement_of(user: User, salesman_id: int) -> bool:
    """Whether `user` may approve the statement of this salesman: someone who may approve runs
    and sees him, never for himself (nobody approves his own pay)."""
    if not may_approve_runs(user):
        return False
    visible = salesmen_visible_to(user).filter(pk=salesman_id)
    return visible.exclude(user=user).exists()


def approvable_salesmen(user: User):
    """The people whose statements `user` approves: those he sees, except himself."""
    if not may_approve_runs(user):
        return Salesman.objects.none()
    return salesmen_visible_to(user).exclude(user=user)


def may_lock_runs(user: User) -> bool:
    """Lock an approved run for payroll (irreversible): HR and admins."""
    return _one_of(user, Role.HR, Role.ADMIN)


def may_lock_run_approved_by(user: User, approver_ids: set[int]) -> bool:
    """Four eyes: whoever approved any statement of a run may not lock it too; the lock is the
    second person's check. (A rule about people: the demo lets its manager approve and HR
    lock.)"""
    return may_lock_runs(user) and user.pk not in approver_ids


def may_adjust_payouts(user: User) -> bool:
    """Add an adjustment for a person he sees: managers, HR and admins."""
    return _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


def may_raise_disputes(user: User) -> bool:
    """Question a statement or one of its lines: the salesman his own, a supervisor for the
    people of his team, an admin (disputes_visible_to says whose)."""
    return _one_of(user, Role.SALESMAN, Role.SUPERVISOR, Role.ADMIN)


def may_resolve_disputes(user: User) -> bool:
    """Accept a dispute (an adjustment in the next open run) or reject it: managers, HR and
    admins, on the disputes they see."""
    return _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


def may_see_accruals(user: User) -> bool:
    """The open months' cost (earned so far, projected at month end): managers for the people
    they see, HR and admins for everyone."""
    return _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


# --- configuration ------------------------------------------------------------------------


def may_edit_plans(user: User) -> bool:
    """Incentive plans (editor, API, simulation): managers and admins."""
    return _one_of(user, Role.MANAGER, Role.ADMIN)


def may_configure_kpis(user: User) -> bool:
    """KRAs, KPIs, templates, weights and targets: managers and admins."""
    return _one_of(user, Role.MANAGER, Role.ADMIN)


def may_see_team_targets(user: User) -> bool:
    """The targets of his teams in the navigation: supervisors (read only), managers and admins
    (who reach them as a tab of the KPI setup)."""
    return _one_of(user, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN)


def may_import(user: User) -> bool:
    """The import pages and API: supervisors, managers and admins (each kind may narrow it)."""
    return _one_of(user, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN)


def may_import_late(user: User | None) -> bool:
    """Import rows dated in a locked month as late data (`--late`, the upload page's box,
    `late=true`): managers, HR and admins; the command (no user) may."""
    return user is None or _one_of(user, Role.MANAGER, Role.HR, Role.ADMIN)


# --- OKRs ---------------------------------------------------------------------------------


def may_manage_okrs(user: User) -> bool:
    """Create and edit cycles, objectives and key results: managers and admins."""
    return _one_of(user, Role.MANAGER, Role.ADMIN)


def may_check_in(user: User, objective) -> bool:
    """Record a check-in on the key results of `objective` (already visible to `user`).

    Managers and admins on any objective; a supervisor on the objectives of the teams he
    supervises and on the person objectives of their members and his own; a salesman on his
    own person objectives; HR reads only. The objective's owner is its `team` (team level) or
    its `owner` person (person level); a company objective has neither.
    """
    role = _role(user)
    if role in (Role.MANAGER, Role.ADMIN):
        return True
    team, owner = objective.team, objective.owner
    if role == Role.SUPERVISOR:
        if team is not None:
            return team.supervisor_id == user.id
        if owner is not None:
            return owner.user_id == user.id or (
                owner.team_id is not None and owner.team.supervisor_id == user.id
            )
        return False
    if role == Role.SALESMAN:
        return owner is not None and owner.user_id == user.id
    return False


# --- what a user may do to one object ------------------------------------------------------


@dataclass(frozen=True)
class RunAccess:
    """What the user may do to one payout run he sees, now (its state included)."""

    may_approve: bool  # statements of his people wait for his approval
    may_lock: bool  # the run is approved and he locks runs
    may_adjust: bool  # he adds adjustments (they land in the first open run)
    to_approve: int = 0  # how many statements his approval would cover
    four_eyes: bool = False  # he would lock, but he approved statements of this run


@dataclass(frozen=True)
class StatementAccess:
    """What the user may do to one payout statement he sees, now."""

    may_approve: bool
    may_adjust: bool


class Permissions:
    """The checks above for one user, as attributes for templates (`{% if may.see_runs %}`);
    each is computed when first read."""

    def __init__(self, user: User):
        self._user = user
        self._cache: dict[str, bool] = {}

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._cache:
            check = _TEMPLATE_CHECKS.get(name)
            if check is None:
                raise AttributeError(name)
            self._cache[name] = check(self._user)
        return self._cache[name]


_TEMPLATE_CHECKS = {
    "see_teams": may_see_teams,
    "own_only": sees_only_own,
    "read_audit": may_read_audit,
    "manage_calendar": may_manage_calendar,
    "see_runs": may_see_runs,
    "approve_runs": may_approve_runs,
    "lock_runs": may_lock_runs,
    "adjust_payouts": may_adjust_payouts,
    "raise_disputes": may_raise_disputes,
    "resolve_disputes": may_resolve_disputes,
    "see_accruals": may_see_accruals,
    "edit_plans": may_edit_plans,
    "configure_kpis": may_configure_kpis,
    "see_team_targets": may_see_team_targets,
    "import_data": may_import,
    "import_late": may_import_late,
    "manage_okrs": may_manage_okrs,
}

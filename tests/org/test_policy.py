"""org/policy.py: every named check against every role, written out by hand (x = allowed).

The people are `tests.factories.World`: team_a (manager_a, supervisor_a; andi, budi) and team_b
(manager_b, supervisor_b; dewi), hr, admin; plus a superuser whose role field was left at its
default (salesman) and an anonymous visitor. The "outsiders" are the other team's supervisor and
manager: role checks do not depend on the team, object checks do.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from okr.models import Level
from org import policy
from org.models import Role
from org.policy import Permissions
from org.visibility import salesmen_visible_to, teams_visible_to
from tests.factories import SalesmanFactory, UserFactory
from tests.okr.factories import CycleFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "andi", "supervisor_a", "manager_a", "hr", "admin", "superuser"]

# check → the people (of WHO) it allows; everyone else is refused.
TABLE = {
    policy.may_see_teams: {"supervisor_a", "manager_a", "hr", "admin", "superuser"},
    policy.sees_only_own: {"andi"},
    policy.may_read_audit: {"manager_a", "hr", "admin", "superuser"},
    policy.may_see_runs: {"manager_a", "hr", "admin", "superuser"},
    policy.may_close_months: {"manager_a", "hr", "admin", "superuser"},
    policy.may_approve_runs: {"manager_a", "admin", "superuser"},
    policy.may_lock_runs: {"hr", "admin", "superuser"},
    policy.may_adjust_payouts: {"manager_a", "hr", "admin", "superuser"},
    policy.may_raise_disputes: {"andi", "supervisor_a", "admin", "superuser"},
    policy.may_resolve_disputes: {"manager_a", "hr", "admin", "superuser"},
    policy.may_see_accruals: {"manager_a", "hr", "admin", "superuser"},
    policy.may_edit_plans: {"manager_a", "admin", "superuser"},
    policy.may_configure_kpis: {"manager_a", "admin", "superuser"},
    policy.may_see_team_targets: {"supervisor_a", "manager_a", "admin", "superuser"},
    policy.may_import: {"supervisor_a", "manager_a", "admin", "superuser"},
    policy.may_import_late: {"manager_a", "hr", "admin", "superuser"},
    policy.may_manage_okrs: {"manager_a", "admin", "superuser"},
    policy.may_manage_calendar: {"hr", "admin", "superuser"},
}


def user_of(world, who):
    if who == "anonymous":
        return AnonymousUser()
    if who == "andi":
        return world.andi.user
    if who == "superuser":
        return UserFactory(username="root", is_superuser=True)  # role left at "salesman"
    return getattr(world, who)


@pytest.mark.parametrize("check", list(TABLE), ids=lambda check: check.__name__)
@pytest.mark.parametrize("who", WHO)
def test_role_checks(world, check, who):
    assert check(user_of(world, who)) is (who in TABLE[check])


def test_every_named_check_is_in_the_table():
    named = {
        name
        for name in dir(policy)
        if (name.startswith("may_") or name == "sees_only_own")
        and name not in {"may_check_in", "may_approve_statement_of", "may_lock_run_approved_by"}
    }
    assert named == {check.__name__ for check in TABLE}


def test_four_eyes_who_approved_does_not_lock(world):
    # Whoever approved a statement of the run may not lock it; the others who lock runs may.
    approvers = {world.admin.pk, world.manager_a.pk}
    assert not policy.may_lock_run_approved_by(world.admin, approvers)
    assert policy.may_lock_run_approved_by(world.hr, approvers)
    assert not policy.may_lock_run_approved_by(world.manager_b, set())  # does not lock runs


@pytest.fixture
def objectives(world):
    cycle = CycleFactory()
    return {
        "company": ObjectiveFactory(cycle=cycle, code="company", level=Level.COMPANY),
        "team_a": ObjectiveFactory(cycle=cycle, code="team-a", level=Level.TEAM, team=world.team_a),
        "team_b": ObjectiveFactory(cycle=cycle, code="team-b", level=Level.TEAM, team=world.team_b),
        "andi": ObjectiveFactory(cycle=cycle, code="andi", level=Level.PERSON, owner=world.andi),
        "budi": ObjectiveFactory(cycle=cycle, code="budi", level=Level.PERSON, owner=world.budi),
        "dewi": ObjectiveFactory(cycle=cycle, code="dewi", level=Level.PERSON, owner=world.dewi),
    }


# who → the objectives he may check in on (of company, team_a, team_b, andi, budi, dewi).
# A supervisor: his team's and its members'; a salesman: his own person objective; HR: none.
CHECK_INS = {
    "anonymous": set(),
    "andi": {"andi"},
    "budi": {"budi"},
    "supervisor_a": {"team_a", "andi", "budi"},
    "supervisor_b": {"team_b", "dewi"},
    "manager_a": {"company", "team_a", "team_b", "andi", "budi", "dewi"},
    "hr": set(),
    "admin": {"company", "team_a", "team_b", "andi", "budi", "dewi"},
}


@pytest.mark.parametrize("who", sorted(CHECK_INS))
def test_may_check_in(world, objectives, who):
    if who in ("andi", "budi"):
        user = getattr(world, who).user
    elif who == "anonymous":
        user = AnonymousUser()
    else:
        user = getattr(world, who)
    allowed = {name for name, o in objectives.items() if policy.may_check_in(user, o)}
    assert allowed == CHECK_INS[who]


def test_a_supervisor_checks_in_on_his_own_person_objective(world):
    own = SalesmanFactory(code="SA", team=world.team_b, user=world.supervisor_a)
    objective = ObjectiveFactory(code="sa", level=Level.PERSON, owner=own)
    assert policy.may_check_in(world.supervisor_a, objective)
    assert not policy.may_check_in(
        world.supervisor_b,
        ObjectiveFactory(
            code="sa2", level=Level.PERSON, owner=SalesmanFactory(code="X1", team=None)
        ),
    )


# who → whose statements he approves (of andi, budi, dewi and manager_a's own profile M1).
APPROVES = {
    "andi": set(),
    "supervisor_a": set(),
    "manager_a": {"A1", "A2"},  # his team; not Dewi (team B), not himself
    "manager_b": {"B1"},
    "hr": set(),
    "admin": {"A1", "A2", "B1", "M1"},
}


@pytest.mark.parametrize("who", sorted(APPROVES))
def test_who_approves_whose_statement(world, who):
    SalesmanFactory(code="M1", team=world.team_a, user=world.manager_a)
    user = world.andi.user if who == "andi" else getattr(world, who)
    people = {"A1": world.andi, "A2": world.budi, "B1": world.dewi}
    people["M1"] = salesmen_visible_to(world.admin).get(code="M1")
    allowed = {code for code, p in people.items() if policy.may_approve_statement_of(user, p.pk)}
    assert allowed == APPROVES[who]
    assert set(policy.approvable_salesmen(user).values_list("code", flat=True)) == APPROVES[who]


def test_own_profile(world):
    assert policy.own_profile(world.andi.user) == world.andi
    assert policy.own_profile(world.hr) is None
    assert policy.own_profile(AnonymousUser()) is None


def test_visibility_needs_the_user_who_asks(world):
    with pytest.raises(TypeError, match="all_salesmen_for_system"):
        salesmen_visible_to(None)
    with pytest.raises(TypeError):
        teams_visible_to(None)


def test_permissions_for_templates(world):
    may = Permissions(world.supervisor_a)
    assert (may.see_teams, may.import_data, may.see_runs, may.configure_kpis) == (
        True,
        True,
        False,
        False,
    )
    with pytest.raises(AttributeError):
        may.fly  # noqa: B018  (an unknown check is an error, not False)


# who → the navigation links on the home page (ids of base.html and the apps' _nav.html).
NAV = {
    "andi": {"nav-my-scorecard", "nav-statements", "nav-okr", "nav-outlets", "nav-my-metrics"},
    "supervisor_a": {
        "nav-people",
        "nav-teams",
        "nav-outlets",
        "nav-team-metrics",
        "nav-import",
        "nav-scorecards",
        "nav-targets",
        "nav-okr",
        "nav-statements",
    },
    "manager_a": {
        "nav-people",
        "nav-teams",
        "nav-audit",
        "nav-outlets",
        "nav-team-metrics",
        "nav-import",
        "nav-scorecards",
        "nav-kpi-setup",
        "nav-okr",
        "nav-runs",
        "nav-statements",
        "nav-plans",
    },
    "hr": {
        "nav-people",
        "nav-teams",
        "nav-audit",
        "nav-outlets",
        "nav-team-metrics",
        "nav-scorecards",
        "nav-okr",
        "nav-runs",
        "nav-statements",
    },
}
ALL_LINKS = set().union(*NAV.values())


@pytest.mark.parametrize("who", sorted(NAV))
def test_navigation_follows_the_policy(world, who):
    client = Client()
    client.force_login(world.andi.user if who == "andi" else getattr(world, who))
    html = client.get("/").content.decode()
    shown = {link for link in ALL_LINKS if f'id="{link}"' in html}
    assert shown == NAV[who]


def test_roles_are_the_five_the_table_knows():
    assert set(Role.values) == {"salesman", "supervisor", "manager", "hr", "admin"}

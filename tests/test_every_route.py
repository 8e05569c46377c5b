"""Every URL of the URL conf, requested by everyone: no 500, 404 outside the scope, and nothing of
team B on anything a user of team A sees.

The objects named in the URLs belong to team B (Dewi, B1) or are company-wide (templates, plans,
KPIs, cycles, the month's run); `tests/route_world.py` plants distinctive markers in team B. Each
route is requested as anonymous, as the owner's side of each role (dewi, supervisor_b,
manager_b) and as the outsider of each role (andi, supervisor_a, manager_a), and as HR and admin
(who see everyone, so they have no outsider). GET for all; the `post` body for forms and API
writes, each inside a savepoint rolled back afterwards so one route's write does not change what
the next one sees.

ROUTES is the matrix: a URL pattern whose name has no entry fails `test_every_route_has_a_matrix_
entry`, so a new URL cannot be added without saying who may reach it. Left out, with reasons:
- the Django admin (`admin:*`): its own staff permission system, held by tests/org/test_admin.py;
- `set_language`: Django's, no object and no data (a redirect for everyone);
- `/media/`: served by Django only with DEBUG, never in tests or production.
"""

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incentives.models import Adjustment
from kpi.models import Target, TemplateAssignment
from okr.models import CheckIn, KeyResult, Objective
from org.models import AuditEntry
from outlets.models import ImportJob, ProductGroup
from tests.route_world import TEAM_B_MARKERS, RouteWorld

SKIPPED = {"set_language"}
SKIPPED_PREFIXES = ("admin:",)

ALL = frozenset({"salesman", "supervisor", "manager", "hr", "admin"})
CONFIGURERS = frozenset({"manager", "admin"})  # KPI set-up, plans, OKR editing
RUN_READERS = frozenset({"manager", "hr", "admin"})
LEADERS = frozenset({"supervisor", "manager", "hr", "admin"})
IMPORTERS = frozenset({"supervisor", "manager", "admin"})
RAISERS = frozenset({"salesman", "supervisor", "admin"})  # disputes: raised, answered by others
NOBODY = frozenset()

# user key → (role, sees team B). The first three of team A are the outsiders of their role.
USERS = {
    "dewi": ("salesman", True),
    "andi": ("salesman", False),
    "supervisor_b": ("supervisor", True),
    "supervisor_a": ("supervisor", False),
    "manager_b": ("manager", True),
    "manager_a": ("manager", False),
    "hr": ("hr", True),
    "admin": ("admin", True),
}
TEAM_A = [user for user, (_role, sees_b) in USERS.items() if not sees_b]


@dataclass(frozen=True)
class Route:
    """How to request one named route and what each user must get.

    kwargs: the URL's arguments, from the world (team B's objects or company-wide ones).
    roles: the roles that may GET it; the others get `denied`.
    scoped: the URL names something of team B: team A's users get 404 (GET and POST).
    ok: the GET status for a user who may see it (a role's own status in `ok_by_role`).
    query: a query string for the GET.
    post: the body of a POST (or None: GET only); `post_roles` may write, the others get
      `post_denied`; a user who may write gets one of `post_ok`.
    post_scoped: the body names something of team B (a person, a key result): team A's users
      must change nothing; they get one of `post_outsider`.
    method: "post", "put" or "patch" for the write; `multipart` sends a form instead of JSON.
    public: reachable without logging in (anonymous gets `ok`).
    """

    kwargs: Callable[[RouteWorld], dict] = lambda w: {}  # noqa: E731
    roles: frozenset = ALL
    scoped: bool = False
    ok: int = 200
    ok_by_role: dict = field(default_factory=dict)
    denied: frozenset = frozenset({404})
    query: str = ""
    post: Callable[[RouteWorld], dict] | None = None
    post_roles: frozenset | None = None
    post_ok: frozenset = frozenset({200, 302, 400})
    post_denied: frozenset = frozenset({404})
    post_scoped: bool = False
    post_outsider: frozenset = frozenset({404})
    method: str = "post"
    multipart: bool = False
    public: bool = False


def dewi(w):
    return {"code": "B1"}


def plan(w):
    return {"code": w.plan_code}


def rule(w):
    return {"code": w.plan_code, "rule_code": w.rule_code}


def template(w):
    return {"code": w.template.code}


def dispute(w):
    return {"pk": w.dispute.pk}


def period(w):
    return {"period": w.period}


def key_result(w):
    return {"pk": w.key_result.pk}


def objective(w):
    return {"code": w.objective.code}


def sku_group(w):
    """A company-wide SKU group (made when missing: each route's walk is rolled back)."""
    group, _created = ProductGroup.objects.get_or_create(
        code="route-focus", defaults={"name": "Fokus"}
    )
    return {"code": group.code}


def import_job(w):
    """An import job manager_b uploaded (each route's walk is rolled back: made when missing)."""
    job, _created = ImportJob.objects.get_or_create(
        file_name="route-orders.csv",
        defaults={
            "kind": "orders",
            "status": ImportJob.Status.DONE,
            "rows_processed": 1,
            "rows_total": 1,
            "result": {"message": "The file is empty."},
            "uploaded_by": w.manager_b,
        },
    )
    return {"pk": job.pk}


def route_board() -> str:
    """A team board of every salesman (each route's walk is rolled back: made when missing)."""
    from kpi.gamification.models import Board

    board, _created = Board.objects.get_or_create(
        code="route-score",
        defaults={"name": "Skor", "measure": "total_score", "window": "month", "scope": "team"},
    )
    return board.code


def route_badge() -> str:
    from kpi.gamification.models import Badge

    badge, _created = Badge.objects.get_or_create(
        code="route-badge",
        defaults={
            "name": "Lencana",
            "measure": "metric:visits",
            "window": "month",
            "award": {"min": 1},
        },
    )
    return badge.code


def gamification_form(kwargs=lambda w: {}) -> Route:
    """An editor form of the gamification document: managers and admins."""
    return Route(kwargs=kwargs, roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS)


def day_off(w):
    """A company day off (company-wide; each route's walk is rolled back: made when missing)."""
    from org.models import CompanyDayOff

    found, _created = CompanyDayOff.objects.get_or_create(
        date=date(2025, 12, 24), defaults={"name": "Cuti bersama"}
    )
    return {"pk": found.pk}


# The working-day calendar (company days off): HR and admins.
CALENDAR_KEEPERS = frozenset({"hr", "admin"})
DAY_OFF_FORM = {"date": "2025-12-31", "name": "Tutup buku", "working": ""}

# An import job is read by its uploader (here a manager of team B), HR and admins.
JOB_READERS = frozenset({"manager", "hr", "admin"})
GET_ONLY = 405
API_DENIED = frozenset({403, 404})
API_POST_OK = frozenset({200, 201, 202, 400})
# A body naming someone outside the user's scope reads like an unknown code.
UNKNOWN_PERSON = frozenset({400, 404})


def okr_form(kwargs) -> Route:
    """An OKR form on team B's objective or key result: configurers only (403 for the others
    before the scope is checked), team A's configurers get 404 and change nothing."""
    return Route(
        kwargs=kwargs,
        roles=CONFIGURERS,
        denied=frozenset({403, 404}),
        scoped=True,
        post=lambda w: {"title_id": "x"},
        post_roles=CONFIGURERS,
        post_denied=frozenset({403, 404}),
        post_scoped=True,
    )


ROUTES: dict[str, Route] = {
    # --- accounts and the home page ---------------------------------------------------------
    "home": Route(),
    "login": Route(public=True, post=lambda w: {}, post_roles=ALL, post_ok=frozenset({200})),
    # logging out sends everyone to the login page
    "logout": Route(
        ok=GET_ONLY, public=True, post=lambda w: {}, post_roles=ALL, post_ok=frozenset({"login"})
    ),
    # --- org --------------------------------------------------------------------------------
    "org:people": Route(),
    "org:person": Route(kwargs=dewi, scoped=True),
    "org:teams": Route(),
    "org:audit": Route(roles=RUN_READERS),
    # one's own API token: everyone signed in, about himself only
    "org:api-token": Route(
        post=lambda w: {"action": "revoke"}, post_roles=ALL, post_ok=frozenset({200})
    ),
    # the working-day calendar: HR and admins
    "org:calendar": Route(roles=CALENDAR_KEEPERS, query="?year=2025"),
    "org:day-off-add": Route(
        roles=CALENDAR_KEEPERS, post=lambda w: DAY_OFF_FORM, post_roles=CALENDAR_KEEPERS
    ),
    "org:day-off-edit": Route(
        kwargs=day_off,
        roles=CALENDAR_KEEPERS,
        post=lambda w: DAY_OFF_FORM,
        post_roles=CALENDAR_KEEPERS,
    ),
    "org:day-off-delete": Route(
        kwargs=day_off, roles=CALENDAR_KEEPERS, post=lambda w: {}, post_roles=CALENDAR_KEEPERS
    ),
    # --- the API: org ---------------------------------------------------------------------
    "api-root": Route(),
    "api-me": Route(),
    "api-my-token": Route(
        ok=GET_ONLY, post=lambda w: {}, post_roles=ALL, post_ok=frozenset({200, 201})
    ),
    "salesman-list": Route(),
    "salesman-detail": Route(kwargs=dewi, scoped=True),
    "team-list": Route(),
    "territory-list": Route(),
    "holiday-list": Route(
        roles=CALENDAR_KEEPERS,
        post=lambda w: {"date": "2025-12-30", "name": "Tutup buku", "working": False},
        post_roles=CALENDAR_KEEPERS,
        post_ok=frozenset({201}),
    ),
    "holiday-detail": Route(kwargs=day_off, roles=CALENDAR_KEEPERS),
    "team-detail": Route(kwargs=lambda w: {"pk": w.team_b.pk}, scoped=True),
    # --- the API: field data --------------------------------------------------------------
    "api-imports": Route(
        roles=NOBODY,
        denied=frozenset({403, 405}),
        post=lambda w: {"kind": "orders"},
        post_roles=IMPORTERS,
        post_ok=frozenset({400}),
        post_denied=API_DENIED,
        multipart=True,
    ),
    "api-import-job": Route(kwargs=import_job, roles=JOB_READERS, scoped=True),
    "outlet-list": Route(),
    "outlet-detail": Route(kwargs=lambda w: {"code": "OD"}, scoped=True),
    "product-list": Route(),
    "product-detail": Route(kwargs=lambda w: {"sku": "P2"}),
    "visit-list": Route(),
    "visit-detail": Route(kwargs=lambda w: {"visit_id": "V-D"}, scoped=True),
    "orderline-list": Route(),
    "orderline-detail": Route(kwargs=lambda w: {"pk": w.order_line.pk}, scoped=True),
    "shelfaudit-list": Route(),
    "shelfaudit-detail": Route(kwargs=lambda w: {"audit_id": "AU-D"}, scoped=True),
    "metricvalue-list": Route(),
    "metricvalue-detail": Route(kwargs=lambda w: {"pk": w.metric.pk}, scoped=True),
    "teammetricvalue-list": Route(),
    # a salesman reads his own metrics, not his team's
    "teammetricvalue-detail": Route(
        kwargs=lambda w: {"pk": w.team_metric.pk}, roles=LEADERS, scoped=True
    ),
    # --- the API: KPIs ----------------------------------------------------------------------
    "kpi-preview": Route(
        roles=NOBODY,
        denied=frozenset({405}),
        post=lambda w: {},
        post_roles=ALL,
        post_ok=frozenset({400}),
    ),
    "kpi-breakdown": Route(
        roles=CONFIGURERS,
        query="?month=2026-06&kpi=revenue&total=1000000",
        post=None,
    ),
    "kpi-kra-list": Route(),
    "kpi-kra-detail": Route(kwargs=lambda w: {"pk": w.kra.pk}, roles=CONFIGURERS),
    "kpi-kpi-list": Route(),
    "kpi-kpi-detail": Route(kwargs=lambda w: {"code": w.kpi.code}, roles=CONFIGURERS),
    "kpi-template-list": Route(
        post=lambda w: {}, post_roles=CONFIGURERS, post_ok=API_POST_OK, post_denied=API_DENIED
    ),
    "kpi-template-versions": Route(kwargs=template, roles=CONFIGURERS),
    "kpi-template-detail": Route(
        kwargs=template,
        roles=CONFIGURERS,
        post=lambda w: {},
        post_roles=CONFIGURERS,
        method="put",
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
    ),
    "kpi-target-list": Route(
        post=lambda w: {"month": "2026-06", "salesman": "B1", "kpi": "revenue", "value": "5"},
        post_roles=CONFIGURERS,
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
        post_scoped=True,
        post_outsider=UNKNOWN_PERSON,
    ),
    "kpi-target-detail": Route(kwargs=lambda w: {"pk": w.target.pk}, scoped=True),
    "kpi-actual-list": Route(
        post=lambda w: {"month": "2026-06", "salesman": "B1", "kpi": "route_manual", "value": "5"},
        post_roles=CONFIGURERS,
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
        post_scoped=True,
        post_outsider=UNKNOWN_PERSON,
    ),
    "kpi-actual-detail": Route(kwargs=lambda w: {"pk": w.actual.pk}, scoped=True),
    "kpi-scorecard-list": Route(),
    "kpi-scorecard-detail": Route(kwargs=lambda w: {"pk": w.scorecard.pk}, scoped=True),
    # --- the API: leaderboards, badges, levels, battle (a team board for every role; team A's
    # users see their own team's rows only) ------------------------------------------------
    "leaderboard-list": Route(),
    "leaderboard-detail": Route(kwargs=lambda w: {"code": route_board()}),
    "badge-award-list": Route(),
    "salesman-levels": Route(kwargs=dewi, scoped=True),
    "battle": Route(query="?month=2026-06"),
    # --- the API: OKRs ----------------------------------------------------------------------
    "okr-key-result-check-ins": Route(
        kwargs=key_result,
        scoped=True,
        post=lambda w: {"date": "2026-06-12", "value": "55", "confidence": 6, "note": "n"},
        post_roles=frozenset({"salesman", "supervisor", "manager", "admin"}),
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
        post_scoped=True,
    ),
    "okr-cycle-list": Route(),
    "okr-cycle-detail": Route(kwargs=lambda w: {"code": w.cycle.code}),
    "okr-objective-list": Route(),
    "okr-objective-detail": Route(kwargs=objective, scoped=True),
    # --- the API: payouts and plans -------------------------------------------------------
    "api-statements": Route(kwargs=dewi, scoped=True),
    "api-statement": Route(kwargs=lambda w: {"code": "B1", "period": w.period}, scoped=True),
    "payout-run-list": Route(),
    "payout-run-close": Route(
        roles=NOBODY,
        denied=frozenset({403, 405}),
        post=lambda w: {"month": "2026-06"},
        post_roles=RUN_READERS,
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
    ),
    "payout-run-detail": Route(kwargs=period, roles=RUN_READERS),
    "payout-run-adjustments": Route(
        kwargs=period,
        roles=NOBODY,
        denied=frozenset({403, 404, 405}),
        post=lambda w: {"salesman": "B1", "amount": 1000, "reason": "walk"},
        post_roles=RUN_READERS,
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
        post_scoped=True,
        post_outsider=frozenset({400, 403, 404}),
    ),
    "payout-run-approve": Route(
        kwargs=period,
        roles=NOBODY,
        denied=frozenset({403, 404, 405}),
        post=lambda w: {},
        post_roles=frozenset({"manager", "admin"}),
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
    ),
    "payout-run-lock": Route(
        kwargs=period,
        roles=NOBODY,
        denied=frozenset({403, 404, 405}),
        post=lambda w: {},
        post_roles=frozenset({"hr", "admin"}),
        post_ok=API_POST_OK | {409},
        post_denied=API_DENIED,
    ),
    "payout-run-export": Route(kwargs=period, roles=RUN_READERS),
    "dispute-list": Route(
        post=lambda w: {"salesman": "B1", "period": w.period, "message": "walk"},
        post_roles=RAISERS,
        post_ok=API_POST_OK,
        post_denied=frozenset({403}),
        post_scoped=True,
    ),
    "dispute-detail": Route(kwargs=dispute, scoped=True),
    "api-accruals": Route(roles=RUN_READERS),
    "payout-run-review": Route(kwargs=period, roles=RUN_READERS),
    "dispute-comments": Route(
        kwargs=dispute,
        roles=NOBODY,
        denied=frozenset({403, 404, 405}),
        scoped=True,
        post=lambda w: {"message": "walk"},
        post_roles=ALL,
        post_ok=API_POST_OK,
    ),
    "dispute-resolve": Route(
        kwargs=dispute,
        roles=NOBODY,
        denied=frozenset({403, 404, 405}),
        scoped=True,
        post=lambda w: {"decision": "rejected", "note": "walk"},
        post_roles=RUN_READERS,
        post_ok=API_POST_OK,
        post_denied=API_DENIED,
    ),
    "api-plans": Route(
        roles=CONFIGURERS,
        post=lambda w: {},
        post_roles=CONFIGURERS,
        post_ok=API_POST_OK,
    ),
    "api-plan-simulate": Route(
        roles=NOBODY,
        denied=frozenset({404, 405}),
        post=lambda w: {},
        post_roles=CONFIGURERS,
        post_ok=API_POST_OK,
    ),
    "api-plan": Route(
        kwargs=plan,
        roles=CONFIGURERS,
        post=lambda w: {},
        post_roles=CONFIGURERS,
        method="put",
        post_ok=API_POST_OK,
    ),
    "api-plan-versions": Route(kwargs=plan, roles=CONFIGURERS),
    "api-plan-version-publish": Route(
        kwargs=lambda w: {"code": w.plan_code, "number": 1},
        roles=NOBODY,
        denied=frozenset({404, 405}),
        post=lambda w: {},
        post_roles=CONFIGURERS,
        post_ok=API_POST_OK,
    ),
    "schema": Route(public=True),
    "api-docs": Route(public=True),
    # --- outlets pages ----------------------------------------------------------------------
    "outlets:import": Route(
        roles=IMPORTERS,
        denied=frozenset({403}),
        post=lambda w: {"kind": "orders"},
        post_roles=IMPORTERS,
        post_denied=frozenset({403}),
        post_ok=frozenset({200, 400}),
    ),
    # manager_b's import job: his, HR's and admins' to read; only he may confirm it (it is done:
    # confirming again sends him back to the upload page)
    "outlets:import-job": Route(kwargs=import_job, roles=JOB_READERS, scoped=True),
    "outlets:import-confirm": Route(
        kwargs=import_job,
        ok=GET_ONLY,
        scoped=True,
        post=lambda w: {},
        post_roles=frozenset({"manager"}),
        post_denied=frozenset({403, 404}),
        post_ok=frozenset({302}),
    ),
    "outlets:list": Route(),
    "outlets:outlet": Route(kwargs=lambda w: {"code": "OD"}, scoped=True),
    "outlets:my-metrics": Route(ok=302),
    "outlets:salesman-metrics-current": Route(kwargs=dewi, scoped=True),
    "outlets:salesman-metrics": Route(
        kwargs=lambda w: {"code": "B1", "month": w.period}, scoped=True
    ),
    "outlets:team-metrics-current": Route(roles=LEADERS),
    # SKU groups: company-wide configuration, managers and admins (may_configure_kpis)
    "outlets:groups": Route(roles=CONFIGURERS),
    "outlets:group-new": Route(
        roles=CONFIGURERS,
        post=lambda w: {"code": "walk", "name": "Jalan", "skus": "P1"},
        post_roles=CONFIGURERS,
    ),
    "outlets:group-edit": Route(
        kwargs=sku_group,
        roles=CONFIGURERS,
        post=lambda w: {"code": "route-focus", "name": "Fokus", "skus": ""},
        post_roles=CONFIGURERS,
    ),
    "outlets:group-delete": Route(
        kwargs=sku_group, ok=GET_ONLY, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "outlets:team-metrics": Route(
        kwargs=lambda w: {"team_id": w.team_b.pk, "month": w.period}, roles=LEADERS, scoped=True
    ),
    # --- KPI pages --------------------------------------------------------------------------
    "kpi:kras": Route(roles=CONFIGURERS),
    "kpi:kra-new": Route(
        roles=CONFIGURERS,
        post=lambda w: {"name": "Walk", "name_id": "Jalan"},
        post_roles=CONFIGURERS,
    ),
    "kpi:kra-edit": Route(
        kwargs=lambda w: {"pk": w.kra.pk},
        roles=CONFIGURERS,
        post=lambda w: {"name": "Walk", "name_id": "Jalan"},
        post_roles=CONFIGURERS,
    ),
    "kpi:kpis": Route(roles=CONFIGURERS),
    "kpi:kpi-new": Route(roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS),
    "kpi:kpi-edit": Route(
        kwargs=lambda w: {"code": w.kpi.code},
        roles=CONFIGURERS,
        post=lambda w: {},
        post_roles=CONFIGURERS,
    ),
    "kpi:templates": Route(roles=CONFIGURERS),
    "kpi:template-new": Route(roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS),
    "kpi:template-import": Route(
        roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS, post_ok=frozenset({200, 400})
    ),
    "kpi:template-edit": Route(
        kwargs=template, roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "kpi:template-export": Route(kwargs=template, roles=CONFIGURERS),
    "kpi:template-delete": Route(
        kwargs=template, ok=GET_ONLY, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "kpi:template-assign": Route(
        kwargs=template,
        ok=GET_ONLY,
        post=lambda w: {"salesman": "B1", "remove": "1"},
        post_roles=CONFIGURERS,
        post_scoped=True,
    ),
    "kpi:targets": Route(
        query="?month=2026-06",
        post=lambda w: {"month": "2026-06", f"v-{w.dewi.id}-{w.kpi.id}": "5"},
        post_roles=CONFIGURERS,
        post_scoped=True,
        # the grid holds only the people the user sees: Dewi's cell is ignored, nothing saved
        post_outsider=frozenset({200, 302}),
    ),
    "kpi:breakdown": Route(roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS),
    "kpi:scorecards": Route(query="?month=2026-06"),
    "kpi:compute": Route(
        ok=GET_ONLY,
        post=lambda w: {"month": "2026-06"},
        post_roles=CONFIGURERS,
        post_denied=frozenset({403, 404}),
    ),
    "kpi:my-scorecard": Route(ok=302),
    "kpi:scorecard-current": Route(kwargs=dewi, scoped=True, ok=302),
    "kpi:scorecard": Route(kwargs=lambda w: {"code": "B1", "month": w.period}, scoped=True),
    "kpi:sheet": Route(post=lambda w: {}, post_roles=ALL, post_ok=frozenset({200, 400})),
    # the salesman's own month so far (page and API): whoever has a sales-force profile of his
    # own; in this world only the salesmen (HR, admins and these leaders have none: 404)
    "incentives:my-month": Route(roles=frozenset({"salesman"})),
    "dashboard": Route(roles=frozenset({"salesman"})),
    # --- leaderboards, badges and levels: every role reads his scope; managers edit ---------
    "gamification:leaderboards": Route(kwargs=lambda w: {"_board": route_board()}),
    "gamification:badges": Route(),
    "gamification:level-set": Route(
        kwargs=dewi,
        ok=GET_ONLY,
        scoped=True,
        post=lambda w: {"month": "2026-07", "level": "2"},
        post_roles=CONFIGURERS,
    ),
    "gamification:setup": Route(roles=CONFIGURERS),
    "gamification:board-new": gamification_form(),
    "gamification:board-edit": gamification_form(lambda w: {"code": route_board()}),
    "gamification:badge-new": gamification_form(),
    "gamification:badge-edit": gamification_form(lambda w: {"code": route_badge()}),
    "gamification:item-delete": Route(
        kwargs=lambda w: {"kind": "board", "code": route_board()},
        ok=GET_ONLY,
        post=lambda w: {},
        post_roles=CONFIGURERS,
    ),
    "gamification:levels": gamification_form(),
    "gamification:export": Route(roles=CONFIGURERS),
    "gamification:import": Route(ok=GET_ONLY, post=lambda w: {}, post_roles=CONFIGURERS),
    # the team overview of the month in progress: whom each leader sees (a team filter outside
    # the scope is 404: tests/kpi/test_overview.py)
    "kpi:overview": Route(roles=LEADERS),
    # --- OKR pages --------------------------------------------------------------------------
    "okr:home": Route(ok=302),
    "okr:cycles": Route(),
    "okr:cycle": Route(kwargs=lambda w: {"code": w.cycle.code}),
    "okr:objectives": Route(),
    "okr:objective_create": Route(
        roles=CONFIGURERS,
        denied=frozenset({403}),
        post=lambda w: {},
        post_roles=CONFIGURERS,
        post_denied=frozenset({403}),
    ),
    "okr:objective": Route(kwargs=objective, scoped=True),
    "okr:objective_edit": okr_form(objective),
    "okr:key_result_create": okr_form(objective),
    "okr:key_result_edit": okr_form(key_result),
    "okr:key_result_delete": Route(
        kwargs=key_result,
        ok=GET_ONLY,
        scoped=True,
        post=lambda w: {},
        post_roles=CONFIGURERS,
        post_denied=frozenset({403, 404}),
        post_scoped=True,
    ),
    "okr:check_in": Route(
        kwargs=key_result,
        roles=frozenset({"salesman", "supervisor", "manager", "admin"}),
        denied=frozenset({403}),
        scoped=True,
        post=lambda w: {"date": "2026-06-12", "value": "55", "confidence": "6", "note": "n"},
        post_roles=frozenset({"salesman", "supervisor", "manager", "admin"}),
        post_denied=frozenset({403}),
        post_scoped=True,
    ),
    # --- payout runs and statements ---------------------------------------------------------
    "incentives:runs": Route(roles=RUN_READERS),
    "incentives:run-close": Route(
        ok=GET_ONLY, post=lambda w: {"month": "2026-06"}, post_roles=RUN_READERS
    ),
    "incentives:run": Route(kwargs=period, roles=RUN_READERS),
    "incentives:run-review": Route(kwargs=period, roles=RUN_READERS),
    # --- disputes: seen by the salesman, his supervisor and manager, HR and admins ---------
    "incentives:disputes": Route(),
    "incentives:accruals": Route(roles=RUN_READERS),
    "incentives:accruals-export": Route(kwargs=lambda w: {"fmt": "csv"}, roles=RUN_READERS),
    "incentives:dispute-create": Route(
        roles=RAISERS,
        post=lambda w: {"salesman": "B1", "period": w.period, "rule": "", "message": "walk"},
        post_roles=RAISERS,
        post_scoped=True,
    ),
    "incentives:dispute": Route(kwargs=dispute, scoped=True),
    "incentives:dispute-comment": Route(
        kwargs=dispute, ok=GET_ONLY, scoped=True, post=lambda w: {"message": "walk"}, post_roles=ALL
    ),
    "incentives:dispute-resolve": Route(
        kwargs=dispute,
        ok=GET_ONLY,
        scoped=True,
        post=lambda w: {"decision": "rejected", "note": "walk"},
        post_roles=RUN_READERS,
    ),
    "incentives:run-approve": Route(
        kwargs=period, ok=GET_ONLY, post=lambda w: {}, post_roles=RUN_READERS
    ),
    "incentives:run-lock": Route(
        kwargs=period, ok=GET_ONLY, post=lambda w: {}, post_roles=RUN_READERS
    ),
    "incentives:run-adjust": Route(
        kwargs=period,
        ok=GET_ONLY,
        post=lambda w: {"salesman": w.dewi.pk, "amount": "1000", "reason": "walk"},
        post_roles=RUN_READERS,
        post_scoped=True,
        post_outsider=frozenset({400}),
    ),
    "incentives:run-export": Route(
        kwargs=lambda w: {"period": w.period, "fmt": "csv"}, roles=RUN_READERS
    ),
    "incentives:my-statements": Route(ok_by_role={"salesman": 302}),
    "incentives:statements": Route(kwargs=dewi, scoped=True),
    "incentives:statement": Route(kwargs=lambda w: {"code": "B1", "period": w.period}, scoped=True),
    # --- plans ------------------------------------------------------------------------------
    "incentives:plans": Route(roles=CONFIGURERS),
    "incentives:plan-create": Route(roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS),
    "incentives:plan-import": Route(
        roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS, post_ok=frozenset({200, 400})
    ),
    "incentives:simulate": Route(roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS),
    "incentives:plan": Route(kwargs=plan, roles=CONFIGURERS),
    "incentives:plan-edit": Route(
        kwargs=plan, roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "incentives:plan-json": Route(kwargs=plan, roles=CONFIGURERS),
    "incentives:plan-history": Route(kwargs=plan, roles=CONFIGURERS),
    "incentives:plan-versions": Route(
        kwargs=plan, roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "incentives:rule-add": Route(
        kwargs=plan,
        roles=CONFIGURERS,
        query="?type=step",
        post=lambda w: {"type": "step"},
        post_roles=CONFIGURERS,
    ),
    "incentives:rule-edit": Route(
        kwargs=rule, roles=CONFIGURERS, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "incentives:rule-delete": Route(
        kwargs=rule, ok=GET_ONLY, post=lambda w: {}, post_roles=CONFIGURERS
    ),
    "incentives:rule-move": Route(
        kwargs=lambda w: {**rule(w), "direction": "up"},
        ok=GET_ONLY,
        post=lambda w: {},
        post_roles=CONFIGURERS,
    ),
}

# Routes known to fail, each with why (strict xfail): none at the moment.
KNOWN_LEAKS: dict[str, str] = {}


def url_patterns():
    """(route name, argument names) of every URL pattern, namespaces included."""

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if inner and f"{inner}:".startswith(SKIPPED_PREFIXES):
                    continue
                yield from walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.callback.__module__ == "django.views.static":
                    continue  # /media/, DEBUG only
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield name, str(pattern.pattern), frozenset(pattern.pattern.regex.groupindex)

    return list(walk(get_resolver(), None))


def walked():
    """{route name: [argument-name sets]} of the routes the walk covers."""
    routes: dict[str, list[frozenset]] = {}
    for name, _pattern, params in url_patterns():
        if name in SKIPPED or (name and name.startswith(SKIPPED_PREFIXES)):
            continue
        variants = routes.setdefault(name, [])
        if params not in variants:
            variants.append(params)
    return routes


def test_every_route_has_a_matrix_entry():
    unnamed = [pattern for name, pattern, _ in url_patterns() if not name]
    assert unnamed == [], f"URL patterns without a name cannot be in the matrix: {unnamed}"
    missing = sorted(set(walked()) - set(ROUTES))
    assert missing == [], f"add these routes to ROUTES in {__file__}: {missing}"
    stale = sorted(set(ROUTES) - set(walked()))
    assert stale == [], f"ROUTES names routes that no longer exist: {stale}"


# --- the walk ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def route_world(django_db_setup, django_db_blocker):
    """One world for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        start = time.monotonic()
        world = RouteWorld()
        world.built_in = time.monotonic() - start
        yield world
        transaction.set_rollback(True)


def client_for(world, user_key):
    client = Client()
    if user_key != "anonymous":
        person = getattr(world, user_key)
        client.force_login(getattr(person, "user", person))
    return client


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an XLSX: read the cells
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode("utf-8", errors="replace")


MARKER_WORD = re.compile(r"\bB1\b")


def leaks(text: str) -> list[str]:
    found = [marker for marker in TEAM_B_MARKERS if marker in text]
    if MARKER_WORD.search(text):
        found.append("B1")
    return found


def footprint():
    """What a write by someone outside the scope must not change."""
    return (
        AuditEntry.objects.count(),
        Adjustment.objects.count(),
        Target.objects.count(),
        TemplateAssignment.objects.count(),
        CheckIn.objects.count(),
        KeyResult.objects.count(),
        Objective.objects.count(),
        list(Target.objects.order_by("pk").values_list("value", flat=True)),
    )


def expected_get(route: Route, user: str) -> frozenset:
    if user == "anonymous":
        return frozenset({route.ok}) if route.public else frozenset({"login"})
    role, sees_b = USERS[user]
    if route.ok == GET_ONLY:
        return frozenset({GET_ONLY})
    if role not in route.roles:
        return route.denied
    if route.scoped and not sees_b:
        return frozenset({404})
    return frozenset({route.ok_by_role.get(role, route.ok)})


def expected_post(route: Route, user: str) -> frozenset:
    if user == "anonymous":
        return route.post_ok if route.public else frozenset({"login"})
    role, sees_b = USERS[user]
    if role not in route.post_roles:
        return route.post_denied
    if (route.scoped or route.post_scoped) and not sees_b:
        return route.post_outsider if route.post_scoped else frozenset({404})
    return route.post_ok


def outcome(response, is_api: bool):
    """The status, with a login redirect (or the API's 401/403 to anonymous) as "login"."""
    status = response.status_code
    if status == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return status


def check(response, *, route_name, method, user, expected, is_api, problems):
    status = response.status_code
    got = outcome(response, is_api)
    if user == "anonymous" and is_api and status in (401, 403) and "login" in expected:
        got = "login"
    where = f"{method} {route_name} as {user}"
    if status >= 500:
        problems.append(f"{where}: server error {status}")
    elif got not in expected:
        problems.append(f"{where}: {got}, expected {sorted(map(str, expected))}")
    if user in TEAM_A and (200 <= status < 300 or 400 <= status < 500):
        found = leaks(body_text(response))
        if found:
            problems.append(f"{where}: shows team B's {found}")


def walk_route(world, route_name: str) -> list[str]:
    route = ROUTES[route_name]
    problems: list[str] = []
    for params in walked()[route_name]:
        kwargs = {**route.kwargs(world), "format": "json"}
        url = reverse(route_name, kwargs={k: v for k, v in kwargs.items() if k in params})
        is_api = url.startswith("/api/")
        for user in ["anonymous", *USERS]:
            client = client_for(world, user)
            response = client.get(url + route.query)
            check(
                response,
                route_name=route_name,
                method="GET",
                user=user,
                expected=expected_get(route, user),
                is_api=is_api,
                problems=problems,
            )
            if route.post is None or "format" in params:
                continue
            with transaction.atomic():
                before = footprint()
                send = getattr(client, route.method)
                body = route.post(world)
                if is_api and not route.multipart:
                    response = send(url, body, content_type="application/json")
                else:
                    response = send(url, body)
                check(
                    response,
                    route_name=route_name,
                    method=route.method.upper(),
                    user=user,
                    expected=expected_post(route, user),
                    is_api=is_api,
                    problems=problems,
                )
                if user in TEAM_A and route.post_scoped and footprint() != before:
                    problems.append(f"POST {route_name} as {user}: changed team B's data")
                transaction.set_rollback(True)
    return problems


def _params():
    for name in ROUTES:
        marks = []
        if name in KNOWN_LEAKS:
            marks.append(pytest.mark.xfail(reason=KNOWN_LEAKS[name], strict=True))
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("route_name", list(_params()))
def test_route(route_world, route_name, db):
    problems = walk_route(route_world, route_name)
    assert problems == [], "\n".join(problems)

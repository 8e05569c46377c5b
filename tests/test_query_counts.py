"""Pages and API endpoints whose cost does not grow with the size of the sales force (issue 17).

Each request is measured on the route world (tests/route_world.py: two teams, Andi's worked June
closed into a run, field data, targets, OKRs, a dispute) with the demo's boards and badges and
July in progress (refreshed as of 10 July), then again after five more salesmen joined team A
with a June and a July of field data, targets, a shelf audit, June closed again and July
refreshed again. Each must run exactly as many SQL queries, and fetch exactly as many rows
(the rows every SELECT returns, `cursor.rowcount` of psycopg2's client-side cursor; server-side
cursors are turned off so the streamed exports' rows are counted too).

Lists show a fixed-size page whatever the data: the page sizes are set to 2 (a run's statements:
1) here so that the
small world already fills every page (a list of 3 items on a page of 50 would "grow" to 8 without
anything being wrong). A few pages legitimately fetch more when there is more, one row or a few
per person they summarise; `GROWS` names them with the rows each of the five newcomers adds,
checked by hand, and why. Anything else that fetches more is the N+1 or the unbounded read this
test is here to catch. The benchmarks in bench/ measure the time (bench/bench_pages.py: every
page of the three journeys at 2,000 salesmen × 12 months).
"""

import sys
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import get_resolver
from rest_framework.pagination import PageNumberPagination

import spm.months
from incentives.payouts import api as run_api
from incentives.payouts import views as run_views
from incentives.payouts.services import close_period
from kpi import live
from kpi.gamification.demo import DEMO_DOCUMENT
from kpi.gamification.services import save_document
from kpi.models import Scorecard
from outlets.models import MetricValue, Outlet, TeamMetricValue
from spm.pagination import KeysetPagination
from tests.factories import SalesmanFactory, UserFactory
from tests.incentives.payout_factories import JULY, JUNE, field_month, targets
from tests.outlets.factories import ShelfAuditFactory
from tests.route_world import RouteWorld

pytestmark = pytest.mark.django_db

MID_JULY = date(2026, 7, 10)
PAGE_SIZE = 2
NEWCOMERS = 5
NEXT = "next:"  # measure the page the first page's `next` link points at (keyset pages)


def _metric(w):
    return MetricValue.objects.filter(salesman=w.dewi, month=JUNE).order_by("metric").first().pk


def _team_metric(w):
    found = TeamMetricValue.objects.filter(team=w.team_b, month=JUNE).order_by("metric").first()
    return found.pk


def _scorecard(w):
    return Scorecard.objects.get(salesman=w.dewi, month=JUNE).pk


# (who, url): every list and detail page and API endpoint of the three journeys (the salesman's
# home, month so far, statements, scorecard, boards; the leaders' overview, team pages, scorecards,
# targets, runs; HR's runs, run detail, review, exports, accruals, people, audit trail) and the
# API's lists and details, first page and a deeper one. `{...}` is filled in at each request (a
# close or a refresh stores new rows, with new primary keys).
REQUESTS = [
    # the salesman
    ("andi", "/"),
    ("andi", "/incentives/my-month/"),
    ("andi", "/api/v1/dashboard/"),
    ("andi", "/api/v1/me/"),
    ("andi", "/incentives/statements/A1/"),
    ("andi", "/incentives/statements/A1/2026-06/"),
    ("andi", "/api/v1/statements/A1/"),
    ("andi", "/api/v1/statements/A1/2026-06/"),
    ("andi", "/kpi/scorecards/A1/2026-06/"),
    ("andi", "/outlets/metrics/A1/2026-06/"),
    ("andi", "/leaderboards/"),
    ("andi", "/badges/"),
    ("andi", "/incentives/disputes/"),
    ("andi", "/api/v1/leaderboards/"),
    ("andi", "/api/v1/badges/awards/"),
    ("andi", "/api/v1/salesmen/A1/levels/"),
    ("andi", "/api/v1/battles/?month=2026-07"),
    ("andi", "/okr/objectives/"),
    # the supervisor and the manager
    ("supervisor_a", "/"),
    ("supervisor_a", "/kpi/overview/?per_page=2"),
    ("supervisor_a", "/teams/"),
    ("supervisor_a", "/outlets/teams/"),
    ("supervisor_a", "/people/?per_page=2"),
    ("supervisor_a", "/kpi/scorecards/?month=2026-06&per_page=2"),
    ("manager_a", "/"),
    ("manager_a", "/kpi/overview/?per_page=2"),
    ("manager_a", "/kpi/overview/?per_page=2&page=2"),
    ("manager_a", "/teams/?per_page=2"),
    ("manager_a", "/outlets/teams/"),
    ("manager_a", "/outlets/teams/{w.team_a.pk}/2026-06/"),
    ("manager_a", "/kpi/scorecards/?month=2026-06&per_page=2"),
    ("manager_a", "/kpi/targets/?month=2026-06"),
    ("manager_a", "/people/?per_page=2"),
    ("manager_a", "/people/A1/"),
    ("manager_a", "/outlets/?per_page=2"),
    ("manager_a", "/outlets/?per_page=2&page=2"),
    ("manager_a", "/outlets/o/OA/"),
    ("manager_a", "/incentives/runs/"),
    ("manager_a", "/incentives/runs/2026-06/"),
    ("manager_a", "/incentives/runs/2026-06/?page=2"),
    ("manager_a", "/incentives/runs/2026-06/review/?per_page=2"),
    ("manager_a", "/incentives/accruals/"),
    ("manager_a", "/incentives/disputes/"),
    ("manager_a", "/api/v1/team-metrics/"),
    ("manager_a", "/api/v1/kpi/targets/"),
    ("manager_a", "/api/v1/payout-runs/2026-06/"),
    ("manager_a", "/api/v1/payout-runs/2026-06/review/"),
    ("manager_a", "/api/v1/plans/"),
    # HR
    ("hr", "/"),
    ("hr", "/people/?per_page=2"),
    ("hr", "/people/A1/"),
    ("hr", "/kpi/overview/?per_page=2"),
    ("hr", "/incentives/runs/"),
    ("hr", "/incentives/runs/2026-06/"),
    ("hr", "/incentives/runs/2026-06/?page=2"),
    ("hr", "/incentives/runs/2026-06/review/?per_page=2"),
    ("hr", "/incentives/runs/2026-06/review/?per_page=1&page=2"),
    ("hr", "/incentives/runs/2026-06/export.csv"),
    ("hr", "/incentives/runs/2026-06/export.xlsx"),
    ("hr", "/incentives/accruals/"),
    ("hr", "/incentives/accruals/export.csv"),
    ("hr", "/audit/?per_page=2"),
    ("hr", "/incentives/disputes/"),
    ("hr", "/incentives/disputes/{w.dispute.pk}/"),
    ("hr", "/okr/cycles/H1-2026/"),
    # the API, first pages, deeper pages and details
    ("hr", "/api/v1/salesmen/"),
    ("hr", "/api/v1/salesmen/A1/"),
    ("hr", "/api/v1/teams/"),
    ("hr", "/api/v1/teams/{w.team_a.pk}/"),
    ("hr", "/api/v1/outlets/"),
    ("hr", "/api/v1/outlets/?page_size=1&cursor=WyJPQSJd"),  # after OA
    ("hr", "/api/v1/outlets/OA/"),
    ("hr", "/api/v1/products/"),
    ("hr", "/api/v1/products/P1/"),
    ("hr", "/api/v1/visits/"),
    ("hr", NEXT + "/api/v1/visits/"),
    ("hr", "/api/v1/visits/V-A/"),
    ("hr", "/api/v1/orders/"),
    ("hr", NEXT + "/api/v1/orders/"),
    ("hr", "/api/v1/orders/{w.order_line.pk}/"),
    ("hr", "/api/v1/audits/"),
    ("hr", NEXT + "/api/v1/audits/"),
    ("hr", "/api/v1/audits/AU-D/"),
    ("hr", "/api/v1/metrics/"),
    ("hr", NEXT + "/api/v1/metrics/"),
    ("hr", "/api/v1/metrics/{metric}/"),
    ("hr", "/api/v1/team-metrics/"),
    ("hr", "/api/v1/team-metrics/{team_metric}/"),
    ("hr", "/api/v1/kpi/kras/"),
    ("hr", "/api/v1/kpi/kpis/"),
    ("hr", "/api/v1/kpi/templates/"),
    ("hr", "/api/v1/kpi/targets/"),
    ("hr", "/api/v1/kpi/targets/?page=2"),
    ("hr", "/api/v1/kpi/targets/{w.target.pk}/"),
    ("hr", "/api/v1/kpi/actuals/"),
    ("hr", "/api/v1/kpi/actuals/{w.actual.pk}/"),
    ("hr", "/api/v1/kpi/scorecards/"),
    ("hr", "/api/v1/kpi/scorecards/?page=2"),
    ("hr", "/api/v1/kpi/scorecards/{scorecard}/"),
    ("hr", "/api/v1/okr/cycles/"),
    ("hr", "/api/v1/okr/cycles/H1-2026/"),
    ("hr", "/api/v1/okr/objectives/"),
    ("hr", "/api/v1/okr/objectives/OBJ-DEWI/"),
    ("hr", "/api/v1/okr/key-results/{w.key_result.pk}/check-ins/"),
    ("hr", "/api/v1/payout-runs/"),
    ("hr", "/api/v1/payout-runs/2026-06/"),
    ("hr", "/api/v1/payout-runs/2026-06/?page=2"),
    ("hr", "/api/v1/payout-runs/2026-06/review/"),
    ("hr", "/api/v1/payout-runs/2026-06/review/?page=2&page_size=1"),
    ("hr", "/api/v1/accruals/"),
    ("hr", "/api/v1/disputes/"),
    ("hr", "/api/v1/disputes/{w.dispute.pk}/"),
    ("hr", "/api/v1/statements/B1/"),
    ("hr", "/api/v1/statements/B1/2026-06/"),
    ("hr", "/api/v1/leaderboards/"),
    ("hr", "/api/v1/badges/awards/"),
]

# The pages that legitimately fetch more rows when there is more: (who, url) → (rows each
# newcomer adds, or the least and the most; rows added whatever the number of newcomers; why).
# Checked by hand against the queries they run.
GROWS = {
    # the boards rank the whole team: per teammate his id in the team's list (the scopes to
    # pick are distinct names; the battle beside them sums in SQL: its teams, not people)
    ("andi", "/leaderboards/"): (1, 0, "a team board ranks the whole team"),
    # the battle of the teams: each salesman of the month and his pace score
    # the overview ranks in SQL and reads a page of 2; per person the heat map's stored KPI
    # rows of his July pace (the ranking's first 60: all of them here) and his territory in
    # the territory filter (the factory gives each salesman his own; a select up to 50, then
    # a typed name that reads 51 at most: tests/kpi/test_overview.py)
    ("supervisor_a", "/kpi/overview/?per_page=2"): (1 + 1, 0, "the heat map's first 60"),
    ("manager_a", "/kpi/overview/?per_page=2"): (1 + 1, 0, "the heat map's first 60"),
    ("manager_a", "/kpi/overview/?per_page=2&page=2"): (1 + 1, 0, "the heat map's first 60"),
    ("hr", "/kpi/overview/?per_page=2"): (1 + 1, 0, "the heat map's first 60"),
    # a team's page: per salesman his row and his 8 stored metrics of the month, and his outlet
    # that had an order in July (one: every order of his three July days went to it) in the
    # revenue per outlet and the outlets named (the ten best: the team has eight)
    ("supervisor_a", "/outlets/teams/"): (1 + 8 + 1 + 1, 0, "the team's page shows the team"),
    ("manager_a", "/outlets/teams/"): (1 + 8 + 1 + 1, 0, "the team's page shows the team"),
    # June: his row, 8 metrics, his three outlets with orders in the revenue per outlet; the
    # outlets named are the ten best: the team had nine with June orders (Andi's seven, OA and
    # OB), now ten (+1 whatever the number of newcomers)
    ("manager_a", "/outlets/teams/{w.team_a.pk}/2026-06/"): (1 + 8 + 3, 1, "the team's page"),
    # the targets grid: a row per salesman, his 3 targets of June
    ("manager_a", "/kpi/targets/?month=2026-06"): (1 + 3, 0, "the grid holds the whole scope"),
    # the run's history: the second close of June is one more entry (not the newcomers)
    ("manager_a", "/incentives/runs/2026-06/"): (0, 1, "the run's history: one more close"),
    ("manager_a", "/incentives/runs/2026-06/?page=2"): (0, 1, "the run's history"),
    ("hr", "/incentives/runs/2026-06/"): (0, 1, "the run's history: one more close"),
    ("hr", "/incentives/runs/2026-06/?page=2"): (0, 1, "the run's history"),
    # the exports are the whole run: per person his statement, and his 4 lines (the GT plan's
    # four rules) for the summary's totals unless summed in SQL, and again for the XLSX's lines
    # sheet: between 1 and 1 + 4 + 4 rows a person, however the export is written
    ("hr", "/incentives/runs/2026-06/export.csv"): ((1, 1 + 4), 0, "the whole run"),
    ("hr", "/incentives/runs/2026-06/export.xlsx"): ((1, 1 + 4 + 4), 0, "the whole run"),
    # a leader's review reads the ids of his statements once, then its sums, page and outliers
    # filter by them (rather than testing each statement against his teams' assignments in each
    # of them: 21 ms a query at 2,000 salesmen); the newcomers have no May statement to read
    ("manager_a", "/incentives/runs/2026-06/review/?per_page=2"): (1, 0, "his statements' ids"),
    ("manager_a", "/api/v1/payout-runs/2026-06/review/"): (1, 0, "his statements' ids"),
    # the outlet list's territory filter lists every territory (the factory gives each
    # salesman his own); its salesman filter is a typed code with suggestions (no rows)
    ("manager_a", "/outlets/?per_page=2"): (1, 0, "the territory filter's choices"),
    ("manager_a", "/outlets/?per_page=2&page=2"): (1, 0, "the territory filter's choices"),
}


class RowCounter:
    """Counts the statements run and the rows the SELECTs return (`connection.execute_wrapper`)."""

    def __init__(self):
        self.queries: list[tuple[int, str]] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        selects = not many and sql.lstrip()[:6].upper() in ("SELECT", "WITH (")
        self.queries.append((context["cursor"].rowcount if selects else 0, sql))
        return result

    @property
    def rows(self) -> int:
        return sum(rows for rows, _sql in self.queries)


def _url(world, url: str) -> str:
    return url.format(
        w=world,
        metric=_metric(world) if "{metric}" in url else None,
        team_metric=_team_metric(world) if "{team_metric}" in url else None,
        scorecard=_scorecard(world) if "{scorecard}" in url else None,
    )


def measure(client, world, url) -> tuple[int, int, list]:
    """(queries, rows, the queries) of one GET of `url`, after a first one that fills the caches
    a second visitor finds filled (boards, battles, the scorecard's month list)."""
    url = _url(world, url)
    if url.startswith(NEXT):
        url = client.get(url.removeprefix(NEXT)).json()["next"]
        assert url, "no next page"
    client.get(url)
    counter = RowCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(counter.queries), counter.rows, counter.queries


def test_the_row_counter_counts_the_rows_a_select_returns(world, monkeypatch):
    """Hand-checked on the world's three salesmen: a SELECT of them returns 3 rows, a COUNT one,
    an UPDATE none, an iterator (a client-side cursor here, as in the test below) its rows."""
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    counter = RowCounter()
    with connection.execute_wrapper(counter):
        from org.models import Salesman

        assert len(list(Salesman.objects.all())) == 3
        assert Salesman.objects.count() == 3
        Salesman.objects.filter(code="A1").update(name="Andi")
        assert len(list(Salesman.objects.filter(code="A1").iterator(chunk_size=1))) == 1
    assert [rows for rows, _sql in counter.queries] == [3, 1, 0, 1]


def _steady(world) -> None:
    """What a newcomer's arrival repeats: June closed (again), July refreshed as of 10 July."""
    close_period(month=JUNE)
    live.refresh_month(month=JULY, as_of=MID_JULY)


@pytest.fixture
def grown_world(monkeypatch):
    """The route world, July 2026 in progress, the demo's boards and badges, page sizes of 2,
    no server-side cursors."""
    world = RouteWorld()
    # Every view module imported first (the URL configuration imports them), so that which
    # modules see July does not depend on the tests that ran before this one.
    get_resolver().url_patterns  # noqa: B018
    for name, module in list(sys.modules.items()):  # every module's "this month" is July
        ours = name.split(".")[0] in {"org", "outlets", "kpi", "okr", "incentives"}
        if ours and getattr(module, "current_month", None) is spm.months.current_month:
            monkeypatch.setattr(module, "current_month", lambda today=None: JULY)
    save_document(data=DEMO_DOCUMENT, by=None)
    field_month(world.andi, month=JULY, revenue=240_000_000, new_outlets=12, field_days=8)
    targets(world.andi, month=JULY)
    oa = Outlet.objects.get(code="OA")
    for day in range(1, 5):  # five audits: two keyset pages of 2 (and the row after each)
        ShelfAuditFactory(
            audit_id=f"AU-A{day}", date=date(2026, 6, day), salesman=world.andi, outlet=oa
        )
    _steady(world)
    monkeypatch.setattr(PageNumberPagination, "page_size", PAGE_SIZE)
    monkeypatch.setattr(KeysetPagination, "page_size", PAGE_SIZE)
    # a run's statements one a page: its second page is Budi's (A2) in both worlds
    monkeypatch.setattr(run_api.StatementPages, "page_size", 1)
    monkeypatch.setattr(run_views, "STATEMENTS_PER_PAGE", 1)
    monkeypatch.setattr(run_api.ReviewChangePages, "page_size", PAGE_SIZE)
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    return world


def grow(world) -> None:
    """Five more salesmen in team A, with a June and a July of field data, targets, an audit."""
    for n in range(NEWCOMERS):
        person = SalesmanFactory(
            code=f"G{n}", name=f"Grow {n}", team=world.team_a, user=UserFactory()
        )
        field_month(person, revenue=100_000_000 + n, new_outlets=3, field_days=3, visits_per_day=2)
        field_month(
            person,
            month=JULY,
            revenue=50_000_000 + n,
            new_outlets=2,
            field_days=3,
            visits_per_day=2,
        )
        targets(person)
        targets(person, month=JULY)
        ShelfAuditFactory(
            audit_id=f"AU-G{n}",
            date=date(2026, 6, 5),
            salesman=person,
            outlet=Outlet.objects.filter(salesman=person).first(),
        )
    _steady(world)


def test_no_page_or_endpoint_fetches_more_for_a_larger_sales_force(grown_world):
    world = grown_world
    clients = {}
    for name in {who for who, _url in REQUESTS}:
        person = getattr(world, name)
        clients[name] = Client(HTTP_ACCEPT_LANGUAGE="id")
        clients[name].force_login(getattr(person, "user", person))
    small = {(who, url): measure(clients[who], world, url) for who, url in REQUESTS}
    grow(world)
    large = {(who, url): measure(clients[who], world, url) for who, url in REQUESTS}

    more_queries = {
        key: (small[key][0], large[key][0]) for key in small if large[key][0] != small[key][0]
    }
    assert more_queries == {}
    wrong = {}
    for key in small:
        per_person, fixed, _why = GROWS.get(key, (0, 0, ""))
        low, high = per_person if isinstance(per_person, tuple) else (per_person, per_person)
        expected = (
            small[key][1] + NEWCOMERS * low + fixed,
            small[key][1] + NEWCOMERS * high + fixed,
        )
        if not expected[0] <= large[key][1] <= expected[1]:
            wrong[key] = (small[key][1], large[key][1], expected)
    assert wrong == {}, _grown_queries(wrong, small, large)


def _grown_queries(wrong, small, large) -> str:
    """The SELECTs whose rows changed, for the message of a failure."""
    lines = []
    for key in wrong:
        lines.append(f"{key}: {wrong[key]}")
        for (before, sql), (after, _sql) in zip(small[key][2], large[key][2], strict=False):
            if before != after:
                lines.append(f"    {before} -> {after}: {sql[:160]}")
    return "\n".join(lines)

"""Benchmark: every page of the three journeys and every API list and detail endpoint, serially.

Issue 17's goal: with 2,000 salesmen × 12 months, every page of the salesman's, the leaders' and
HR's journeys and every API list/detail endpoint (its first page and a deep one) answers with a
p95 ≤ 300 ms, one request at a time.

Runs against an existing database built by bench/bench_dashboard.py (`generate_data --salesmen
2000 --months 12` ending with the current month cut at yesterday, templates, plans, targets, the
gamification document, the current month refreshed). `--template NAME` first copies that database
into `--db` (`CREATE DATABASE db TEMPLATE name`: nobody may be connected to it); the source is
never written to. Then, in `--db`, once (kept for the next runs):
- the month two months back gets its targets, is closed, approved and locked (a locked run, its
  statements, the salesman's history), the previous month gets its targets and a draft run;
- a dispute of the salesman on the locked month, so the dispute pages have one.

The people: the first salesman (by code) with a projection of the month, his team's supervisor
and manager, and HR (`bench-hr`). Each URL is requested in process once to count its SQL
queries (Django's test client), then through gunicorn with 2 workers (DEBUG off, the cache in
Redis as in production, bench_dashboard's server) twice to warm up and `--repeat` times timed,
serially (5 times when a warm-up took over 3 s: the column n). Deep pages: `page=last` (the
API's numbered pages, the largest OFFSET), a page number past the end (the HTML tables show
their last page), for the keyset lists (visits, orders, audits) the cursor of a row half the
history back (six months of twelve), for the metric values the first of the middle month, and
for outlets the cursor of the middle outlet by code.
Migrations newer than the copy are applied first, then the database analysed.

One table: url, role, SQL queries, n, p50 / p95 / max ms (nearest rank: of 20 timings the p95 is
the 19th, of 10 the largest), response bytes, the 1-minute load average
when the URL was measured, goal met (p95 ≤ 300 ms and HTTP 200). The machine has 2 cores and
others run tests and benchmarks on it: the load average is printed beside the figures.

    .venv/bin/python bench/bench_pages.py --db kinerja_bench_pages \\
        [--template kinerja_bench_dash12] [--repeat 20] [--only SUBSTRING]

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_REDIS (default
redis://127.0.0.1:6379/4), BENCH_PORT (default 8765).
"""

import argparse
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_dashboard as server  # noqa: E402 - its gunicorn, after the path is set

GOAL_P95_MS = 300
WARM_UPS = 2
SLOW_MS = 3000  # a URL whose warm-up takes longer is timed SLOW_REPEAT times only
SLOW_REPEAT = 5


def clone(source: str, target: str) -> None:
    """`target` as a copy of `source` (left alone when it exists already)."""
    import psycopg2

    conn = psycopg2.connect(f"{server.SERVER}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target])
        if cursor.fetchone() is None:
            started = time.perf_counter()
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
            print(f"{target}: a copy of {source} in {time.perf_counter() - started:.0f} s")
    conn.close()


def prepare() -> None:
    """A locked run two months back, a draft run of the previous month, a dispute (once)."""
    from bench_close_period import write_targets
    from django.db import connection
    from django.test.utils import override_settings

    from incentives.disputes.services import raise_dispute
    from incentives.models import Dispute, PayoutRun, RunStatus
    from incentives.payouts.services import approve_run, close_period, lock_run
    from kpi.models import Target
    from org.models import Role, User
    from spm.months import add_months, current_month

    month = current_month()
    locked, draft = add_months(month, -2), add_months(month, -1)
    approver, _created = User.objects.get_or_create(
        username="bench-approver", defaults={"role": Role.ADMIN}
    )
    hr = bench_hr()
    changed = False
    for closing, lock in ((locked, True), (draft, False)):
        run = PayoutRun.objects.filter(month=closing).first()
        if run is not None and (not lock or run.status == RunStatus.LOCKED):
            continue
        started = time.perf_counter()
        if not Target.objects.filter(month=closing).exists():
            write_targets(closing)
        run = close_period(month=closing, by=hr)
        if lock:
            lock_run(run=approve_run(run=run, by=approver), by=hr)
        changed = True
        state = "closed, approved and locked" if lock else "closed (draft)"
        print(f"{closing:%Y-%m} {state} in {time.perf_counter() - started:.0f} s")
    person = salesman()
    if not Dispute.objects.filter(salesman=person).exists():
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            raise_dispute(
                salesman=person, month=locked, message="Kunjungan saya kurang satu", by=person.user
            )
        changed = True
    if changed:  # the planner's statistics of the new runs (the copy was analysed when built)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def bench_hr():
    from org.models import Role, User

    hr, _created = User.objects.get_or_create(username="bench-hr", defaults={"role": Role.HR})
    return hr


def salesman():
    """The first salesman by code with a projection of the current month and a team."""
    from incentives.live_models import Projection
    from org.models import Salesman
    from spm.months import current_month

    ids = Projection.objects.filter(month=current_month()).values("salesman_id")
    return (
        Salesman.objects.filter(pk__in=ids, team__isnull=False, user__isnull=False)
        .select_related("team", "user")
        .order_by("code")
        .first()
    )


def keyset_cursor(model, pages):
    """The cursor of the first row (in the list's order) of the middle day of the table's
    history: a page half the history deep (six months back of twelve)."""
    from django.db.models import Max, Min

    span = model.objects.aggregate(first=Min("date"), last=Max("date"))
    middle = span["first"] + (span["last"] - span["first"]) / 2
    fields = [name.lstrip("-") for name in pages.ordering]
    row = (
        model.objects.filter(date__lte=middle)
        .order_by(*pages.ordering)
        .values_list(*fields)
        .first()
    )
    return pages()._encode(list(row))


def middle_metric_cursor():
    """The cursor of the first metric value of the middle month of the snapshots (a page half
    the history deep)."""
    from outlets.models import MetricValue
    from spm.pagination import MetricValuePages

    months = sorted(set(MetricValue.objects.values_list("month", flat=True).distinct()))
    fields = [name.lstrip("-") for name in MetricValuePages.ordering]
    row = (
        MetricValue.objects.filter(month=months[len(months) // 2])
        .order_by(*MetricValuePages.ordering)
        .values_list(*fields)
        .first()
    )
    return MetricValuePages()._encode(list(row))


def middle_outlet_cursor():
    """The cursor after the outlet in the middle of the code order (a page half the list deep)."""
    from outlets.models import Outlet
    from spm.pagination import OutletPages

    count = Outlet.objects.count()
    code = Outlet.objects.order_by("code").values_list("code", flat=True)[count // 2]
    return OutletPages()._encode([code])


def urls() -> list[tuple[str, str, str]]:
    """(journey, role, url) of every page and API endpoint measured."""
    from incentives.models import Dispute
    from kpi.gamification.models import Board
    from kpi.models import ManualActual, Scorecard, Target
    from okr.models import Cycle, Objective
    from outlets.models import MetricValue, OrderLine, Outlet, ShelfAudit, TeamMetricValue, Visit
    from spm.months import add_months, current_month, format_month
    from spm.pagination import OrderLinePages, ShelfAuditPages, VisitPages

    month = current_month()
    this, draft, locked = (format_month(add_months(month, -k)) for k in (0, 1, 2))
    person = salesman()
    code, team = person.code, person.team_id
    outlet = Outlet.objects.filter(salesman=person).order_by("code").first()
    visit = Visit.objects.filter(salesman=person).order_by("-date", "visit_id").first()
    line = OrderLine.objects.filter(salesman=person).order_by("-date", "id").first()
    audit = ShelfAudit.objects.filter(salesman=person).order_by("-date", "audit_id").first()
    metric = MetricValue.objects.filter(salesman=person).order_by("-month", "metric").first()
    team_metric = TeamMetricValue.objects.filter(team_id=team).order_by("-month").first()
    target = Target.objects.filter(salesman=person).order_by("-month").first()
    actual = ManualActual.objects.order_by("-month").first()
    scorecard = Scorecard.objects.filter(salesman=person).order_by("-month").first()
    board = Board.objects.order_by("code").first()
    dispute = Dispute.objects.filter(salesman=person).first()
    cycle = Cycle.objects.order_by("code").first()
    objective = Objective.objects.order_by("code").first()
    visits_deep = keyset_cursor(Visit, VisitPages)
    orders_deep = keyset_cursor(OrderLine, OrderLinePages)
    metrics_deep = middle_metric_cursor()
    audits_deep = keyset_cursor(ShelfAudit, ShelfAuditPages)
    outlets_deep = middle_outlet_cursor()
    far = "page=100000"  # past the end: an HTML table shows its last page

    found = [
        # the salesman: home, his month so far, statements, scorecard, boards, disputes
        ("salesman", "salesman", "/"),
        ("salesman", "salesman", "/incentives/my-month/"),
        ("salesman", "salesman", "/incentives/statements/{code}/"),
        ("salesman", "salesman", f"/incentives/statements/{code}/{locked}/"),
        ("salesman", "salesman", f"/incentives/statements/{code}/{draft}/"),
        ("salesman", "salesman", f"/kpi/scorecards/{code}/{draft}/"),
        ("salesman", "salesman", f"/kpi/scorecards/{code}/{this}/"),
        ("salesman", "salesman", f"/outlets/metrics/{code}/{this}/"),
        ("salesman", "salesman", "/leaderboards/"),
        ("salesman", "salesman", "/badges/"),
        ("salesman", "salesman", "/incentives/disputes/"),
        ("salesman", "salesman", "/api/v1/dashboard/"),
        ("salesman", "salesman", "/api/v1/me/"),
        ("salesman", "salesman", f"/api/v1/statements/{code}/"),
        ("salesman", "salesman", f"/api/v1/statements/{code}/{locked}/"),
        ("salesman", "salesman", "/api/v1/leaderboards/"),
        ("salesman", "salesman", "/api/v1/badges/awards/"),
        ("salesman", "salesman", f"/api/v1/salesmen/{code}/levels/"),
        ("salesman", "salesman", f"/api/v1/battles/?month={this}"),
        # the leaders: overview, team pages, scorecards, targets, people, outlets, runs
        ("leader", "supervisor", "/"),
        ("leader", "supervisor", "/kpi/overview/"),
        ("leader", "supervisor", "/teams/"),
        ("leader", "supervisor", "/outlets/teams/"),
        ("leader", "supervisor", f"/kpi/scorecards/?month={draft}"),
        ("leader", "manager", "/"),
        ("leader", "manager", "/kpi/overview/"),
        ("leader", "manager", f"/kpi/overview/?{far}"),
        ("leader", "manager", "/teams/"),
        ("leader", "manager", "/outlets/teams/"),
        ("leader", "manager", f"/outlets/teams/{team}/{draft}/"),
        ("leader", "manager", f"/kpi/scorecards/?month={draft}"),
        ("leader", "manager", f"/kpi/scorecards/?month={draft}&{far}"),
        ("leader", "manager", f"/kpi/targets/?month={this}"),
        ("leader", "manager", "/people/"),
        ("leader", "manager", f"/people/{code}/"),
        ("leader", "manager", "/outlets/"),
        ("leader", "manager", f"/outlets/?{far}"),
        ("leader", "manager", f"/outlets/o/{outlet.code}/"),
        ("leader", "manager", "/incentives/runs/"),
        ("leader", "manager", f"/incentives/runs/{draft}/"),
        ("leader", "manager", f"/incentives/runs/{draft}/?{far}"),
        ("leader", "manager", f"/incentives/runs/{draft}/review/"),
        ("leader", "manager", "/incentives/accruals/"),
        ("leader", "manager", "/incentives/disputes/"),
        ("leader", "manager", f"/incentives/disputes/{dispute.pk}/"),
        ("leader", "manager", "/api/v1/visits/"),
        ("leader", "manager", f"/api/v1/visits/?cursor={visits_deep}"),
        ("leader", "manager", f"/api/v1/payout-runs/{draft}/"),
        ("leader", "manager", f"/api/v1/payout-runs/{draft}/review/"),
        ("leader", "manager", "/api/v1/plans/"),
        # HR: people, runs, run detail, review, exports, accruals, audit trail
        ("hr", "hr", "/"),
        ("hr", "hr", "/people/"),
        ("hr", "hr", f"/people/?{far}"),
        ("hr", "hr", f"/people/{code}/"),
        ("hr", "hr", "/kpi/overview/"),
        ("hr", "hr", f"/kpi/overview/?{far}"),
        ("hr", "hr", "/incentives/runs/"),
        ("hr", "hr", f"/incentives/runs/{draft}/"),
        ("hr", "hr", f"/incentives/runs/{draft}/?{far}"),
        ("hr", "hr", f"/incentives/runs/{draft}/?q={code}"),
        ("hr", "hr", f"/incentives/runs/{locked}/"),
        ("hr", "hr", f"/incentives/runs/{draft}/review/"),
        ("hr", "hr", f"/incentives/runs/{draft}/review/?{far}"),
        ("hr", "hr", f"/incentives/runs/{draft}/export.csv"),
        ("hr", "hr", f"/incentives/runs/{draft}/export.xlsx"),
        ("hr", "hr", "/incentives/accruals/"),
        ("hr", "hr", "/incentives/accruals/export.csv"),
        ("hr", "hr", "/audit/"),
        ("hr", "hr", f"/audit/?{far}"),
        ("hr", "hr", "/incentives/disputes/"),
        # the API: every list (first page, a deep page) and detail, as HR (everyone)
        ("api", "hr", "/api/v1/salesmen/"),
        ("api", "hr", "/api/v1/salesmen/?page=last"),
        ("api", "hr", f"/api/v1/salesmen/{code}/"),
        ("api", "hr", "/api/v1/teams/"),
        ("api", "hr", f"/api/v1/teams/{team}/"),
        ("api", "hr", "/api/v1/outlets/"),
        ("api", "hr", f"/api/v1/outlets/?cursor={outlets_deep}"),
        ("api", "hr", f"/api/v1/outlets/{outlet.code}/"),
        ("api", "hr", "/api/v1/products/"),
        ("api", "hr", "/api/v1/products/?page=last"),
        ("api", "hr", f"/api/v1/products/{line.product.sku}/"),
        ("api", "hr", "/api/v1/visits/"),
        ("api", "hr", f"/api/v1/visits/?cursor={visits_deep}"),
        ("api", "hr", f"/api/v1/visits/{visit.visit_id}/"),
        ("api", "hr", "/api/v1/orders/"),
        ("api", "hr", f"/api/v1/orders/?cursor={orders_deep}"),
        ("api", "hr", f"/api/v1/orders/{line.pk}/"),
        ("api", "hr", "/api/v1/audits/"),
        ("api", "hr", f"/api/v1/audits/?cursor={audits_deep}"),
        ("api", "hr", f"/api/v1/audits/{audit.audit_id}/" if audit else None),
        ("api", "hr", "/api/v1/metrics/"),
        ("api", "hr", f"/api/v1/metrics/?cursor={metrics_deep}"),
        ("api", "hr", f"/api/v1/metrics/{metric.pk}/"),
        ("api", "hr", "/api/v1/team-metrics/"),
        ("api", "hr", "/api/v1/team-metrics/?page=last"),
        ("api", "hr", f"/api/v1/team-metrics/{team_metric.pk}/" if team_metric else None),
        ("api", "hr", "/api/v1/kpi/kras/"),
        ("api", "hr", "/api/v1/kpi/kpis/"),
        ("api", "hr", "/api/v1/kpi/templates/"),
        ("api", "hr", "/api/v1/kpi/targets/"),
        ("api", "hr", "/api/v1/kpi/targets/?page=last"),
        ("api", "hr", f"/api/v1/kpi/targets/{target.pk}/"),
        ("api", "hr", "/api/v1/kpi/actuals/"),
        ("api", "hr", f"/api/v1/kpi/actuals/{actual.pk}/" if actual else None),
        ("api", "hr", "/api/v1/kpi/scorecards/"),
        ("api", "hr", "/api/v1/kpi/scorecards/?page=last"),
        ("api", "hr", f"/api/v1/kpi/scorecards/{scorecard.pk}/"),
        ("api", "hr", "/api/v1/leaderboards/"),
        ("api", "hr", f"/api/v1/leaderboards/{board.code}/" if board else None),
        ("api", "hr", "/api/v1/badges/awards/"),
        ("api", "hr", "/api/v1/okr/cycles/"),
        ("api", "hr", f"/api/v1/okr/cycles/{cycle.code}/" if cycle else None),
        ("api", "hr", "/api/v1/okr/objectives/"),
        ("api", "hr", f"/api/v1/okr/objectives/{objective.code}/" if objective else None),
        ("api", "hr", "/api/v1/payout-runs/"),
        ("api", "hr", f"/api/v1/payout-runs/{draft}/"),
        ("api", "hr", f"/api/v1/payout-runs/{draft}/?page=last"),
        ("api", "hr", f"/api/v1/payout-runs/{locked}/"),
        ("api", "hr", f"/api/v1/payout-runs/{draft}/review/"),
        ("api", "hr", f"/api/v1/payout-runs/{draft}/review/?page=last"),
        ("api", "hr", "/api/v1/accruals/"),
        ("api", "hr", "/api/v1/disputes/"),
        ("api", "hr", f"/api/v1/disputes/{dispute.pk}/"),
        ("api", "hr", f"/api/v1/statements/{code}/"),
        ("api", "hr", f"/api/v1/statements/{code}/{locked}/"),
    ]
    return [(journey, role, url.replace("{code}", code)) for journey, role, url in found if url]


def people() -> dict:
    from org.models import User

    person = salesman()
    return {
        "salesman": person.user,
        "supervisor": User.objects.get(pk=person.team.supervisor_id),
        "manager": User.objects.get(pk=person.team.manager_id),
        "hr": bench_hr(),
    }


def session_keys(users: dict) -> dict[str, str]:
    from django.test import Client

    keys = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        keys[role] = client.cookies["sessionid"].value
    return keys


def count_queries(users: dict, found) -> dict[str, int]:
    """Each URL's SQL queries in process, the second time it is asked (warm caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role, user in users.items():
        clients[role] = Client(HTTP_HOST="localhost")
        clients[role].force_login(user)
    counts = {}
    for _journey, role, url in found:
        client = clients[role]
        for _time in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
        counts[(role, url)] = len(captured.captured_queries)
    return counts


def time_url(http, key: str, url: str, repeat: int) -> dict:
    """`repeat` timed GETs after the warm-ups; `SLOW_REPEAT` when a warm-up took over
    `SLOW_MS` (the whole run's exports: the table says how many)."""
    latencies, sizes, statuses = [], [], set()
    attempt, timed = 0, repeat
    while attempt < WARM_UPS + timed:
        started = time.perf_counter()
        response = http.get(
            f"http://127.0.0.1:{server.PORT}{url}",
            headers={"Cookie": f"sessionid={key}", "Accept-Language": "id"},
            timeout=120,
            allow_redirects=False,
        )
        body = response.content
        elapsed = (time.perf_counter() - started) * 1000
        if attempt >= WARM_UPS:
            latencies.append(elapsed)
            sizes.append(len(body))
            statuses.add(response.status_code)
        elif elapsed > SLOW_MS:
            timed = min(repeat, SLOW_REPEAT)
        attempt += 1
    ordered = sorted(latencies)
    return {
        "n": len(ordered),
        "p50": server.percentile(ordered, 0.50),
        "p95": server.percentile(ordered, 0.95),
        "max": ordered[-1],
        "bytes": max(sizes),
        "statuses": statuses,
        "load": os.getloadavg()[0],
    }


def port_is_free() -> None:
    """Refuse to measure another server: bench_dashboard's start waits for any answer."""
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", server.PORT)) == 0:
            raise SystemExit(f"port {server.PORT} is taken: set BENCH_PORT")


def short(url: str, width: int = 58) -> str:
    if "cursor=" in url:
        url = url.split("cursor=")[0] + "cursor=<mid-history>"
    return url if len(url) <= width else url[: width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the database to measure (and prepare)")
    parser.add_argument("--template", help="copy this database into --db first (if missing)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL")
    parser.add_argument("--only", help="measure only the URLs containing this")
    args = parser.parse_args()
    if args.template:
        clone(args.template, args.db)
    server.DB_NAME = args.db
    os.environ["DATABASE_URL"] = f"{server.SERVER}/{args.db}"
    os.environ["REDIS_CACHE_URL"] = server.REDIS
    # one key for this process (which makes the sessions) and gunicorn (which reads them)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from org.models import Salesman
    from outlets.models import OrderLine

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:  # migrations newer than the copy (applied: the code expects them)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in pending)
        print(f"migrated {names} in {time.perf_counter() - started:.0f} s")
        # a migration that rewrites a table leaves it without planner statistics (the
        # partitioned field data: 2.0–3.0 s lookups until analysed); measure the settled state
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("analysed after migrating")
    prepare()
    cache.clear()
    server.publish()
    users = people()
    found = urls()
    if args.only:
        found = [entry for entry in found if args.only in entry[2]]
    print(
        f"{args.db}: {Salesman.objects.count():,} salesmen, "
        f"{OrderLine.objects.count():,} order lines; the salesman "
        f"{users['salesman'].username}, supervisor {users['supervisor'].username}, manager "
        f"{users['manager'].username}, HR {users['hr'].username}"
    )
    started = time.perf_counter()
    counts = count_queries(users, found)
    print(f"SQL queries counted in process in {time.perf_counter() - started:.0f} s")
    keys = session_keys(users)
    import requests

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")
    port_is_free()
    gunicorn = server.start_gunicorn()
    results = []
    try:
        http = requests.Session()
        # Each worker's first requests load the templates, translations and URL patterns:
        # every role's home page a few times first, so no URL's timings hold a cold worker.
        for key in keys.values():
            for _time in range(2 * server.WORKERS):
                http.get(
                    f"http://127.0.0.1:{server.PORT}/",
                    headers={"Cookie": f"sessionid={key}", "Accept-Language": "id"},
                    timeout=120,
                )
        for journey, role, url in found:
            results.append((journey, role, url, time_url(http, keys[role], url, args.repeat)))
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")
    print(
        f"\n{args.repeat} requests each after {WARM_UPS} warm-ups, serially, gunicorn 2 workers, "
        f"DEBUG off (goal: p95 ≤ {GOAL_P95_MS} ms, HTTP 200)"
    )
    header = (
        f"{'url':58} {'role':10} {'queries':>7} {'n':>3} {'p50':>7} {'p95':>7} {'max':>7} "
        f"{'bytes':>10} {'load':>5}  goal"
    )
    print(header)
    print("-" * len(header))
    missed = []
    for journey, role, url, figures in results:
        ok = figures["p95"] <= GOAL_P95_MS and figures["statuses"] == {200}
        status = "" if figures["statuses"] == {200} else f" HTTP {sorted(figures['statuses'])}"
        if not ok:
            missed.append((journey, role, url))
        print(
            f"{short(url):58} {role:10} {counts[(role, url)]:>7} {figures['n']:>3} "
            f"{figures['p50']:>7.0f} "
            f"{figures['p95']:>7.0f} {figures['max']:>7.0f} {figures['bytes']:>10,} "
            f"{figures['load']:>5.2f}  {'met' if ok else 'NOT MET'}{status}"
        )
    print(
        f"\n{len(results) - len(missed)} of {len(results)} URLs met the goal "
        f"(p95 ≤ {GOAL_P95_MS} ms, HTTP 200)"
    )
    print("GOALS MET" if not missed else "GOALS NOT MET")


if __name__ == "__main__":
    main()

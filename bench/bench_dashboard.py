"""Benchmark: the salesman's dashboard under load, and the SQL queries of each dashboard page.

Builds a fresh PostgreSQL database (kinerja_bench_dash by default) with
`generate_data --salesmen 2000 --months 12 --through <yesterday>` ending with the current month
to date (through yesterday, Asia/Jakarta: no field row from today on); every salesman gets
the GT or MT template, targets for the month and the GT and MT plans; the gamification document
of the demo (two boards, two badges, levels); then `refresh_month` stores the pace scores and
projections of the month.

Then, against gunicorn with 2 workers (DEBUG off, the cache in Redis as in production):
1. 20 logged-in salesmen each load /incentives/my-month/, think 1 s, load again, for 60 s:
   p50/p95/max latency and errors (goal: p95 ≤ 150 ms, no error);
2. the same 20 with no think time for 20 s: pages per second and p95.
And, in process (Django's test client), the SQL queries of each dashboard page: the salesman's
month so far (page and API) and the team overview for a supervisor, a manager and HR
(goal: ≤ 15 each, whatever the data size).

    .venv/bin/python bench/bench_dashboard.py [--salesmen 2000] [--months 12] [--reuse]

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_DB, BENCH_REDIS
(default redis://127.0.0.1:6379/4), BENCH_PORT (default 8765).
"""

import argparse
import math
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402  (bench/databases.py, beside this script)

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_dash")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/4")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
STATIC_ROOT = os.environ.get(
    "BENCH_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "kinerja_bench_static")
)
USERS = 20
PAGE = "/incentives/my-month/"
WORKERS = 2  # gunicorn's, one a core
GOAL_P95_MS = 150
GOAL_QUERIES = 15


def recreate_database() -> None:
    databases.recreate_database(SERVER, DB_NAME)


def build(args) -> None:
    from bench_close_period import MT_TEMPLATE, write_targets
    from django.core.management import call_command
    from django.db import connection

    from incentives.demo_plans import seed_plans
    from kpi.documents import save_template_document
    from kpi.gamification.demo import DEMO_DOCUMENT
    from kpi.gamification.services import save_document
    from kpi.live import refresh_month
    from outlets.generate import working_days
    from spm.months import current_month, format_month
    from tests.kpi.factories import gt_document

    month = current_month()
    yesterday = max(_today() - timedelta(days=1), month)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(  # the month to date: field data through yesterday, nothing from today on
        "generate_data",
        salesmen=args.salesmen,
        months=args.months,
        seed=1,
        end=format_month(month),
        through=yesterday.isoformat(),
    )
    print(
        f"generate_data --salesmen {args.salesmen} --months {args.months}: "
        f"{time.perf_counter() - started:.0f} s"
    )
    save_template_document(document=gt_document(), by=None)
    save_template_document(document=MT_TEMPLATE, by=None)
    seed_plans()
    save_document(data=DEMO_DOCUMENT, by=None)
    # Targets: each salesman's month to date brought to a whole month (additive KPIs × the
    # month's working days over those worked) × a factor between 0.85 and 1.14 (by id), so the
    # pace spreads around 100%.
    days = working_days(month)
    worked = sum(1 for day in days if day <= yesterday)
    write_targets(month, to_full_month=Decimal(len(days)) / Decimal(worked))
    started = time.perf_counter()
    done = refresh_month(month=month, as_of=yesterday)
    print(
        f"refresh_month {format_month(month)} as of {yesterday}: {done.pace_scores:,} pace "
        f"scores in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _today():
    from datetime import datetime

    from spm.months import JAKARTA

    return datetime.now(JAKARTA).date()


def sessions(count: int) -> list[tuple[str, str]]:
    """(code, session key) of `count` salesmen with a stored projection, logged in."""
    from django.test import Client

    from incentives.live_models import Projection
    from org.models import Salesman

    ids = Projection.objects.values_list("salesman_id", flat=True).order_by("salesman_id")
    found = []
    for person in Salesman.objects.filter(pk__in=list(ids[:count])).select_related("user"):
        client = Client()
        client.force_login(person.user)
        found.append((person.code, client.cookies["sessionid"].value))
    return found


def count_queries() -> dict[str, int]:
    """Each dashboard page's SQL queries, warm (the boards and the battle cached once per
    refresh, as the second visitor of a refresh sees them)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from org.models import Role, Salesman, User

    salesman = Salesman.objects.filter(user__role=Role.SALESMAN).order_by("pk").first().user
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    manager = User.objects.filter(role=Role.MANAGER).order_by("pk").first()
    hr, _created = User.objects.get_or_create(username="bench-hr", defaults={"role": Role.HR})
    pages = [
        ("salesman /incentives/my-month/", salesman, PAGE),
        ("salesman /api/v1/dashboard/", salesman, "/api/v1/dashboard/"),
        ("supervisor /kpi/overview/", supervisor, "/kpi/overview/"),
        ("manager /kpi/overview/", manager, "/kpi/overview/"),
        ("hr /kpi/overview/", hr, "/kpi/overview/"),
    ]
    counts = {}
    for name, user, url in pages:
        if user is None:
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured.captured_queries)
        print(f"  {name}: {counts[name]} queries, {elapsed:.0f} ms in process")
    return counts


def start_gunicorn() -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=f"{SERVER}/{DB_NAME}",
        DEBUG="0",
        SECRET_KEY=os.environ["SECRET_KEY"],
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        REDIS_CACHE_URL=REDIS,
        STATIC_ROOT=STATIC_ROOT,
    )
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "spm.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    import requests

    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=30)
            return server
        except requests.ConnectionError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def load(users: list[tuple[str, str]], seconds: float, think: float) -> dict:
    """Each user in his own thread: GET the page, think, again, until the time is up."""
    import requests

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(code: str, key: str) -> None:
        http = requests.Session()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response = http.get(
                    f"http://127.0.0.1:{PORT}{PAGE}",
                    headers={"Cookie": f"sessionid={key}"},
                    timeout=30,
                    allow_redirects=False,
                )
                ok = response.status_code == 200 and 'id="my-month"' in response.text
                failure = None if ok else f"{code}: HTTP {response.status_code}"
            except requests.RequestException as error:
                failure = f"{code}: {error}"
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if failure:
                    errors.append(failure)
            if think:
                time.sleep(think)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=user) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "pages": len(ordered),
        "per_second": len(ordered) / wall,
        "p50": percentile(ordered, 0.50) * 1000,
        "p95": percentile(ordered, 0.95) * 1000,
        "max": ordered[-1] * 1000,
        "mean": statistics.mean(ordered) * 1000,
        "errors": errors,
    }


def publish() -> None:
    """The current month's boards and battle cached for the pages, as the worker does after
    each refresh of the month (`kpi.dashboard_parts.publish_month`)."""
    from kpi.dashboard_parts import publish_month
    from spm.months import current_month

    started = time.perf_counter()
    entries = publish_month(current_month())
    print(f"published the month's boards and battle: {entries:,} entries in ", end="")
    print(f"{(time.perf_counter() - started) * 1000:.0f} ms")


def percentile(ordered: list[float], p: float) -> float:
    """The nearest-rank percentile of sorted values: the smallest value with at least p of them at
    or below it (of 20 timings the p95 is the 19th; of 10 it is the largest)."""
    return ordered[max(math.ceil(len(ordered) * p) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12, help="months of field data")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--reuse", action="store_true", help="reuse the data of a previous run")
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build the database and stop (measure later with --reuse, on a quiet machine)",
    )
    args = parser.parse_args()
    if not args.reuse:
        recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ["REDIS_CACHE_URL"] = REDIS
    # one key for this process (which makes the sessions) and gunicorn (which reads them)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    if not args.reuse:
        build(args)
        if args.build_only:
            return
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    from django.core.cache import cache

    cache.clear()
    publish()
    print("SQL queries per page (warm):")
    counts = count_queries()
    users = sessions(USERS)
    server = start_gunicorn()
    try:
        # every user once, so each refresh's boards and battle are in the cache
        load(users, seconds=0.1, think=0)
        think = load(users, seconds=args.seconds, think=1.0)
        flat = load(users, seconds=20, think=0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(
        f"{USERS} salesmen, 1 s think time, {args.seconds:.0f} s: {think['pages']} pages, "
        f"p50 {think['p50']:.0f} ms, p95 {think['p95']:.0f} ms, max {think['max']:.0f} ms, "
        f"{len(think['errors'])} errors (goal p95 ≤ {GOAL_P95_MS} ms, no error)"
    )
    print(
        f"{USERS} salesmen, no think time, 20 s: {flat['per_second']:.1f} pages/s, "
        f"p50 {flat['p50']:.0f} ms, p95 {flat['p95']:.0f} ms, {len(flat['errors'])} errors"
    )
    for error in (think["errors"] + flat["errors"])[:5]:
        print("  error:", error)
    worst = max(counts.values())
    print(f"queries: at most {worst} per page (goal ≤ {GOAL_QUERIES})")
    ok = think["p95"] <= GOAL_P95_MS and not think["errors"] and worst <= GOAL_QUERIES
    print("GOALS MET" if ok else "GOALS NOT MET")


if __name__ == "__main__":
    main()

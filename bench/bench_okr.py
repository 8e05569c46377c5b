"""Benchmark: OKRs of a 2,000-salesman sales force over a semester.

Builds a fresh PostgreSQL database (kinerja_bench_okr by default) with 2,000 salesmen in 100
teams, the monthly metric snapshot of six months (new_outlets, aov, new_product_listings) and
the semester's OKRs: one company objective, 100 team objectives (a metric-linked KR summing
new_outlets of the team's 20 participants, and a manual KR), and 2,000 person objectives
(a metric-linked KR and a manual KR with three check-ins each). Then times:

1. `refresh_key_results(cycle=…)`: every key result measured and stored (the nightly task);
2. `objective_outcomes(codes=…, month=June)` for the 100 team objectives (what a month's close
   reads when every team has an okr_bonus plan);
3. the cycle's tree page for an admin (all 2,101 objectives) and one page of the objectives API.

    .venv/bin/python bench/bench_okr.py [--salesmen 2000] [--repeat 3] [--reuse]

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_DB.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/databases.py, beside this script)

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_okr")
TEAM_SIZE = 20


def recreate_database() -> None:
    databases.recreate_database(SERVER, DB_NAME)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def build(salesmen: int) -> None:
    """People, the metric snapshot and the OKRs, in bulk."""
    import random
    from datetime import date
    from decimal import Decimal

    from okr.models import CheckIn, Cycle, KeyResult, Objective
    from org.models import Role, Salesman, Team, User
    from outlets.models import MetricSnapshot, MetricValue

    rng = random.Random(1)
    admin = User.objects.create(username="admin", role=Role.ADMIN, is_superuser=True)
    teams = Team.objects.bulk_create(
        Team(name=f"Team {n:03d}", channel="GT" if n % 2 else "MT")
        for n in range(salesmen // TEAM_SIZE)
    )
    users = User.objects.bulk_create(
        User(username=f"s{n:05d}", role=Role.SALESMAN) for n in range(salesmen)
    )
    people = Salesman.objects.bulk_create(
        Salesman(
            user=user,
            code=user.username,
            name=user.username,
            channel=teams[n // TEAM_SIZE].channel,
            team=teams[n // TEAM_SIZE],
        )
        for n, user in enumerate(users)
    )
    months = [date(2026, m, 1) for m in range(1, 7)]
    MetricSnapshot.objects.bulk_create(
        MetricSnapshot(
            salesman=person,
            month=month,
            new_outlets=Decimal(rng.randint(0, 20)),
            aov=Decimal(rng.randint(80000, 160000)),
            new_product_listings=Decimal(rng.randint(0, 2)),
        )
        for person in people
        for month in months
    )
    cycle = Cycle.objects.create(
        code="H1-2026", name="H1 2026", kind="semester", start=months[0], end=date(2026, 6, 30)
    )
    company = Objective.objects.create(code="CO", cycle=cycle, title_id="Company", level="company")
    team_objectives = Objective.objects.bulk_create(
        Objective(
            code=f"T-{team.pk}",
            cycle=cycle,
            title_id=f"Tim {team.name}",
            level="team",
            team=team,
            parent=company,
        )
        for team in teams
    )
    person_objectives = Objective.objects.bulk_create(
        Objective(
            code=f"P-{person.code}",
            cycle=cycle,
            title_id=f"Orang {person.code}",
            level="person",
            owner=person,
            parent=team_objectives[n // TEAM_SIZE],
        )
        for n, person in enumerate(people)
    )
    through = Objective.participants.through
    through.objects.bulk_create(
        [
            through(objective=team_objectives[n // TEAM_SIZE], salesman=person)
            for n, person in enumerate(people)
        ]
        + [
            through(objective=objective, salesman=person)
            for objective, person in zip(person_objectives, people, strict=True)
        ]
    )
    metric_kr = {"kind": "metric", "metric": "new_outlets", "start_value": 0, "direction": "higher"}
    manual_kr = {"kind": "manual", "start_value": 0, "target_value": 10, "direction": "higher"}
    krs = KeyResult.objects.bulk_create(
        [
            KeyResult(objective=o, title_id="Outlet baru", target_value=TEAM_SIZE * 60, **metric_kr)
            for o in team_objectives
        ]
        + [KeyResult(objective=o, title_id="Manual", **manual_kr) for o in team_objectives]
        + [
            KeyResult(objective=o, title_id="Outlet baru", target_value=60, **metric_kr)
            for o in person_objectives
        ]
        + [KeyResult(objective=o, title_id="Manual", **manual_kr) for o in person_objectives]
    )
    CheckIn.objects.bulk_create(
        CheckIn(key_result=kr, date=date(2026, m, 15), value=m + rng.randint(0, 3), confidence=7)
        for kr in krs
        if kr.kind == "manual"
        for m in (2, 4, 6)
    )
    print(
        f"built: {len(people):,} salesmen, {Objective.objects.count():,} objectives, "
        f"{len(krs):,} key results, {CheckIn.objects.count():,} check-ins, "
        f"{MetricValue.objects.count():,} metric values; admin {admin.username}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the data of a previous run")
    args = parser.parse_args()
    if not args.reuse:
        recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from okr.models import Cycle, Objective
    from okr.selectors import objective_outcomes
    from okr.services import refresh_key_results
    from org.models import User

    if not args.reuse:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        build(args.salesmen)
        print(f"build: {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    cycle = Cycle.objects.get(code="H1-2026")
    codes = set(Objective.objects.filter(level="team").values_list("code", flat=True))
    june = date(2026, 6, 1)

    def report(name, times, goal=""):
        median = statistics.median(times)
        listed = ", ".join(f"{t:.2f}" for t in times)
        print(f"{name:<34} {median:6.2f} s (median of {len(times)}: {listed}) {goal}")

    with CaptureQueriesContext(connection) as queries:
        refresh_key_results(cycle=cycle, as_of=date(2026, 6, 30))
    print(f"refresh_key_results queries: {len(queries.captured_queries):,}")
    report(
        "refresh_key_results (4,200 KRs)",
        timed(lambda: refresh_key_results(cycle=cycle, as_of=date(2026, 6, 30)), args.repeat),
        "goal ≤ 60 s (nightly)",
    )
    report(
        f"objective_outcomes ({len(codes)} objectives)",
        timed(lambda: objective_outcomes(codes=codes, month=june), args.repeat),
        "goal ≤ 5 s (month close)",
    )

    client = Client()
    client.force_login(User.objects.get(username="admin"))

    def tree():
        assert client.get(f"/okr/cycles/{cycle.code}/").status_code == 200

    def api():
        assert client.get("/api/v1/okr/objectives/").status_code == 200

    report("tree page (2,101 objectives)", timed(tree, args.repeat), "goal ≤ 5 s")
    report("objectives API (page of 50)", timed(api, args.repeat), "goal ≤ 1 s")


if __name__ == "__main__":
    main()

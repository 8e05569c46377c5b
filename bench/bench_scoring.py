"""Benchmark: the scoring engine on one core, and computing + storing a month of scorecards.

1. `kpi.scoring.score_sheet` over 20,000 sheets of 10 KPI rows (a mix of higher and lower is
   better, caps, floors and rows without data), in both rounding modes. Goal ≥ 100,000 rows/s.
2. `kpi.scorecards.compute_scorecards` for 2,000 salesmen × 10 KPIs (metric snapshot and targets
   inserted directly) in a fresh PostgreSQL database `kinerja_bench_scoring`: reads, scores and
   stores 2,000 scorecards and 20,000 rows, replacing the previous draft. Goal ≤ 5 s.

    .venv/bin/python bench/bench_scoring.py [--salesmen 2000] [--repeat 3] [--engine-only]

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_DB.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/databases.py, beside this script)

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_scoring")
MONTH = date(2026, 6, 1)
ENGINE_GOAL = 100_000
COMPUTE_GOAL = 5.0
# Ten metrics of the catalogue; oos_rate is lower-is-better (with a cap).
METRICS = [
    "revenue",
    "orders",
    "aov",
    "active_outlets",
    "new_outlets",
    "visits_per_day",
    "hit_rate",
    "sku_per_outlet",
    "repeat_order_ratio",
    "oos_rate",
]


def engine_sheets(count: int):
    from kpi.scoring import SheetRow

    sheets = []
    for n in range(count):
        rows = []
        for k in range(10):
            lower = k == 9
            target = Decimal(100 + (n * 7 + k * 13) % 400)
            actual = None if (n + k) % 37 == 0 else Decimal(50 + (n * 11 + k * 17) % 500)
            rows.append(
                SheetRow(
                    kpi=f"k{k}",
                    weight=Decimal(10),
                    direction="lower" if lower else "higher",
                    target=target,
                    actual=actual,
                    cap=Decimal(150) if (lower or k % 2 == 0) else None,
                    floor=Decimal(60) if k == 3 else None,
                )
            )
        sheets.append(rows)
    return sheets


def bench_engine(repeat: int) -> None:
    from kpi.scoring import score_sheet

    sheets = engine_sheets(20_000)
    rows = sum(len(sheet) for sheet in sheets)
    for mode in ("exact", "row"):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            for sheet in sheets:
                score_sheet(sheet, mode)
            times.append(time.perf_counter() - started)
        best = statistics.median(times)
        print(
            f"engine ({mode:5}): {rows:,} rows in {best:.3f} s (median of {repeat}) = "
            f"{rows / best:,.0f} rows/s on one core, goal ≥ {ENGINE_GOAL:,}"
        )


def recreate_database() -> None:
    databases.recreate_database(SERVER, DB_NAME)


def populate(salesmen: int) -> None:
    """2,000 GT salesmen in 20 teams, one template of 10 metric KPIs, a metric snapshot and a
    target per salesman and KPI: all inserted directly."""
    from kpi.documents import save_template_document
    from kpi.models import KPIDefinition, Target
    from org.models import Salesman, Team, User
    from outlets.models import MetricSnapshot

    document = {
        "code": "BENCH",
        "name": "Bench scorecard",
        "rounding": "exact",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "items": [
            {"kpi": m, "weight": 10, "cap": 150 if i % 2 == 0 or m == "oos_rate" else None}
            | {"floor": None}
            for i, m in enumerate(METRICS)
        ],
        "kpis": [
            {
                "code": m,
                "name": {"id": m, "en": m},
                "kra": "Bench",
                "unit": "Rp" if m == "revenue" else "",
                "direction": "lower" if m == "oos_rate" else "higher",
                "source": f"metric:{m}",
            }
            for m in METRICS
        ],
    }
    save_template_document(document=document, by=None)
    kpis = {k.code: k.id for k in KPIDefinition.objects.all()}
    teams = Team.objects.bulk_create(Team(name=f"Team {n:02d}", channel="GT") for n in range(20))
    unusable = "!"  # no password: nobody logs in as a benchmark salesman
    users = User.objects.bulk_create(
        User(username=f"s{n:05d}", role="salesman", password=unusable) for n in range(salesmen)
    )
    people = Salesman.objects.bulk_create(
        Salesman(
            user=user, code=f"S{n:05d}", name=f"Salesman {n}", channel="GT", team=teams[n % 20]
        )
        for n, user in enumerate(users)
    )
    values, targets = [], []
    for n, person in enumerate(people):
        snapshot = MetricSnapshot(salesman=person, month=MONTH)
        for k, metric in enumerate(METRICS):
            actual = None if (n + k) % 41 == 0 else Decimal(40 + (n * 13 + k * 7) % 160)
            setattr(snapshot, metric, actual)
            targets.append(
                Target(month=MONTH, salesman=person, kpi_id=kpis[metric], value=Decimal(100))
            )
        values.append(snapshot)
    MetricSnapshot.objects.bulk_create(values, batch_size=5000)
    Target.objects.bulk_create(targets, batch_size=5000)
    print(f"populated: {len(people):,} salesmen, {len(targets):,} metric values and targets")


def bench_compute(salesmen: int, repeat: int) -> None:
    recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kpi.models import Scorecard, ScorecardRow
    from kpi.scorecards import compute_scorecards

    call_command("migrate", verbosity=0)
    populate(salesmen)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        stored = compute_scorecards(month=MONTH)
        times.append(time.perf_counter() - started)
    rows = ScorecardRow.objects.filter(scorecard__month=MONTH).count()
    best = statistics.median(times)
    print(
        f"compute_scorecards: {stored:,} scorecards, {rows:,} rows in {best:.2f} s "
        f"(median of {repeat}: {', '.join(f'{t:.2f}' for t in times)}), goal ≤ {COMPUTE_GOAL} s"
    )
    sample = Scorecard.objects.filter(month=MONTH).order_by("-total").first()
    print(f"highest total: {sample.salesman.code} {sample.total}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine-only", action="store_true")
    args = parser.parse_args()
    bench_engine(args.repeat)
    if not args.engine_only:
        bench_compute(args.salesmen, args.repeat)


if __name__ == "__main__":
    main()

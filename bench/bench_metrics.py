"""Benchmark: the month's metric catalogue for 2,000 salesmen / ≈2.5M order lines.

Builds a fresh PostgreSQL database (kinerja_bench_metrics by default), fills it with
`generate_data --salesmen 2000 --months 1`, then times `compute_month_metrics` and, in the same
process, the reference query (revenue, distinct orders and distinct outlets per salesman over
the same month). Prints both and their ratio. Goal: metrics ≤ 10 s.

    .venv/bin/python bench/bench_metrics.py [--salesmen 2000] [--keep] [--reuse]

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

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_metrics")
MONTH = "2026-06"

REFERENCE = """
SELECT salesman_id, SUM(amount), COUNT(DISTINCT order_no), COUNT(DISTINCT outlet_id)
FROM outlets_orderline WHERE date >= %s AND date <= %s GROUP BY salesman_id
"""


def recreate_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{SERVER}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def timed_pairs(fn, reference, repeat: int) -> tuple[list[float], list[float]]:
    """Time `fn` and the reference query alternately, `repeat` times each: on a shared
    machine the load changes from minute to minute, and alternating keeps both measured
    under the same conditions (one after the other, not one batch then the other)."""
    times, reference_times = [], []
    for _ in range(repeat):
        for call, into in ((fn, times), (reference, reference_times)):
            started = time.perf_counter()
            call()
            into.append(time.perf_counter() - started)
    return times, reference_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="reuse the data of a previous run")
    args = parser.parse_args()

    if not args.reuse:
        recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from outlets.metrics import compute_month_metrics
    from spm.months import month_end, parse_month

    month = parse_month(MONTH)
    if not args.reuse:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command(
            "generate_data",
            salesmen=args.salesmen,
            months=1,
            seed=1,
            end=MONTH,
        )
        print(f"generate_data: {time.perf_counter() - started:.1f} s")
    else:
        call_command("migrate", verbosity=0)  # a reused database gets new indexes too
    # This server runs without autovacuum: without this, a reused database carries the dead
    # rows of every earlier run's snapshot and payout lines, and each run gets slower.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COUNT(DISTINCT salesman_id) FROM outlets_orderline "
            "WHERE date >= %s AND date <= %s",
            [month, month_end(month)],
        )
        lines, people = cursor.fetchone()
    print(f"month {MONTH}: {lines:,} order lines of {people:,} salesmen")

    def reference():
        with connection.cursor() as cursor:
            cursor.execute(REFERENCE, [month, month_end(month)])
            cursor.fetchall()

    reference()  # warm the cache for both
    metric_times, reference_times = timed_pairs(
        lambda: compute_month_metrics(month=month), reference, args.repeat
    )
    metrics_s = statistics.median(metric_times)
    reference_s = statistics.median(reference_times)
    print(
        f"compute_month_metrics: {metrics_s:.2f} s (median of {args.repeat}: "
        f"{', '.join(f'{t:.2f}' for t in metric_times)}) goal ≤ 10 s"
    )
    print(
        f"reference query:       {reference_s:.2f} s (median of {args.repeat}: "
        f"{', '.join(f'{t:.2f}' for t in reference_times)})"
    )
    print(f"ratio metrics / reference: {metrics_s / reference_s:.2f}")


if __name__ == "__main__":
    main()

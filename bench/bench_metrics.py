"""Benchmark: the month's metric catalogue for 2,000 salesmen / ≈2.5M order lines.

Builds a fresh PostgreSQL database (kinerja_bench_metrics by default), fills it with
`generate_data --salesmen 2000 --months 1`, then times `compute_month_metrics` without SKU
groups, with 3 SKU groups of 20 SKUs each (their group metrics `revenue@G`, `outlets@G`,
`numeric_distribution@G` included) and, in the same process, the reference query (revenue,
distinct orders and distinct outlets per salesman over the same month), alternately. Prints all
three and the ratios. Goals: metrics ≤ 10 s; with the groups ≤ 1.5× without.

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

import databases  # noqa: E402  (bench/databases.py, beside this script)

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_metrics")
MONTH = "2026-06"

REFERENCE = """
SELECT salesman_id, SUM(amount), COUNT(DISTINCT order_no), COUNT(DISTINCT outlet_id)
FROM outlets_orderline WHERE date >= %s AND date <= %s GROUP BY salesman_id
"""


def recreate_database() -> None:
    databases.recreate_database(SERVER, DB_NAME)


def timed_rounds(calls, repeat: int) -> list[list[float]]:
    """Time each (setup, call) in turn, `repeat` rounds: on a shared machine the load changes
    from minute to minute, and alternating keeps all measured under the same conditions (one
    after the other, not one batch then the other). `setup` runs untimed before its call."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for (setup, call), into in zip(calls, times, strict=True):
            setup()
            started = time.perf_counter()
            call()
            into.append(time.perf_counter() - started)
    return times


GROUPS = (("focus", 0), ("must-stock", 20), ("promo", 40))  # 3 groups of 20 SKUs


def make_groups() -> None:
    from outlets.groups import set_product_groups
    from outlets.models import Product, ProductGroup

    if ProductGroup.objects.exists():
        return
    skus = list(
        Product.objects.filter(new_product=False).order_by("sku")[:60].values_list("sku", flat=True)
    )
    memberships: dict[str, tuple[str, ...]] = {}
    for code, first in GROUPS:
        for sku in skus[first : first + 20]:
            memberships[sku] = (*memberships.get(sku, ()), code)
    set_product_groups(memberships)


def drop_groups() -> None:
    from outlets.models import ProductGroup

    ProductGroup.objects.all().delete()  # their stored group metrics go with them


def describe(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label}{median:.2f} s (median of {len(times)}: {shown})")
    return median


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

    def metrics():
        compute_month_metrics(month=month)

    reference()  # warm the cache for all
    plain_times, group_times, reference_times = timed_rounds(
        [(drop_groups, metrics), (make_groups, metrics), (lambda: None, reference)],
        args.repeat,
    )
    from outlets.models import GroupMetricValue

    stored = GroupMetricValue.objects.filter(month=month).count()
    plain_s = describe("compute_month_metrics, no SKU groups:      ", plain_times)
    groups_s = describe("compute_month_metrics, 3 groups × 20 SKUs: ", group_times)
    reference_s = describe("reference query:                           ", reference_times)
    print(f"group metric rows stored: {stored:,} (3 groups × every sales person)")
    print(f"ratio metrics / reference (no groups): {plain_s / reference_s:.2f}; goal ≤ 10 s")
    print(f"ratio with groups / without: {groups_s / plain_s:.2f} (goal ≤ 1.5)")


if __name__ == "__main__":
    main()

"""Benchmark: close_period for one month of 2,000 salesmen / ≈2.5M order lines.

Builds a fresh PostgreSQL database (kinerja_bench_close by default), fills it with
`generate_data --salesmen 2000 --months 1 --seed 1`, gives every salesman a scorecard template
(GT: revenue, new outlets, visits per day as in docs/contracts.md; MT: planogram, OSA, new-product
listings), targets for the month and the GT and MT incentive plans. Then times `close_period`
(metrics → scorecards → plan evaluation → the draft payout run, all of it) and, in the same
process, the reference query of the field-data benchmark (revenue, distinct orders and distinct
outlets per salesman over the same month). Prints both and their ratio.

Goals: close_period ≤ 15 s and ≤ 5 × the reference query; for a national sales force of 20,000
salesmen (≈25M lines, issue 17) ≤ 30 s, ≤ 3.5 × the reference query and ≤ 600 MB peak memory.

    .venv/bin/python bench/bench_close_period.py [--salesmen 2000] [--repeat 3] [--reuse]
        [--history 11] [--workers 1]

With `--history N` it then copies the month's order lines, visits and audits into the N months
before it (keys prefixed, dates moved back) and times the close again: the close of a month
should not grow with the history kept (goal ≤ 1.2× the close of the month alone).

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_DB.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/databases.py, beside this script)

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_close")
MONTH = "2026-06"
GOAL_SECONDS = 15
GOAL_RATIO = 5
NATIONAL = 20_000  # salesmen in the run from which the national goals apply
NATIONAL_GOALS = (30, 3.5, 600)  # seconds, ratio to the reference, peak MB

REFERENCE = """
SELECT salesman_id, SUM(amount), COUNT(DISTINCT order_no), COUNT(DISTINCT outlet_id)
FROM outlets_orderline WHERE date >= %s AND date <= %s GROUP BY salesman_id
"""

MT_TEMPLATE = {
    "code": "MT-SALESMAN",
    "name": "Scorecard Salesman MT",
    "rounding": "exact",
    "applies_to": {"role": "salesman", "channel": "MT"},
    "items": [
        {"kpi": "planogram_compliance", "weight": 40, "cap": 120, "floor": None},
        {"kpi": "osa", "weight": 40, "cap": 120, "floor": None},
        {"kpi": "new_product_listings", "weight": 20, "cap": 150, "floor": None},
    ],
    "kpis": [
        {
            "code": "planogram_compliance",
            "name": {"id": "Kepatuhan planogram", "en": "Planogram compliance"},
            "kra": "Execution & Availability",
            "unit": "%",
            "direction": "higher",
            "source": "metric:planogram_compliance",
        },
        {
            "code": "osa",
            "name": {"id": "Ketersediaan di rak", "en": "On-shelf availability"},
            "kra": "Execution & Availability",
            "unit": "%",
            "direction": "higher",
            "source": "metric:osa",
        },
        {
            "code": "new_product_listings",
            "name": {"id": "Listing produk baru", "en": "New product listings"},
            "kra": "Coverage & Penetration",
            "unit": "outlet",
            "direction": "higher",
            "source": "metric:new_product_listings",
        },
    ],
}


def recreate_database() -> None:
    databases.recreate_database(SERVER, DB_NAME)


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


def configure(month) -> None:
    """Templates, plans and targets: each salesman's targets are his own month's actuals
    scaled by a factor between 0.85 and 1.14 (by id), so attainment spreads around 100%."""
    from incentives.demo_plans import seed_plans
    from kpi.documents import save_template_document
    from tests.kpi.factories import gt_document

    save_template_document(document=gt_document(), by=None)
    save_template_document(document=MT_TEMPLATE, by=None)
    seed_plans()
    write_targets(month)


ADDITIVE = {"revenue", "new_outlets", "new_product_listings"}  # grow with the days worked


def write_targets(month, to_full_month: Decimal = Decimal(1)) -> None:
    """Each salesman's targets of `month`: his own actuals scaled by 0.85–1.14 (by id). For a
    month to date, `to_full_month` (the month's working days over those worked) turns the
    additive actuals into a whole month's; ratios (visits per day, percentages) stay."""
    from kpi.models import KPIDefinition, Target
    from org.models import Salesman
    from outlets.metrics import compute_month_metrics, metric_values

    compute_month_metrics(month=month)
    kpis = {kpi.code: kpi for kpi in KPIDefinition.objects.all()}
    people = dict(
        Salesman.objects.filter(user__role="salesman", active=True).values_list("id", "channel")
    )
    values = metric_values(month=month, salesman_ids=list(people))
    codes = {
        "GT": ["revenue", "new_outlets", "visits_per_day"],
        "MT": ["planogram_compliance", "osa", "new_product_listings"],
    }
    targets = []
    for salesman_id, channel in people.items():
        factor = Decimal("0.85") + Decimal(salesman_id % 30) / 100
        for code in codes[channel]:
            actual = (values.get(salesman_id) or {}).get(code)
            target = (actual or Decimal(1)) * factor
            if code in ADDITIVE:
                target *= to_full_month
            targets.append(
                Target(month=month, salesman_id=salesman_id, kpi=kpis[code], value=max(target, 1))
            )
    Target.objects.bulk_create(targets, batch_size=5000, ignore_conflicts=True)
    print(f"configured: {len(people):,} salesmen, {len(targets):,} targets, GT and MT plans")


def move_people(month, share: float) -> None:
    """People over time: `share` of the salesmen (every tenth by id for 0.1) change during the
    month, half of them transferred to another team of their channel from a day between the 2nd
    and the 28th, half joining on such a day (docs/contracts.md "People over time"). Idempotent:
    a database that already has them is left as it is."""
    from datetime import timedelta

    from org import assignments
    from org.models import Assignment, Salesman, Team

    if share <= 0 or Assignment.objects.filter(start__gte=month).exists():
        return
    people = list(
        Salesman.objects.filter(user__role="salesman", active=True)
        .select_related("user")
        .order_by("id")
    )
    every = max(1, round(1 / share))
    chosen = people[::every]
    teams: dict[str, list[int]] = {}
    for team in Team.objects.order_by("id"):
        teams.setdefault(team.channel, []).append(team)
    moved = joined = 0
    for n, person in enumerate(chosen):
        day = month + timedelta(days=1 + n % 27)
        if n % 2 == 0:
            others = [t for t in teams.get(person.channel, []) if t.pk != person.team_id]
            if others:
                target = others[n % len(others)]
                assignments.transfer(person, effective_from=day, by=None, team=target)
                moved += 1
                continue
        Salesman.objects.filter(pk=person.pk).update(joined_on=day)
        joined += 1
    print(f"people over time: {moved} transferred and {joined} joining during {month:%Y-%m}")


def second_versions(month) -> None:
    """Two plan versions in the year: each seeded plan gets a version 2 effective two months
    before the benchmark's month (its first tier paying 10% more), so the close picks the
    version in force (docs/contracts.md "Plan and template versions"). Idempotent."""
    import copy

    from incentives.models import PlanVersion
    from incentives.plans.documents import import_plan
    from incentives.plans.versions import version_document
    from spm.months import add_months, format_month

    effective = format_month(add_months(month, -2))
    for version in PlanVersion.objects.filter(number=1, status="published").select_related("plan"):
        if version.plan.versions.filter(number=2).exists():
            continue
        document = copy.deepcopy(version_document(version))
        document["effective_from"] = effective
        for rule in document.get("rules", []):
            for tier in rule.get("tiers", [])[:1]:
                if "amount" in tier:
                    tier["amount"] = int(tier["amount"] * 11 // 10)
        import_plan(document=document, by=None)
    print(f"plan versions: 2 per plan, version 2 effective from {effective}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="reuse the data of a previous run")
    parser.add_argument(
        "--moved", type=float, default=0.1, help="share transferred or joining mid-month"
    )
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        help="then copy the month into this many months before it and time the close again",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="connections reading the field rows side by side (default: METRICS_WORKERS, 2)",
    )
    args = parser.parse_args()
    if args.workers is not None:
        os.environ["METRICS_WORKERS"] = str(args.workers)

    if not args.reuse:
        recreate_database()
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from spm.months import month_end, parse_month

    print(
        f"metrics: the field rows read in {settings.METRICS_WORKERS} piece(s) side by side "
        f"(from {settings.METRICS_SIDE_BY_SIDE_MIN_SALESMEN:,} salesmen)"
    )
    month = parse_month(MONTH)
    if not args.reuse:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("generate_data", salesmen=args.salesmen, months=1, seed=1, end=MONTH)
        print(f"generate_data: {time.perf_counter() - started:.1f} s")
        configure(month)
    else:
        call_command("migrate", verbosity=0)  # a reused database gets new indexes too
    move_people(month, args.moved)
    second_versions(month)
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

    # Time the steps inside close_period too (the wrappers add nothing measurable). They are
    # wrapped where the close looks them up: the names it imported into its own module.
    import incentives.payouts.closing as closing

    steps: dict[str, list[float]] = {}

    def step(module, name):
        real = getattr(module, name)

        def wrapper(*a, **kw):
            started = time.perf_counter()
            try:
                return real(*a, **kw)
            finally:
                steps.setdefault(name, []).append(time.perf_counter() - started)

        setattr(module, name, wrapper)

    step(closing, "compute_month_metrics")
    step(closing, "compute_scorecards")

    reference()  # warm the cache for both
    alone = measure(month, args.repeat, reference, steps, "the month alone")
    if args.history:
        started = time.perf_counter()
        added = add_history(month, args.history)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(
            f"history: {added:,} order lines copied into the {args.history} months before "
            f"{MONTH} in {time.perf_counter() - started:.0f} s (with visits and audits; analysed)"
        )
        steps.clear()
        reference()
        with_history = measure(
            month, args.repeat, reference, steps, f"with {args.history} months of history"
        )
        if alone:
            growth = with_history[0] / alone[0]
            print(
                f"close with history / close alone: {growth:.2f} (goal ≤ 1.2; reference "
                f"{with_history[1] / alone[1]:.2f})"
            )


def peak_rss_reset() -> None:
    """Reset the kernel's high-water mark of this process's resident memory (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def peak_rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(month, repeat, reference, steps, label) -> tuple[float, float] | None:
    """Time the close and the reference alternately; print the figures. (close, reference)
    medians, or None when `label` is the month alone and history is already loaded."""
    from django.db import connection

    from incentives.models import PayoutLine, PayoutRun
    from incentives.payouts.services import close_period
    from spm.money import format_rupiah

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(date) FROM outlets_orderline")  # the keyset index's first
        first = cursor.fetchone()[0]
    months_held = (month.year - first.year) * 12 + month.month - first.month + 1
    print(f"-- {label}: the order lines hold {months_held} month(s)")
    peak_rss_reset()
    close_times, reference_times = timed_pairs(lambda: close_period(month=month), reference, repeat)
    peak = peak_rss_mb()
    close_s = statistics.median(close_times)
    reference_s = statistics.median(reference_times)
    run = PayoutRun.objects.get(month=month)
    paid = PayoutLine.objects.filter(run=run, amount__gt=0).count()
    total = sum(PayoutLine.objects.filter(run=run).values_list("amount", flat=True))
    people = run.statements.count()
    goal_s, goal_ratio, goal_mb = (
        NATIONAL_GOALS if people >= NATIONAL else (GOAL_SECONDS, GOAL_RATIO, None)
    )
    print(
        f"payout run {MONTH}: {people:,} people, {run.lines.count():,} lines "
        f"({paid:,} paying), total {format_rupiah(total)}"
    )
    print(
        f"close_period:    {close_s:.2f} s (median of {repeat}: "
        f"{', '.join(f'{t:.2f}' for t in close_times)}) goal ≤ {goal_s} s"
    )
    print(
        f"reference query: {reference_s:.2f} s (median of {repeat}: "
        f"{', '.join(f'{t:.2f}' for t in reference_times)})"
    )
    metrics_s = statistics.median(steps["compute_month_metrics"])
    scorecards_s = statistics.median(steps["compute_scorecards"])
    print(
        f"  of which metrics {metrics_s:.2f} s, scorecards {scorecards_s:.2f} s, "
        f"plans and run ≈ {close_s - metrics_s - scorecards_s:.2f} s (medians)"
    )
    memory_goal = f" (goal ≤ {goal_mb} MB)" if goal_mb else ""
    print(f"peak resident memory of this process during the closes: {peak:.0f} MB{memory_goal}")
    ratio = close_s / reference_s
    print(f"ratio close_period / reference: {ratio:.2f} (goal ≤ {goal_ratio})")
    ok = close_s <= goal_s and ratio <= goal_ratio and (goal_mb is None or peak <= goal_mb)
    print("GOALS MET" if ok else "GOALS NOT MET")
    if label == "the month alone" and months_held > 1:
        return None
    return close_s, reference_s


def add_history(month, months_back: int) -> int:
    """History: the month's order lines, visits and audits copied into each of the
    `months_back` months before it (dates moved back by whole months, PostgreSQL folding the
    31st onto a shorter month's last day; keys prefixed "H<k>-"), so the tables hold
    `months_back + 1` months of the same size. Skipped when the month before holds data."""
    from django.db import connection, transaction

    from outlets.models import OrderLine
    from outlets.partitions import ensure_month_partitions
    from spm.months import add_months, month_end

    earlier = [add_months(month, -k) for k in range(1, months_back + 1)]
    if OrderLine.objects.filter(date__gte=earlier[-1], date__lt=month).exists():
        return 0
    ensure_month_partitions(earlier)
    copies = {
        "outlets_orderline": (
            "order_no, date, quantity, amount, salesman_id, outlet_id, product_id",
            "'H' || %(k)s || '-' || order_no, (date - %(k)s * interval '1 month')::date, "
            "quantity, amount, salesman_id, outlet_id, product_id",
        ),
        "outlets_visit": (
            "visit_id, date, outlet_id, salesman_id",
            "'H' || %(k)s || '-' || visit_id, (date - %(k)s * interval '1 month')::date, "
            "outlet_id, salesman_id",
        ),
        "outlets_shelfaudit": (
            "audit_id, date, planogram_compliance, osa, share_of_shelf, outlet_id, salesman_id",
            "'H' || %(k)s || '-' || audit_id, (date - %(k)s * interval '1 month')::date, "
            "planogram_compliance, osa, share_of_shelf, outlet_id, salesman_id",
        ),
    }
    added = 0
    for k in range(1, months_back + 1):
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, select) in copies.items():
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {select} FROM {table} "  # noqa: S608
                    "WHERE date >= %(first)s AND date <= %(last)s",
                    {"k": k, "first": month, "last": month_end(month)},
                )
                if table == "outlets_orderline":
                    added += cursor.rowcount
        print(f"  history: {add_months(month, -k):%Y-%m} copied")
    return added


if __name__ == "__main__":
    main()

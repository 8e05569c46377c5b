"""Benchmark: close_period of an open month that restates three locked months from late data.

Builds a fresh PostgreSQL database (kinerja_bench_restate by default) with
`generate_data --salesmen 2000 --months 4 --seed 1` (June to September 2026, ≈2.5M order lines a
month), the scorecard templates, targets and GT/MT plans of bench_close_period.py for each month,
then closes, approves and locks June, July and August. It times a plain close of September, then
adds late data to each locked month — 1% more order lines and 0.5% returns (negative lines),
recorded as late (`org.LateChange`, naming the salesmen and outlets of the rows as a late import
does) — and times the close of September again, which now restates the three locked months
(incentives/corrections/restatement.py). Prints both and their ratio.

`--spread distributor` (the default): the late rows are those of one distributor's late file,
the salesmen of a tenth of the teams (GT and MT: team id % 20 is 0 or 1); 10% of their lines
come late and 5% come back, so 1% and 0.5% of the month. `--spread everyone`: 1% and 0.5% of
every salesman's lines, the worst case, where everyone's month is restated in full.

Goal (issue 15): the close with three restatements ≤ 3 × the plain close.

    .venv/bin/python bench/bench_restatement.py [--salesmen 2000] [--repeat 3] [--reuse]
        [--spread distributor|everyone]

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
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BENCH_DB", "kinerja_bench_restate")

import bench_close_period as base  # noqa: E402 - after the database name is chosen

MONTHS = ["2026-06", "2026-07", "2026-08", "2026-09"]
GOAL_RATIO = 3


def late_data(month, *, share_new: float, share_returns: float, spread: str) -> int:
    """Copy a share of the month's order lines as new late lines (new order numbers) and a
    smaller share as returns (negative quantity and amount), set-based; record the month with
    the salesmen and outlets of the rows, as a late import does. With `spread` "distributor"
    the rows are those of a tenth of the teams (10× the shares of their lines)."""
    from django.db import connection

    from org.periods import record_late_change
    from spm.months import month_end

    start, end = month, month_end(month)
    # One distributor's file: the salesmen of its teams (a tenth of the teams, GT and MT).
    distributor = "AND salesman_id IN (SELECT id FROM org_salesman WHERE team_id %% 20 IN (0, 1))"
    whose, factor = (distributor, 10) if spread == "distributor" else ("", 1)
    late = "date >= %s AND date <= %s AND (order_no LIKE 'LATE-%%' OR order_no LIKE 'RET-%%')"
    with connection.cursor() as cursor:
        for prefix, share, sign in (("LATE", share_new, 1), ("RET", share_returns, -1)):
            modulo = round(1 / (share * factor))
            cursor.execute(
                "INSERT INTO outlets_orderline "  # noqa: S608 - constants only
                "(order_no, date, salesman_id, outlet_id, product_id, quantity, amount) "
                "SELECT %s || id, date, salesman_id, outlet_id, product_id, "
                "%s * quantity, %s * amount FROM outlets_orderline "
                f"WHERE date >= %s AND date <= %s AND id %% %s = 0 AND amount > 0 {whose}",
                [f"{prefix}-", sign, sign, start, end, modulo],
            )
        cursor.execute(f"SELECT COUNT(*) FROM outlets_orderline WHERE {late}", [start, end])  # noqa: S608
        rows = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT array_agg(DISTINCT salesman_id), array_agg(DISTINCT outlet_id) "  # noqa: S608
            f"FROM outlets_orderline WHERE {late}",
            [start, end],
        )
        salesmen, outlets = cursor.fetchone()
    record_late_change(
        month=month,
        kind="orders",
        rows=rows,
        by=None,
        source="bench",
        salesman_ids=salesmen,
        outlet_ids=outlets,
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the data of a previous run")
    parser.add_argument("--spread", choices=["distributor", "everyone"], default="distributor")
    args = parser.parse_args()

    if not args.reuse:
        base.recreate_database()
    os.environ["DATABASE_URL"] = f"{base.SERVER}/{base.DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from incentives.models import LineType, PayoutLine, PayoutRun, RunStatus
    from incentives.payouts.services import approve_run, close_period, lock_run
    from org.models import Role, User
    from spm.money import format_rupiah
    from spm.months import parse_month

    months = [parse_month(m) for m in MONTHS]
    call_command("migrate", verbosity=0)
    if not args.reuse:
        started = time.perf_counter()
        call_command(
            "generate_data", salesmen=args.salesmen, months=len(MONTHS), seed=1, end=MONTHS[-1]
        )
        print(f"generate_data: {time.perf_counter() - started:.1f} s")
        from incentives.demo_plans import seed_plans
        from kpi.documents import save_template_document
        from tests.kpi.factories import gt_document

        save_template_document(document=gt_document(), by=None)
        save_template_document(document=base.MT_TEMPLATE, by=None)
        seed_plans()
        approver = User.objects.create(username="bench-approver", role=Role.ADMIN)
        locker = User.objects.create(username="bench-locker", role=Role.HR)
        for month in months[:-1]:
            base.write_targets(month)
            run = close_period(month=month)
            lock_run(run=approve_run(run=run, by=approver), by=locker)
            print(f"{month:%Y-%m} closed, approved and locked")
        base.write_targets(months[-1])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    open_month = months[-1]

    import incentives.payouts.services as services

    restate_into = services.restate_into

    def close():
        close_period(month=open_month)

    def close_plain():
        # The same close without the restatements (nothing to restate), measured alternately
        # with the real one so that both see the same load on a shared machine.
        services.restate_into = lambda run: []
        try:
            close_period(month=open_month)
        finally:
            services.restate_into = restate_into

    added = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # A reused database: the late data of the previous run goes, so each run adds its own.
        from incentives.corrections.models import Restatement
        from org.models import LateChange

        cursor.execute(
            "DELETE FROM outlets_orderline WHERE order_no LIKE 'LATE-%%' OR order_no LIKE 'RET-%%'"
        )
        Restatement.objects.all().delete()
        LateChange.objects.all().delete()
        for month in months[:-1]:
            added[month] = late_data(month, share_new=0.01, share_returns=0.005, spread=args.spread)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE outlets_orderline")
    for month, rows in added.items():
        print(f"{month:%Y-%m}: {rows:,} late lines (1% new, 0.5% returns; {args.spread})")
    close()  # warm
    restating, plain = base.timed_pairs(close, close_plain, args.repeat)
    close()  # leave the run with its restatement lines
    run = PayoutRun.objects.get(month=open_month)
    corrections = PayoutLine.objects.filter(run=run, type=LineType.RESTATEMENT)
    carried = PayoutLine.objects.filter(run=run, type=LineType.CARRY_FORWARD).count()
    total = sum(corrections.values_list("amount", flat=True))
    locked = PayoutRun.objects.filter(status=RunStatus.LOCKED).count()
    print(
        f"{open_month:%Y-%m}: {corrections.count():,} restatement lines for {locked} locked "
        f"months, net {format_rupiah(total)}; {carried:,} statements carried forward"
    )
    plain_s, restating_s = statistics.median(plain), statistics.median(restating)
    print(f"plain close:            {plain_s:.2f} s ({', '.join(f'{t:.2f}' for t in plain)})")
    print(
        f"close with restatements: {restating_s:.2f} s ({', '.join(f'{t:.2f}' for t in restating)})"
    )
    ratio = restating_s / plain_s
    print(f"ratio: {ratio:.2f} (goal ≤ {GOAL_RATIO})")
    print("GOALS MET" if ratio <= GOAL_RATIO else "GOALS NOT MET")


if __name__ == "__main__":
    main()

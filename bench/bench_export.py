"""Benchmark: the HR payout export of a run of 20,000 salesmen (≈240,000 lines), streamed.

    .venv/bin/python bench/bench_export.py [--salesmen 20000] [--lines 12] [--reuse]
                                           [--before COMMIT] [--keep] [--only csv,xlsx,…]

Builds a fresh PostgreSQL database (kinerja_bench_export), migrates it and stores directly
(bulk_create in batches; no field data, no real close) one team, --salesmen salesmen with their
users, one draft payout run with a statement per salesman and --lines lines each (rule lines
with values, amounts and now and then a reward), then ANALYZE.

Each export then runs in a process of its own (`bench_export.py --child MODE`, a fresh Python
that sets Django up and runs one export), so each has its own peak: the kernel's high-water mark
of resident memory of that whole process (VmHWM, Django and the database driver included; the
parent cross-checks it with wait4's ru_maxrss). The time is that of the export alone, from the
first query to the last byte, bytes written to /dev/null:

- service: `incentives.payouts.export` as the command uses it: CSV summary (`csv_chunks`), CSV
  with lines (`csv_chunks(lines=True)`), XLSX (`xlsx_file`: spm.xlsx_stream writes both sheets
  into a temporary file, then it is read back);
- HTTP: the page `/incentives/runs/<period>/export.csv[?lines=1]` and `.xlsx` as HR through the
  whole Django stack (the test client, middleware, session, DEBUG off; after one warm-up
  request to the API's runs list), the streamed response consumed piece by piece;
- with --before COMMIT: the same three exports by the export module of that commit (`git show
  COMMIT:incentives/payouts/export.py`, which built the whole file in memory), for comparison.

Goal (issue 17): each ≤ 500 MB, streamed. Prints a table and the load average.
Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_DB.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/databases.py, beside this script)

PYTHON = sys.executable
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "kinerja_bench_export")
MONTH = "2026-06"
GOAL_MB = 500
MB = 1024 * 1024
HR_USERNAME = "bench-hr"
UNUSABLE = "!"  # an unusable password hash: nobody logs in, nothing is hashed
MODES = {
    "csv": "service CSV summary",
    "csv-lines": "service CSV with lines",
    "xlsx": "service XLSX (both sheets)",
    "http-csv": "HTTP page CSV summary",
    "http-csv-lines": "HTTP page CSV with lines",
    "http-xlsx": "HTTP page XLSX",
    "before-csv": "before: CSV summary",
    "before-csv-lines": "before: CSV with lines",
    "before-xlsx": "before: XLSX",
}


def child_env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "spm.settings",
        "DEBUG": "0",  # as in production: no query log kept in memory
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-export-not-a-secret-" + "x" * 30),
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
    }


def recreate_database() -> None:
    databases.recreate_database(SERVER, DB_NAME)


def drop_database() -> None:
    databases.drop_database(SERVER, DB_NAME)


def build(salesmen: int, lines: int) -> None:
    """One team, the salesmen and their users, one draft run: a statement per salesman and
    `lines` lines each. Stored directly (no close): the export reads only these tables."""
    from datetime import date
    from decimal import Decimal

    from django.db import connection

    from incentives.models import LineType, PayoutLine, PayoutRun, PayoutStatement
    from org.models import Channel, Role, Salesman, Team, User

    batch = 5000
    started = time.perf_counter()
    User.objects.create(username=HR_USERNAME, role=Role.HR, password=UNUSABLE)
    team = Team.objects.create(name="Bench GT", channel=Channel.GT)
    users = User.objects.bulk_create(
        (
            User(username=f"s{n:05d}", role=Role.SALESMAN, password=UNUSABLE)
            for n in range(salesmen)
        ),
        batch_size=batch,
    )
    people = Salesman.objects.bulk_create(
        (
            Salesman(
                user=user,
                code=f"S{n:05d}",
                name=f"Salesman {n:05d}",
                channel=Channel.GT,
                team=team,
                employee_id=f"E{n:06d}",
            )
            for n, user in enumerate(users)
        ),
        batch_size=batch,
    )
    run = PayoutRun.objects.create(month=date(2026, 6, 1))
    PayoutStatement.objects.bulk_create(
        (
            PayoutStatement(
                run=run,
                salesman=person,
                plan_code="GT-2026",
                team_name=team.name,
                channel=Channel.GT,
                total_score=Decimal(80 + n % 41) + Decimal(n % 100) / 100,
            )
            for n, person in enumerate(people)
        ),
        batch_size=batch,
    )
    print(f"  {salesmen:,} salesmen and statements: {time.perf_counter() - started:.1f} s")

    def line_objects():
        for n, person in enumerate(people):
            for position in range(lines):
                value = Decimal(70 + (n + position) % 60) + Decimal(position) / 3
                yield PayoutLine(
                    run=run,
                    salesman=person,
                    position=position,
                    plan_code="GT-2026",
                    plan_version=1,
                    rule_code=f"rule-{position:02d}",
                    label=f"Rule {position} of the GT plan",
                    type=LineType.TIERS,
                    kpi=f"kpi_{position}",
                    value=value.quantize(Decimal("0.0001")),
                    reached="from 100" if value >= 100 else "",
                    amount=Decimal(250_000 if value >= 100 else 0),
                    reward="Voucher belanja" if position == 5 and n % 10 == 0 else "",
                )

    PayoutLine.objects.bulk_create(line_objects(), batch_size=batch)
    with connection.cursor() as cursor:
        for table in ("org_user", "org_salesman", "incentives_payoutstatement"):
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("ANALYZE incentives_payoutline")
    print(f"  + {salesmen * lines:,} lines, analysed: {time.perf_counter() - started:.1f} s")


def vm_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(mode: str, before: str | None) -> None:
    """Run one export in this (fresh) process and print its figures as JSON."""
    import django

    django.setup()
    from django.test import Client

    from incentives.models import PayoutRun
    from incentives.payouts import export
    from org.models import User
    from org.visibility import salesmen_visible_to

    run = PayoutRun.objects.get(month=f"{MONTH}-01")
    hr = User.objects.get(username=HR_USERNAME)
    people = salesmen_visible_to(hr)
    client = None
    if mode.startswith("http-"):
        client = Client()
        client.force_login(hr)
        # One request first (the API's runs list), so the figure is the export's and not the
        # first request's imports, URL resolver and middleware set-up (≈1.4 s here).
        assert client.get("/api/v1/payout-runs/", secure=True).status_code == 200
    old = None
    if mode.startswith("before-"):
        source = subprocess.run(
            ["git", "show", f"{before}:incentives/payouts/export.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        path = Path(tempfile.mkdtemp()) / "export_before.py"
        path.write_bytes(source)
        spec = importlib.util.spec_from_file_location("export_before", path)
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
    start_rss = vm_kb("VmRSS")
    size = 0
    with open(os.devnull, "wb") as sink:
        started = time.perf_counter()
        if mode in ("csv", "csv-lines"):
            for chunk in export.csv_chunks(run=run, people=people, lines=mode == "csv-lines"):
                sink.write(chunk)
                size += len(chunk)
        elif mode == "xlsx":
            with export.xlsx_file(run=run, people=people) as source:
                while block := source.read(MB):
                    sink.write(block)
                    size += len(block)
        elif mode.startswith("http-"):
            url = f"/incentives/runs/{MONTH}/export." + ("xlsx" if mode == "http-xlsx" else "csv")
            if mode == "http-csv-lines":
                url += "?lines=1"
            response = client.get(url, secure=True)
            assert response.status_code == 200, response.status_code
            assert response.streaming
            for chunk in response.streaming_content:
                sink.write(chunk)
                size += len(chunk)
            response.close()
        else:  # before-*
            fmt = "xlsx" if mode == "before-xlsx" else "csv"
            data = old.export_payouts(
                run=run, fmt=fmt, people=people, lines=mode == "before-csv-lines"
            )
            sink.write(data)
            size = len(data)
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "bytes": size,
                "start_mb": start_rss / 1024,
                "peak_mb": vm_kb("VmHWM") / 1024,
            }
        )
    )


def run_child(mode: str, before: str | None) -> dict:
    """The child process with wait4, for the kernel's own peak of it (ru_maxrss, KB)."""
    command = [PYTHON, str(Path(__file__).resolve()), "--child", mode]
    if before:
        command += ["--before", before]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{mode} failed:\n{err.read().decode()[-3000:]}")
        result = json.loads(out.read().decode().strip().splitlines()[-1])
    result["maxrss_mb"] = usage.ru_maxrss / 1024
    result["load"] = os.getloadavg()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salesmen", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=12, help="lines per statement")
    parser.add_argument("--reuse", action="store_true", help="keep the database already built")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--before", help="also measure the export module of this commit")
    parser.add_argument("--only", help="comma-separated modes (default: all)")
    parser.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child(args.child, args.before)
        return
    if args.build:
        import django

        django.setup()
        salesmen, lines = (int(n) for n in args.build.split(","))
        build(salesmen, lines)
        return

    for key, value in child_env().items():
        os.environ[key] = value
    if not args.reuse:
        print(f"building {DB_NAME}: {args.salesmen:,} salesmen × {args.lines} lines …", flush=True)
        recreate_database()
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=child_env(),
            check=True,
        )
        # Built in a process of its own: the parent stays small, so the children it starts do
        # not inherit its memory (wait4's ru_maxrss counts what a child held before exec).
        subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--build", f"{args.salesmen},{args.lines}"],
            cwd=ROOT,
            env=child_env(),
            check=True,
        )
    modes = [m for m in MODES if not m.startswith("before-") or args.before]
    if args.only:
        modes = [m for m in args.only.split(",") if m in MODES]
    print(
        f"\n{'export':<28} {'time':>8} {'size':>9} {'peak RSS':>9} {'ru_maxrss':>9} "
        f"{'at start':>8}  {'goal':>6}  load"
    )
    try:
        for mode in modes:
            result = run_child(mode, args.before)
            peak = max(result["peak_mb"], result["maxrss_mb"])
            verdict = "met" if peak <= GOAL_MB else "MISSED"
            print(
                f"{MODES[mode]:<28} {result['seconds']:>6.2f} s {result['bytes'] / MB:>6.1f} MB "
                f"{result['peak_mb']:>6.0f} MB {result['maxrss_mb']:>6.0f} MB "
                f"{result['start_mb']:>5.0f} MB  {verdict:>6}  {result['load']:.2f}",
                flush=True,
            )
    finally:
        if not args.keep and not args.reuse:
            drop_database()
    print(f"load average: {' / '.join(f'{x:.2f}' for x in os.getloadavg())} (1 / 5 / 15 min)")
    print(f"goal: every export ≤ {GOAL_MB} MB peak resident memory of its process, streamed")


if __name__ == "__main__":
    main()

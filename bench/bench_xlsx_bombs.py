"""Benchmark: wall time and peak memory of `manage.py import_data` on two XLSX bombs and on a
normal 100,000-row XLSX file.

    .venv/bin/python bench/bench_xlsx_bombs.py [--rows 100000] [--bomb-mb 950] [--keep]

The bombs are built as tests/outlets/test_import_bombs.py builds them (streamed through zipfile,
never held in memory), at the sizes of issue 12: a shared-string table and a first sheet that
each inflate to about --bomb-mb megabytes from a file of a few megabytes. The normal file is a
`products` sheet (sku, name, category, new_product) of --rows rows written by openpyxl, imported
into a fresh PostgreSQL database (kinerja_bench_bombs, created and dropped here), all stored in
one transaction.

Each import runs as its own `manage.py import_data` process, as an operator would run it; its
wall time is measured around the process and its peak resident memory is the kernel's
high-water mark of that process (`wait4` → ru_maxrss). Goal (issue 12): each bomb refused
within seconds, every run ≤ 300 MB. A one-row file is timed first: the cost of starting the
command (Django, the checks, the database connection) that every row includes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
DB = "kinerja_bench_bombs"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
MB = 1024 * 1024


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
    )


def run(kind: str, path: Path) -> tuple[int, float, int, str]:
    """`manage.py import_data KIND PATH` in its own process: (exit status, seconds, peak RSS in
    MB, the last line it wrote)."""
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DB}", "LOG_LEVEL": "WARNING"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "import_data", kind, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read().decode()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    lines = [line for line in output.splitlines() if line.strip()]
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss // 1024, lines[-1][:110]


def products_xlsx(path: Path, rows: int, prefix: str = "SKU") -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("products")
    sheet.append(["sku", "name", "category", "new_product"])
    for n in range(1, rows + 1):
        sheet.append([f"{prefix}{n:07d}", f"Produk nomor {n}", f"Kategori {n % 40}", n % 7 == 0])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bomb-mb", type=int, default=950)
    parser.add_argument("--keep", action="store_true", help="keep the database and the files")
    args = parser.parse_args()

    # The builders of the test suite, so the bench and the tests refuse the same files (the test
    # module imports the app: Django is set up first; nothing here touches the database).
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")
    import django

    django.setup()
    from tests.outlets.test_import_bombs import shared_strings_bomb, sheet_bomb

    directory = Path(tempfile.mkdtemp(prefix="bench_bombs_"))
    print(f"building the files in {directory} …", flush=True)
    files = [
        # The cost of starting `manage.py` itself, for scale: the same command on one row.
        ("baseline XLSX, 1 row", "products", products_xlsx(directory / "one.xlsx", 1, "ONE")),
        ("sharedStrings bomb", "outlets", shared_strings_bomb(directory, size=args.bomb_mb * MB)),
        ("sheet bomb", "outlets", sheet_bomb(directory, size=args.bomb_mb * MB)),
        (
            f"normal XLSX, {args.rows:,} rows",
            "products",
            products_xlsx(directory / "products.xlsx", args.rows),
        ),
    ]
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": f"{SERVER}/{DB}"},
            check=True,
        )
        print(f"{'file':<28} {'size':>9} {'exit':>4} {'wall':>8} {'peak RSS':>9}  last line")
        for label, kind, path in files:
            status, seconds, peak, last = run(kind, path)
            size = path.stat().st_size / MB
            print(
                f"{label:<28} {size:>6.1f} MB {status:>4} {seconds:>7.2f}s {peak:>6} MB  {last}",
                flush=True,
            )
    finally:
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()

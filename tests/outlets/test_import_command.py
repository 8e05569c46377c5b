"""`manage.py import_data`: the summary, every bad row one per line, exit status 1."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outlets.models import Outlet, Product

PRODUCTS = "sku,name,category,new_product\nP1,Teh Botol,Minuman,false\nP2,Kopi,Minuman,yes\n"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_good_file_prints_the_summary_and_succeeds(db, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text(PRODUCTS)
    out, _err = run("products", str(path))
    assert out == "products: 2 rows read, 2 created, 0 updated, 0 unchanged\n"
    out, _err = run("products", str(path))
    assert out == "products: 2 rows read, 0 created, 0 updated, 2 unchanged\n"
    assert Product.objects.count() == 2


def test_dry_run_says_so_and_stores_nothing(db, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text(PRODUCTS)
    out, _err = run("products", str(path), "--dry-run")
    assert (
        out == "dry run, nothing stored: products: 2 rows read, 2 created, 0 updated, 0 unchanged\n"
    )
    assert Product.objects.count() == 0


def test_bad_rows_are_printed_one_per_line_with_exit_status_1(world, tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text(
        "code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by\n"
        "O1,Warung,GT,warung,,A1,false,2026-05-03,A1\n"
        "O2,Toko,GT,toko,,ZZ9,false,2026-13-01,\n"
        "O3,Toko,XT,toko,,,false,,\n"
    )
    with pytest.raises(SystemExit) as exc:
        run("outlets", str(path))
    assert exc.value.code == 1
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command("import_data", "outlets", str(path), stdout=out, stderr=err)
    assert out.getvalue().splitlines() == [
        "row 3, column salesman, value 'ZZ9': unknown salesman code",
        "row 3, column acquired_on, value '2026-13-01': not a date (YYYY-MM-DD)",
        "row 4, column channel, value 'XT': channel must be GT or MT",
    ]
    assert err.getvalue() == f"{path}: 3 bad cell(s) in 3 rows; nothing was stored.\n"
    assert Outlet.objects.count() == 0


def test_the_output_is_english_whatever_the_site_language(world, tmp_path, settings):
    settings.LANGUAGE_CODE = "id"
    path = tmp_path / "p.csv"
    path.write_text("sku,name,category,new_product\nP1,Teh,,perhaps\n")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("import_data", "products", str(path), stdout=out, stderr=StringIO())
    assert out.getvalue() == (
        "row 2, column new_product, value 'perhaps': not a boolean (true/false, yes/no, 1/0)\n"
    )


def test_unusable_file_is_one_error_line_and_status_1(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError) as exc:
        run("products", str(path))
    assert str(exc.value) == f"{path}: The file is empty."
    assert exc.value.returncode == 1


def test_missing_file_and_unknown_kind(db, tmp_path):
    with pytest.raises(CommandError, match="The file cannot be read."):
        run("products", str(tmp_path / "nope.csv"))
    path = tmp_path / "p.csv"
    path.write_text(PRODUCTS)
    with pytest.raises(CommandError, match="Unknown kind 'sku'"):
        run("sku", str(path))


def test_command_line_exit_status(db, tmp_path):
    """The real process: a traceback-free message on stderr and exit status 1."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    db_settings = settings.DATABASES["default"]
    url = (
        f"postgres://{db_settings['USER']}@{db_settings['HOST']}:{db_settings['PORT']}/"
        f"{db_settings['NAME']}"
        if db_settings["ENGINE"].endswith("postgresql")
        else f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "import_data", "outlets", str(path)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "The file is not a CSV or XLSX file." in done.stderr
    assert "Traceback" not in done.stderr

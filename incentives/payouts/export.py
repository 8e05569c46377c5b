"""The HR payout export (docs/contracts.md "Payout export columns"): one service for the command,
the
page download and the API.

Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) are prefixed with `'`; amounts and values stay numbers (a negative amount
is a number, not a formula). Amounts are whole Rupiah as plain integers. The rows are those of
the `people` given: `salesmen_visible_to(request.user)` for the page and the API (HR and admin:
all), `all_salesmen_for_system()` for the command.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from openpyxl import Workbook

from incentives.models import PayoutLine, PayoutRun, PayoutStatement
from org.models import Salesman

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


@dataclass
class PayoutExport:
    run: PayoutRun
    summary: list[list]
    lines: list[list]

    @property
    def total(self) -> int:
        return sum(row[6] for row in self.summary)


def build_export(*, run: PayoutRun, people: QuerySet[Salesman]) -> PayoutExport:
    """The summary and line rows of `run` for `people` (see the module's docstring). Cells are
    already neutralised; numbers are int/Decimal."""
    ids = people.values("id")
    statements = PayoutStatement.objects.filter(run=run, salesman__in=ids)
    statements = statements.select_related("salesman")
    lines = PayoutLine.objects.filter(run=run, salesman__in=ids).select_related("salesman")
    lines = list(lines.order_by("salesman__code", "position", "id"))
    period = run.period
    totals: dict[int, Decimal] = {}
    rewards: dict[int, list[str]] = {}
    line_rows = []
    for line in lines:
        totals[line.salesman_id] = totals.get(line.salesman_id, Decimal(0)) + line.amount
        if line.reward:
            rewards.setdefault(line.salesman_id, []).append(line.reward)
        line_rows.append(
            [
                period,
                safe_text(line.salesman.code),
                safe_text(line.rule_code),
                safe_text(line.label),
                safe_text(line.type),
                plain_number(line.value),
                safe_text(line.reached),
                int(line.amount),
                safe_text(line.reward),
            ]
        )
    summary_rows = [
        [
            period,
            safe_text(statement.salesman.code),
            safe_text(statement.salesman.name),
            safe_text(statement.team_name),
            safe_text(statement.channel),
            statement.total_score,
            int(totals.get(statement.salesman_id, Decimal(0))),
            safe_text("; ".join(rewards.get(statement.salesman_id, []))),
            safe_text(statement.salesman.employee_id),
        ]
        for statement in statements.order_by("salesman__code")
    ]
    return PayoutExport(run=run, summary=summary_rows, lines=line_rows)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_csv(export: PayoutExport, *, lines: bool = False) -> bytes:
    """UTF-8 with a BOM (so spreadsheet programs read the names right), comma separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(LINE_COLUMNS if lines else SUMMARY_COLUMNS)
    for row in export.lines if lines else export.summary:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(export: PayoutExport) -> bytes:
    """One workbook with the sheets `summary` and `lines`."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in (
        ("summary", SUMMARY_COLUMNS, export.summary),
        ("lines", LINE_COLUMNS, export.lines),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            # openpyxl writes Decimal as a number cell; None as an empty cell.
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_payouts(
    *, run: PayoutRun, fmt: str, people: QuerySet[Salesman], lines: bool = False
) -> bytes:
    """The export file's bytes for `people`: CSV (summary, or lines with `lines=True`) or XLSX
    (both)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    export = build_export(run=run, people=people)
    if fmt == "csv":
        return write_csv(export, lines=lines)
    return write_xlsx(export)


def filename(*, run: PayoutRun, fmt: str, lines: bool = False) -> str:
    suffix = "-lines" if lines and fmt == "csv" else ""
    return f"payouts-{run.period}{suffix}.{fmt}"

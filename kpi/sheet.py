"""The "score a sheet" calculator's form: its rows as typed, the seed sheets as examples, and the
reading of a posted sheet into `kpi.scoring` rows and its result. No HTTP here: the view
(`kpi/views/sheet.py`) passes the posted data and renders what comes back."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spm.numbers import parse_number, write_number

from .demo import MANAGER_SHEET, SALESMAN_SHEET, SUPERVISOR_SHEET
from .scoring import ScoringError, SheetResult, SheetRow, score_sheet

SHEET_ROWS = 10
FIELDS = ("kpi", "weight", "direction", "target", "actual", "cap", "floor")
SHEET_EXAMPLES = {
    "salesman": SALESMAN_SHEET,
    "supervisor": SUPERVISOR_SHEET,
    "manager": MANAGER_SHEET,
}


@dataclass
class Sheet:
    """The form as typed (`rows`, each with its `result` once scored), the rounding mode, the
    result of the whole sheet (None until a valid sheet was posted) and the problems found."""

    rows: list[dict]
    rounding: str
    result: SheetResult | None = None
    errors: list[str] = field(default_factory=list)


def example_data(sheet) -> dict:
    """The form data of one of the seed sheets (row-rounded, as the articles print), its numbers
    written the page language's way (`0,95` in Indonesian)."""

    def typed(value) -> str:
        return (
            ""
            if value is None
            else write_number(Decimal(str(value)), get_language(), grouped=False)
        )

    data = {"rounding": "row"}
    for index, (
        _code,
        _name_id,
        name_en,
        _kra,
        _unit,
        direction,
        weight,
        cap,
        target,
        actual,
    ) in enumerate(sheet):
        data |= {
            f"r{index}-kpi": name_en,
            f"r{index}-weight": typed(weight),
            f"r{index}-direction": direction,
            f"r{index}-target": typed(target),
            f"r{index}-actual": typed(actual),
            f"r{index}-cap": typed(cap),
        }
    return data


def read_sheet(source) -> Sheet:
    """The typed rows of a sheet form (`source`: posted data or `example_data`), not scored."""
    rows = []
    for index in range(SHEET_ROWS):
        prefix = f"r{index}-"
        rows.append({"index": index, **{key: source.get(prefix + key, "") for key in FIELDS}})
    return Sheet(rows=rows, rounding=source.get("rounding", "exact"))


def score_posted_sheet(source) -> Sheet:
    """Read a posted sheet and score it: rows that are not numbers, a floor above its cap or a
    row the scoring rules refuse become problems rather than a result."""
    sheet = read_sheet(source)
    errors = sheet.errors
    if sheet.rounding not in ("exact", "row"):
        errors.append(_("rounding: choose exact or row."))
    lines = []
    for row in sheet.rows:
        if not row["kpi"] and not row["weight"]:
            continue
        try:
            lines.append(
                SheetRow(
                    kpi=row["kpi"] or f"#{row['index'] + 1}",
                    weight=_number(row["weight"], required=True),
                    direction=row["direction"] or "higher",
                    target=_number(row["target"]),
                    actual=_number(row["actual"]),
                    cap=_number(row["cap"]),
                    floor=_number(row["floor"]),
                )
            )
        except (InvalidOperation, ValueError):
            errors.append(
                _("Row %(row)s: weight, target, actual, cap and floor must be numbers.")
                % {"row": row["index"] + 1}
            )
    for line in lines:
        if line.cap is not None and line.floor is not None and line.floor > line.cap:
            errors.append(_("%(kpi)s: the floor cannot be above the cap.") % {"kpi": line.kpi})
    if not errors and lines:
        try:
            sheet.result = score_sheet(lines, sheet.rounding)
        except ScoringError as exc:
            errors.append(str(exc))
    if sheet.result:
        by_kpi = iter(sheet.result.rows)
        for row in sheet.rows:
            if row["kpi"] or row["weight"]:
                row["result"] = next(by_kpi)
    return sheet


def _number(text: str, *, required: bool = False):
    """A typed cell read in the page's language (`spm.numbers.parse_number`, as kpi.js reads
    it); ValueError when it is not a number (NumberTextError is one)."""
    text = (text or "").strip()
    if not text:
        if required:
            raise ValueError("required")
        return None
    return parse_number(text, get_language())

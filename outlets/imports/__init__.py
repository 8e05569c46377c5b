"""Importing field data from CSV or XLSX files: one service for the command, page and API.

    from outlets.imports import import_file, ImportFileError
    report = import_file(kind="orders", path="orders.csv", dry_run=False, by=request.user)
    report.ok, report.rows, report.created, report.updated, report.unchanged, report.errors

Files follow docs/contracts.md "Import files": CSV (UTF-8 with or without BOM, comma, header row) or
XLSX (first sheet, read in openpyxl's read-only mode, defusedxml refusing XML attacks, its
uncompressed size checked against settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES before it is
opened); any file is refused above settings.IMPORT_MAX_BYTES. A file that cannot be imported as a
whole (not CSV/XLSX, empty, wrong header, too large, unknown kind) raises `ImportFileError` with
one sentence for the user. Otherwise every row is validated and every bad one reported as a
`RowError(row, column, value, reason)` (row numbers as in the file, the header is row 1); any bad
row leaves the database untouched (one transaction). Rows are matched by their key, so importing
the same file twice changes nothing, and a changed row updates the stored one. Rows that would
change a locked month (org `Period.locked_at`) are refused.

Kinds and the registry
----------------------
The kinds live in a registry so that other apps add theirs (`kpi` registers `targets` and
`actuals` from its `AppConfig.ready()`). A kind is a subclass of `ImportKind`:

    from outlets.imports import ImportKind, Counts, register, text, a_decimal, a_reference

    @register
    class TargetKind(ImportKind):
        name = "targets"                                  # the KIND of the command, page, API
        label = gettext_lazy("Targets")                   # shown on the upload page
        columns = ("period", "salesman", "kpi", "target") # the header, docs/contracts.md order
        optional_columns = frozenset()                    # columns the header may leave out
        key_columns = ("period", "salesman", "kpi")       # duplicate key inside the file
        roles = frozenset({"manager", "admin"})           # who may import it in browser/API

        def prepare(self):                                # once, inside the transaction:
            self.salesmen = dict(Salesman.objects.values_list("code", "id"))  # code → id

        def parsers(self):                                # column → parse(stripped text)
            return {"period": parse_month,  # any function of the text raising CellError
                    "salesman": a_reference(self.salesmen, _("unknown salesman code")),
                    "kpi": ..., "target": a_decimal(max_digits=18, places=2)}

        def write(self, rows):                            # rows: (row_no, [values]) all valid
            ...                                           # store them; self.error(row, column,
            return Counts(created=..., updated=...)       # value, reason) refuses a row

- `parsers()` returns, for each column, a function of the cell text (stripped; "" when blank)
  that returns the parsed value or raises `CellError(reason)`. Ready-made factories: `text`,
  `blank_text`, `a_date`, `a_decimal`, `a_boolean`, `a_choice`, `a_positive_int`,
  `a_reference` (code → id through a dictionary loaded once in `prepare`).
- The service reads the file, checks the header against `columns`, runs the parsers on every
  cell, reports a duplicate key (`key_columns`, by default the first column) and passes the good
  rows, values in `columns` order, to `write` as an iterator. `write` must consume it all; it
  may report cross-row or database-level problems with `self.error(...)`. Whatever it stored is
  rolled back when any error was reported or on a dry run. `self.by` is the importing user
  (None from the command) and `self.report` the report being built.
- A kind stored in one table can subclass `kinds.FieldKind` and declare a `tables.Table`
  (model, fields, key, date field for month locks, salesman field for the importer's scope):
  it then gets the PostgreSQL COPY loader and the batched ORM fallback for free.
"""

from .base import (
    MAX_LISTED_ERRORS,
    CellError,
    Counts,
    ImportFileError,
    ImportKind,
    ImportReport,
    RowError,
    a_boolean,
    a_choice,
    a_date,
    a_decimal,
    a_positive_int,
    a_reference,
    blank_text,
    get_kind,
    register,
    registered_kinds,
    text,
)
from .service import check_file, import_file

# The built-in kinds register themselves on import.
from . import kinds as _builtin_kinds  # noqa: F401  isort: skip

__all__ = [
    "MAX_LISTED_ERRORS",
    "CellError",
    "Counts",
    "ImportFileError",
    "ImportKind",
    "ImportReport",
    "RowError",
    "a_boolean",
    "a_choice",
    "a_date",
    "a_decimal",
    "a_positive_int",
    "a_reference",
    "blank_text",
    "check_file",
    "get_kind",
    "import_file",
    "registered_kinds",
    "register",
    "text",
]

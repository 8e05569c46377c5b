"""`import_file`: the one import service behind the command, the upload page and the API."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from operator import itemgetter

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from org.periods import record_late_change
from org.policy import may_import_late
from outlets import partitions

from .base import (
    CellError,
    ImportFileError,
    ImportKind,
    ImportReport,
    Row,
    get_kind,
    registered_kinds,
)
from .reader import Cells, open_table
from .signals import field_data_imported
from .tables import StagingNeeded

logger = logging.getLogger(__name__)

# progress(rows processed so far, rows the file announces or None): see `import_file`.
Progress = Callable[[int, int | None], None]


def import_file(
    *,
    kind: str,
    path: str | os.PathLike,
    dry_run: bool = False,
    by=None,
    progress: Progress | None = None,
    progress_every: int = 10_000,
    late: bool = False,
) -> ImportReport:
    """Validate every row of the file and, when all are good, store them in one transaction.

    Returns the report (rows read, created, updated, unchanged, every bad row). Any bad row, or
    `dry_run`, leaves the database as it was; the counts of a clean dry run tell what a real run
    would do. Raises `ImportFileError` when the file as a whole is unusable (unknown kind, not
    CSV/XLSX, empty, wrong header, too large). `by` is the importing user: his scope limits the
    salesman codes he may name (None: the command, which may import everything).

    `progress`, when given, is called with (rows read so far, rows announced by the file or
    None) once the header is checked and then every `progress_every` rows, from inside the
    import's transaction: it must write where others can read before that transaction ends
    (outlets/imports/jobs.py writes through its own database connection).

    `late`: rows dated in locked months are accepted rather than refused, and each locked month
    they touch is recorded as changed late (`org.periods.record_late_change`: who, when, which
    file); the next close of an open month restates it. Managers, HR and admins only
    (`org.policy.may_import_late`); without it nothing changes from the plain import.
    """
    kind_class = _kind_class(kind)
    if late and not may_import_late(by):
        raise ImportFileError(
            _("Only a manager, HR or an admin can import late data for locked months.")
        )
    watch = {
        "progress": progress,
        "every": max(1, progress_every),
        "late": late,
        "source": os.path.basename(os.fspath(path)),
    }
    try:
        report = _run(kind_class, path=path, dry_run=dry_run, by=by, direct_copy=True, **watch)
    except StagingNeeded:
        report = _run(kind_class, path=path, dry_run=dry_run, by=by, direct_copy=False, **watch)
    logger.info(
        "import %s%s by %s: %s rows, %s created, %s updated, %s errors",
        kind,
        " (dry run)" if dry_run else "",
        by or "command",
        report.rows,
        report.created,
        report.updated,
        report.error_count,
    )
    return report


def check_file(*, kind: str, path: str | os.PathLike, by=None) -> None:
    """The checks of the file as a whole, without reading its rows: a known kind, a CSV or XLSX
    file within the limits, the kind's header. Raises `ImportFileError` as `import_file` would.
    The upload page and the API run them before queueing an import job (outlets/imports/jobs.py)
    so that a file refused as a whole is refused at once, on the form."""
    kind_class = _kind_class(kind)
    handler = kind_class(by=by, report=ImportReport(kind=kind_class.name))
    with open_table(path) as (header, _cells, _total):
        _plan(handler, header)


def _kind_class(kind: str) -> type[ImportKind]:
    kind_class = get_kind(kind)
    if kind_class is None:
        raise ImportFileError(
            _("Unknown kind %(kind)s; choose one of: %(kinds)s.")
            % {"kind": repr(kind), "kinds": ", ".join(sorted(registered_kinds()))}
        )
    return kind_class


def _run(
    kind_class,
    *,
    path,
    dry_run: bool,
    by,
    direct_copy: bool,
    progress,
    every: int,
    late: bool,
    source: str,
) -> ImportReport:
    report = ImportReport(kind=kind_class.name, dry_run=dry_run)
    handler = kind_class(by=by, report=report, direct_copy=direct_copy, late=late)
    with open_table(path) as (header, cells, total), transaction.atomic():
        plan = _plan(handler, header)
        if progress is not None:
            progress(0, total)
            cells = _watched(cells, report, progress, every, total)
        handler.prepare()
        parsers = handler.parsers()
        counts = handler.write(_validated(handler, plan, parsers, cells, len(header)))
        report.errors.sort(key=lambda error: error.row)  # stable: columns stay in order
        if report.ok:
            report.created, report.updated = counts.created, counts.updated
            report.unchanged = report.rows - counts.created - counts.updated
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            for month in sorted(handler.__dict__.get("late_months", ())):
                record_late_change(
                    month=month,
                    kind=handler.name,
                    rows=report.rows,
                    by=by,
                    source=source,
                    salesman_ids=handler.__dict__.get("touched_salesmen"),
                    outlet_ids=handler.__dict__.get("touched_outlets"),
                )
            # Statistics first: the refresh the announcement may run at once (Celery eager)
            # plans its month-to-date queries on them (bench/bench_live_month.py).
            _analyze_on_commit(handler, counts)
            _announce_on_commit(handler)
    return report


def _analyze_on_commit(handler: ImportKind, counts) -> None:
    """After a large import, refresh the planner's statistics of what it wrote (PostgreSQL
    `ANALYZE`): a bulk load leaves them stale until autovacuum comes round, if it is on at all,
    and a close planned on stale statistics ran 13–41 s instead of 5–6 s (issue 17). On the
    partitioned field data only the partitions of the months the import touched (and DEFAULT,
    when it holds rows): the cost follows the import, not the history kept. The parents'
    whole-table statistics, which autovacuum never gathers, are refreshed nightly
    (`outlets.partitions.nightly`)."""
    table = getattr(getattr(handler, "table", None), "model", None)
    written = counts.created + counts.updated
    if table is None or written < settings.IMPORT_ANALYZE_MIN_ROWS:
        return
    if connection.vendor != "postgresql":
        return
    names = partitions.touched(table._meta.db_table, handler.__dict__.get("held_months", ()))
    analyzed = ", ".join(connection.ops.quote_name(name) for name in names)

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {analyzed}")

    transaction.on_commit(analyze)


def _announce_on_commit(handler: ImportKind) -> None:
    """Send `signals.field_data_imported` once the import's transaction has committed, naming
    the months its rows touched (the month locks `tables.write_table` took) and, for rows that
    each belong to one salesman, the salesmen and outlets of the rows written (None: anyone)."""
    months = sorted(handler.__dict__.get("held_months", ()))
    if not months:
        return
    name = handler.name
    salesmen = handler.__dict__.get("touched_salesmen")
    outlets = handler.__dict__.get("touched_outlets")
    salesman_ids = None if salesmen is None else sorted(salesmen)
    outlet_ids = None if salesmen is None else sorted(outlets or ())

    def announce() -> None:
        field_data_imported.send(
            sender=type(handler),
            kind=name,
            months=months,
            salesman_ids=salesman_ids,
            outlet_ids=outlet_ids,
        )

    transaction.on_commit(announce)


def _plan(handler: ImportKind, header: list[str]) -> list[tuple[str, int | None]]:
    """(column, index in the file or None when an optional column is left out), in the kind's
    column order; a header that is not exactly the kind's columns is refused as a whole."""
    expected = handler.columns
    seen = set()
    for name in header:
        if name in seen and name:
            raise ImportFileError(_("Column %(column)s appears twice.") % {"column": name})
        seen.add(name)
    unknown = [name for name in header if name not in expected]
    missing = [
        name for name in expected if name not in seen and name not in handler.optional_columns
    ]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            shown = ", ".join(name or _("(blank)") for name in unknown)
            problems.append(_("unknown column(s): %(columns)s") % {"columns": shown})
        raise ImportFileError(
            _("Wrong header for %(kind)s: %(problems)s. Expected: %(expected)s.")
            % {
                "kind": handler.name,
                "problems": "; ".join(problems),
                "expected": ",".join(expected),
            }
        )
    position = {name: index for index, name in enumerate(header)}
    return [(name, position.get(name)) for name in expected]


def _watched(cells: Iterator[Cells], report, progress, every: int, total) -> Iterator[Cells]:
    """The file's rows, telling `progress` each time `every` more rows have been counted (rows
    are counted by `_validated` as they are read; blank lines are not rows)."""
    next_call = every
    for cells_of_row in cells:
        if report.rows >= next_call:
            progress(report.rows, total)
            next_call = report.rows - report.rows % every + every
        yield cells_of_row


def _validated(
    handler: ImportKind, plan, parsers, cells: Iterator[Cells], width: int
) -> Iterator[Row]:
    """Parse every cell of every row, report every bad one, and yield the good rows.

    Runs once per row of files of a million rows, so the common case (a row as wide as the
    header, every cell good) is one list comprehension; a row with a problem is parsed again
    cell by cell to name every bad cell.
    """
    report = handler.report
    columns = [column for column, _index in plan]
    ordered = [parsers[column] for column in columns]
    # Cells in the kind's column order; a left-out optional column reads the blank cell that is
    # appended at position `width`.
    positions = [width if index is None else index for _column, index in plan]
    in_order = None if positions == list(range(width)) else itemgetter(*positions)
    key_positions = [handler.columns.index(column) for column in handler.key()]
    key_of = itemgetter(*key_positions)
    key_column = handler.key()[0]
    first_row_of: dict = {}
    duplicate = _("duplicate key: the same %(key)s as row %(row)s")
    key_label = " + ".join(handler.key())
    blank = [""]
    for row_no, row in cells:
        if not any(row):
            continue  # blank lines are not rows
        report.rows += 1
        if len(row) != width:
            values, bad = _parse_cells(report, row_no, row, width, columns, ordered, positions)
        else:
            try:
                cells_in_order = row if in_order is None else in_order(row + blank)
                values = [
                    parse(cell.strip()) for parse, cell in zip(ordered, cells_in_order, strict=True)
                ]
                bad = None
            except CellError:
                values, bad = _parse_cells(report, row_no, row, width, columns, ordered, positions)
        if bad and not bad.isdisjoint(key_positions):
            continue  # a bad key cannot be matched against the other rows
        key = key_of(values)
        first = first_row_of.setdefault(key, row_no)
        if first != row_no:
            report.add_error(
                row_no,
                key_column,
                row[positions[key_positions[0]]].strip(),
                duplicate % {"key": key_label, "row": first},
            )
            continue
        if not bad:
            yield row_no, values


def _parse_cells(report, row_no, row, width, columns, parsers, positions):
    """The slow path: every cell on its own, each bad one reported. Returns (values, the
    positions of the bad cells or None)."""
    padded = row + [""] * (width + 1 - len(row)) if len(row) <= width else row
    values = []
    bad = set()
    for position, (column, parse, index) in enumerate(
        zip(columns, parsers, positions, strict=True)
    ):
        raw = padded[index].strip() if index < width else ""
        try:
            values.append(parse(raw))
        except CellError as exc:
            report.add_error(row_no, column, raw, exc.reason)
            values.append(None)
            bad.add(position)
    if len(row) > width and any(cell.strip() for cell in row[width:]):
        report.add_error(
            row_no,
            _("(beyond the header)"),
            ",".join(row[width:]),
            _("more cells than the header has columns"),
        )
        bad.add(-1)
    return values, bad or None

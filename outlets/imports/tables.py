"""Storing validated rows into one table, matched by its unique key: insert the new rows, update
the changed ones, leave identical ones alone, and count each.

Two ways, chosen by the database:

- PostgreSQL: the rows stream (while they are being validated) through `COPY` into a temporary
  staging table; then one UPDATE of the stored rows whose values differ and one INSERT of the
  rows whose key is new move them into place and count updated and created. The COPY is
  written by hand because Django's `bulk_create` manages about 35k rows/s on this machine
  where COPY loads about 300k rows/s, and an import of a million order lines must stay within
  3x of `psql \\copy` (bench/bench_import.py).
- Any other database (SQLite on a laptop): `bulk_create` / `bulk_update` in batches.

Both refuse rows that would change a locked month (a new row dated in it, or an existing row of it
changing or moving out of it), and rows whose stored version belongs to a salesman outside the
importing user's scope. Rows identical to the stored ones pass, so re-importing a history file
that spans locked months is fine. Before deciding, they take the row locks of the months they
write (`org.periods.hold_months`), held until the import's transaction ends: a payout run
locked meanwhile waits for the import, and a month locked since the import began is seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice

from django.db import IntegrityError, connection, transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from org.periods import hold_months
from outlets.partitions import ensure_month_partitions

from .base import Counts, ImportKind

STAGE = "outlets_import_stage"
BATCH = 1000


@dataclass(frozen=True)
class Table:
    """Where a kind's rows go. Records are `(row_no, value, …)` with values in `fields` order."""

    model: type[Model]
    fields: tuple[str, ...]  # model attnames (`salesman_id`), in record order
    key: tuple[str, ...]  # attnames of a unique constraint, matched on conflict
    key_column: str  # the file column named in errors about the key
    date_field: str | None = None  # a month lock applies to this date
    date_column: str | None = None  # … named so in the file
    salesman_field: str | None = None  # the scope of the importing user applies to this


def write_table(
    kind: ImportKind,
    table: Table,
    records: Iterable[tuple],
    *,
    locked: set[date],
    scope: set[int] | None,
) -> Counts:
    """Store the records; report refused rows through `kind.error`. Returns the counts.

    With `kind.direct_copy` (the first attempt of an import on PostgreSQL), records whose first
    key is not stored yet are copied straight into the table, as `psql \\copy` would; should
    a key turn out to be stored after all, `StagingNeeded` asks the service to run the import
    again through the staging table.
    """
    if connection.vendor != "postgresql":
        return _write_orm(kind, table, records, locked=locked, scope=scope)
    records = iter(records)
    first = next(records, None)
    if first is None:
        return Counts()
    records = chain([first], records)
    if table.date_field:
        # Files come mostly in date order, often one month: the first row's month gets its
        # partitions before the rows stream, so they need not go through DEFAULT.
        ensure_month_partitions([first[table.fields.index(table.date_field) + 1]])
    if getattr(kind, "direct_copy", False) and not _is_stored(table, first):
        return _copy_direct(kind, table, records, locked=locked)
    return _write_copy(kind, table, records, locked=locked, scope=scope)


def _owned_by_salesman(table: Table) -> bool:
    """Rows that each belong to one salesman (a NOT NULL salesman column: orders, visits,
    audits) count only in their salesman's metrics, so the import can name the people it
    touched (`touched_salesmen`, `touched_outlets` on the kind) and the refresh after it can
    leave the others alone. Outlets (an optional salesman, `acquired_by`) are not such rows."""
    if not table.salesman_field:
        return False
    by_attname = {field.attname: field for field in table.model._meta.concrete_fields}
    return not by_attname[table.salesman_field].null


def _touched(kind: ImportKind, table: Table) -> tuple[set, set] | None:
    """The kind's sets of touched salesman and outlet ids, or None when its rows are not
    `_owned_by_salesman`."""
    if not _owned_by_salesman(table):
        return None
    return (
        kind.__dict__.setdefault("touched_salesmen", set()),
        kind.__dict__.setdefault("touched_outlets", set()),
    )


class StagingNeeded(Exception):
    """A direct COPY met a stored key: the import must run again through the staging table."""


def _is_stored(table: Table, record: tuple) -> bool:
    key = {name: record[table.fields.index(name) + 1] for name in table.key}
    return table.model.objects.filter(**key).exists()


def _hold(kind: ImportKind, days: Iterable[date | None], locked: set[date]) -> set[date]:
    """Take the month locks of `days` not held yet by this import; the months among them found
    locked join `locked` (the set the checks read) and are returned."""
    held = kind.__dict__.setdefault("held_months", set())
    months = {day.replace(day=1) for day in days if day is not None} - held
    if not months:
        return set()
    held |= months
    newly = hold_months(months) - locked
    if getattr(kind, "late", False):
        # Late data: rows for a locked month are taken and the month recorded, never refused
        # (org.periods.record_late_change, after the write; the month is restated later).
        kind.__dict__.setdefault("late_months", set()).update(newly)
        return set()
    locked |= newly
    return newly


def _locked_reason(month: date) -> str:
    return _("month %(month)s is locked") % {"month": month.strftime("%Y-%m")}


def _outside_scope_reason() -> str:
    return _("stored for a salesman outside your teams")


# --- PostgreSQL ---------------------------------------------------------------------------------


class _CopySource:
    """A file-like object for COPY FROM STDIN that pulls validated records as it is read.

    Validation and loading so overlap: the server parses one chunk while Python validates the
    next. An exception in the records (a broken file) ends the COPY and is raised afterwards.
    """

    def __init__(self, records: Iterable[tuple], *, nullable: bool):
        self.lines = map(_copy_line if nullable else _copy_line_not_null, records)
        self.error: BaseException | None = None
        self.count = 0

    def read(self, size: int = -1) -> str:
        if self.error is not None:
            return ""
        try:
            chunk = list(islice(self.lines, 2000))
        except BaseException as exc:  # re-raised by _write_copy once COPY has ended
            self.error = exc
            return ""
        if not chunk:
            return ""
        self.count += len(chunk)
        chunk.append("")
        return "\n".join(chunk)

    readline = read


def _copy_line(record: tuple) -> str:
    """One record in COPY text format. Text cells never hold tabs or line breaks (the `text`
    parser refuses them), so only backslashes need escaping, and only text can hold one. The
    common case (no NULL) is a single C-level join: this runs a million times per import."""
    if None in record:
        return "\t".join("\\N" if value is None else _copy_value(value) for value in record)
    return _copy_line_not_null(record)


def _copy_line_not_null(record: tuple) -> str:
    """`_copy_line` for tables without nullable columns (orders): not even a test for None."""
    line = "\t".join(map(str, record))
    return line.replace("\\", "\\\\") if "\\" in line else line


def _copy_value(value) -> str:
    text = str(value)
    return text.replace("\\", "\\\\") if "\\" in text else text


def _model_defaults(table: Table) -> list[tuple[str, object]]:
    """Columns the file does not carry get the model's default on insert (Django defaults live
    in Python, not in the database) and keep their stored value on update."""
    return [
        (model_field.column, model_field.get_default())
        for model_field in table.model._meta.concrete_fields
        if not model_field.primary_key
        and model_field.attname not in table.fields
        and model_field.has_default()
    ]


def _nullable(table: Table) -> bool:
    by_attname = {field.attname: field for field in table.model._meta.concrete_fields}
    return any(by_attname[name].null for name in table.fields)


def _copy(cursor, sql: str, source: _CopySource) -> None:
    raw = cursor.cursor
    with cursor.db.wrap_database_errors:  # driver errors become Django's (IntegrityError…)
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, source, size=1 << 20)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                while chunk := source.read():
                    copy.write(chunk)
    if source.error is not None:
        raise source.error


def _copy_direct(kind, table: Table, records, *, locked) -> Counts:
    """COPY the records straight into the table: every row is new, so the only check left is
    the month lock, made here in Python as the rows stream by."""
    qn = connection.ops.quote_name
    defaults = _model_defaults(table)
    columns = ", ".join(qn(name) for name in table.fields)
    columns += "".join(f", {qn(column)}" for column, _value in defaults)
    suffix = tuple(value for _column, value in defaults)
    date_index = table.fields.index(table.date_field) + 1 if table.date_field else None
    days: set[date] = set()  # the distinct days, for the month locks taken after the COPY
    touched = _touched(kind, table)
    if touched is not None:
        records = _noting(records, table, *touched)

    def rows():
        last_day = None
        for record in records:
            if date_index is not None:
                day = record[date_index]
                if day != last_day:  # files come mostly in date order: a set insert per run
                    days.add(day)
                    last_day = day
                if locked and day is not None and day.replace(day=1) in locked:
                    kind.error(record[0], table.date_column, day, _locked_reason(day))
                    continue
            yield record[1:] + suffix

    source = _CopySource(rows(), nullable=_nullable(table) or None in suffix)
    target = qn(table.model._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            pk = qn(table.model._meta.pk.column)
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {target}")  # noqa: S608
            (before,) = cursor.fetchone()
            _copy(cursor, f"COPY {target} ({columns}) FROM STDIN", source)
            if _hold(kind, days, locked):
                # A month was locked after `prepare` read the locks: the staging path checks
                # every row again, now under the month locks.
                raise StagingNeeded
            if _stored_twice(cursor, table, before):
                raise StagingNeeded
            if table.date_field:
                # The rows of months without partitions went to DEFAULT: they move out.
                ensure_month_partitions(days)
    except IntegrityError:
        raise StagingNeeded from None
    return Counts(created=source.count)


def _stored_twice(cursor, table: Table, before: int) -> bool:
    """Whether a key copied (ids above `before`) is stored in another row too. The unique
    constraint used to say so, but on a partitioned table it holds the date as well (PostgreSQL
    wants the partition key in it): a key stored on another date, in another month's partition,
    is found here, and the import runs again through the staging table, which updates it."""
    qn = connection.ops.quote_name
    target = qn(table.model._meta.db_table)
    same_key = " AND ".join(f"o.{qn(k)} = n.{qn(k)}" for k in table.key)
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {target} n WHERE n.id > %s AND EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {target} o WHERE {same_key} AND o.id <> n.id))",
        [before],
    )
    return cursor.fetchone()[0]


def _noting(records, table: Table, salesmen: set, outlets: set):
    """The records, adding each one's salesman (and outlet) id to the sets as they pass."""
    s_index = table.fields.index(table.salesman_field) + 1
    o_index = table.fields.index("outlet_id") + 1 if "outlet_id" in table.fields else None
    add_salesman, add_outlet = salesmen.add, outlets.add
    for record in records:
        add_salesman(record[s_index])
        if o_index is not None:
            add_outlet(record[o_index])
        yield record


def _note_staged(kind, cursor, table: Table) -> None:
    """The salesmen and outlets of the staged rows and of the stored rows they replace."""
    touched = _touched(kind, table)
    if touched is None:
        return
    qn = connection.ops.quote_name
    on = " AND ".join(f"t.{qn(k)} = s.{qn(k)}" for k in table.key)
    target = qn(table.model._meta.db_table)
    for column, into in zip((table.salesman_field, "outlet_id"), touched, strict=True):
        if column not in table.fields:
            continue
        cursor.execute(
            f"SELECT s.{qn(column)} FROM {STAGE} s UNION "  # noqa: S608 - quoted names
            f"SELECT t.{qn(column)} FROM {STAGE} s JOIN {target} t ON {on}"
        )
        into.update(value for (value,) in cursor.fetchall() if value is not None)


def _write_copy(kind, table: Table, records, *, locked, scope) -> Counts:
    target = table.model._meta.db_table
    qn = connection.ops.quote_name
    fields = ", ".join(qn(name) for name in table.fields)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # Same column types as the target, no index, no constraint: the fastest COPY target.
        cursor.execute(
            f"CREATE TEMP TABLE {STAGE} AS "  # noqa: S608 - quoted identifiers, no user text
            f"SELECT 0::integer AS row_no, {fields} FROM {qn(target)} WITH NO DATA"
        )
        source = _CopySource(records, nullable=_nullable(table))
        _copy(cursor, f"COPY {STAGE} (row_no, {fields}) FROM STDIN", source)
        # On any error the transaction rolls back, and the staging table with it.
        counts = Counts()
        if kind.report.ok:
            _check_staged(kind, cursor, table, locked=locked, scope=scope)
        if kind.report.ok:
            _note_staged(kind, cursor, table)
            if table.date_field:
                cursor.execute(
                    f"SELECT DISTINCT {qn(table.date_field)} FROM {STAGE}"  # noqa: S608
                )
                ensure_month_partitions(day for (day,) in cursor.fetchall())
            counts = _upsert_staged(cursor, table)
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        return counts


def _match_sql(table: Table) -> str:
    qn = connection.ops.quote_name
    target = qn(table.model._meta.db_table)
    on = " AND ".join(f"t.{qn(k)} = s.{qn(k)}" for k in table.key)
    return f"FROM {STAGE} s LEFT JOIN {target} t ON {on}"


def _differs_sql(table: Table, left: str, right: str) -> str:
    qn = connection.ops.quote_name
    columns = [qn(name) for name in table.fields if name not in table.key]
    if not columns:
        return "FALSE"
    return (
        f"({', '.join(f'{left}.{c}' for c in columns)}) IS DISTINCT FROM "
        f"({', '.join(f'{right}.{c}' for c in columns)})"
    )


def _check_staged(kind, cursor, table: Table, *, locked, scope) -> None:
    qn = connection.ops.quote_name
    key_value = " || ' ' || ".join(f"s.{qn(k)}::text" for k in table.key)
    if table.date_field:
        # The months the rows are dated in, and those stored rows would move out of.
        date_col = qn(table.date_field)
        month_of = "date_trunc('month', {})::date"
        cursor.execute(
            f"SELECT DISTINCT {month_of.format(date_col)} FROM {STAGE} "  # noqa: S608
            f"UNION SELECT DISTINCT {month_of.format('t.' + date_col)} "
            f"FROM {STAGE} s JOIN {qn(table.model._meta.db_table)} t ON "
            + " AND ".join(f"t.{qn(k)} = s.{qn(k)}" for k in table.key)
            + f" WHERE t.{date_col} IS DISTINCT FROM s.{date_col}"
        )
        _hold(kind, (month for (month,) in cursor.fetchall()), locked)
    if locked and table.date_field:
        date_col = qn(table.date_field)
        cursor.execute(
            f"SELECT s.row_no, s.{date_col}, t.{date_col} {_match_sql(table)} "
            f"WHERE (date_trunc('month', s.{date_col})::date = ANY(%s) "
            f"OR date_trunc('month', t.{date_col})::date = ANY(%s)) "
            f"AND (t.{qn(table.model._meta.pk.column)} IS NULL "
            f"OR {_differs_sql(table, 't', 's')}) ORDER BY s.row_no",
            [sorted(locked), sorted(locked)],
        )
        for row_no, new, old in cursor.fetchall():
            month = new.replace(day=1) if new and new.replace(day=1) in locked else old
            kind.error(row_no, table.date_column, new, _locked_reason(month.replace(day=1)))
    if scope is not None and table.salesman_field:
        salesman = qn(table.salesman_field)
        cursor.execute(
            f"SELECT s.row_no, {key_value} {_match_sql(table)} "
            f"WHERE t.{salesman} IS NOT NULL AND NOT (t.{salesman} = ANY(%s)) ORDER BY s.row_no",
            [sorted(scope)],
        )
        for row_no, key in cursor.fetchall():
            kind.error(row_no, table.key_column, key, _outside_scope_reason())


def _upsert_staged(cursor, table: Table) -> Counts:
    """Update the stored rows that differ, then insert the new ones.

    Two plain statements rather than one INSERT … ON CONFLICT DO UPDATE: on this machine the
    speculative insertion of ON CONFLICT doubles the cost of a million-row insert (24 s against
    12 s). The table lock keeps a concurrent import from slipping a key in between; readers are
    not blocked.
    """
    qn = connection.ops.quote_name
    target = qn(table.model._meta.db_table)
    match = " AND ".join(f"t.{qn(k)} = s.{qn(k)}" for k in table.key)
    cursor.execute(f"LOCK TABLE {target} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(f"ANALYZE {STAGE}")  # temporary tables are never analysed automatically
    updated = 0
    compared = [name for name in table.fields if name not in table.key]
    if compared:
        assignments = ", ".join(f"{qn(name)} = s.{qn(name)}" for name in compared)
        cursor.execute(
            f"UPDATE {target} AS t SET {assignments} FROM {STAGE} s "  # noqa: S608 - quoted names
            f"WHERE {match} AND {_differs_sql(table, 't', 's')}"
        )
        updated = cursor.rowcount
    defaults = _model_defaults(table)
    fields = ", ".join(qn(name) for name in table.fields)
    insert_columns = fields + "".join(f", {qn(column)}" for column, _value in defaults)
    select_columns = ", ".join(f"s.{qn(name)}" for name in table.fields)
    select_columns += ", %s" * len(defaults)
    cursor.execute(
        f"INSERT INTO {target} ({insert_columns}) "  # noqa: S608 - quoted names, values as params
        f"SELECT {select_columns} FROM {STAGE} s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {target} t WHERE {match})",
        [value for _column, value in defaults],
    )
    return Counts(created=cursor.rowcount, updated=updated)


# --- other databases ----------------------------------------------------------------------------


def _batches(records: Iterable[tuple]) -> Iterator[list[tuple]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _write_orm(kind, table: Table, records, *, locked, scope) -> Counts:
    model = table.model
    compared = [name for name in table.fields if name not in table.key]
    key_index = [table.fields.index(name) + 1 for name in table.key]
    date_index = table.fields.index(table.date_field) + 1 if table.date_field else None
    created = updated = 0
    for batch in _batches(records):
        keys = [tuple(record[i] for i in key_index) for record in batch]
        query = Q(**{f"{name}__in": {key[n] for key in keys} for n, name in enumerate(table.key)})
        stored = {
            tuple(getattr(obj, name) for name in table.key): obj
            for obj in model.objects.filter(query)
        }
        if date_index is not None:
            days = {record[date_index] for record in batch}
            days.update(getattr(obj, table.date_field) for obj in stored.values())
            _hold(kind, days, locked)
        new, changed = [], []
        for record, key in zip(batch, keys, strict=True):
            row_no, values = record[0], dict(zip(table.fields, record[1:], strict=True))
            obj = stored.get(key)
            if obj is not None and all(getattr(obj, name) == values[name] for name in compared):
                continue
            if obj is not None and scope is not None and table.salesman_field:
                owner = getattr(obj, table.salesman_field)
                if owner is not None and owner not in scope:
                    kind.error(row_no, table.key_column, key[0], _outside_scope_reason())
                    continue
            if locked and date_index is not None:
                months = {record[date_index]}
                if obj is not None:
                    months.add(getattr(obj, table.date_field))
                hit = sorted(m.replace(day=1) for m in months if m and m.replace(day=1) in locked)
                if hit:
                    kind.error(
                        row_no, table.date_column, record[date_index], _locked_reason(hit[0])
                    )
                    continue
            if obj is None:
                new.append(model(**values))
            else:
                for name in compared:
                    setattr(obj, name, values[name])
                changed.append(obj)
        if not kind.report.ok:
            continue  # keep validating; nothing will be stored
        model.objects.bulk_create(new, batch_size=BATCH)
        if changed:
            model.objects.bulk_update(changed, compared, batch_size=BATCH)
        created += len(new)
        updated += len(changed)
    return Counts(created=created, updated=updated)

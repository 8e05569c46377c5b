"""Monthly partitions of the field data (PostgreSQL only; SQLite keeps plain tables).

Order lines, visits and shelf audits grow by every month kept, and every reader of them asks
for one month (a close, the metrics, a page, an API list by date): on PostgreSQL the three
tables are declaratively partitioned by RANGE on `date`, one partition per month
(`outlets_orderline_2026_06`) plus a DEFAULT partition (`outlets_orderline_default`), so a
month's queries read only its partitions and an old month can be detached and archived without
touching the rest (`archive_field_data`).

- Migration 0011 turns the plain tables into partitioned ones and moves the rows
  (`partition_table`).
- Bulk writers (the import service, `generate_data`) call `ensure_month_partitions` for the
  months they write; rows of a month without its partition land in DEFAULT (ORM writes, tests),
  and `maintain_partitions` (nightly and the `field_data_partitions --maintain` command) gives
  them their partition, as well as this month and the next.
- PostgreSQL wants the partition key in every unique index: the primary key is (id, date) and
  the business keys (visit_id, audit_id, order_no + product) are unique with `date`. Their
  uniqueness across months is kept by the import service, which matches stored keys whatever
  their month (outlets/imports/tables.py), and by model validation (the models still declare
  them unique). See docs/architecture.md "Partitioned field data".
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from spm.months import add_months, current_month

TABLES = ("outlets_orderline", "outlets_visit", "outlets_shelfaudit")
KEY = "date"
# pg_advisory_xact_lock key of the partition DDL: creating a month's partitions runs one at a
# time, whoever asks (an import, the nightly task, the archive command).
LOCK = zlib.crc32(b"kinerja.outlets.partitions")


def partition_name(table: str, month: date) -> str:
    return f"{table}_{month:%Y_%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def supported() -> bool:
    return connection.vendor == "postgresql"


def _months(months: Iterable[date]) -> list[date]:
    return sorted({month.replace(day=1) for month in months if month is not None})


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute(
        "SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(%s)",
        [table],
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def attached(cursor, table: str) -> set[str]:
    """The names of the partitions attached to `table` (a detached archive does not count)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s)",
        [table],
    )
    return {name for (name,) in cursor.fetchall()}


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


# --- the migration: a plain table becomes a partitioned one -----------------------------------


def partition_table(cursor, table: str) -> list[str]:
    """Turn the plain table `table` into one partitioned by month on `date`, keeping its rows,
    columns, ids and id sequence (with its current value), indexes (same names), CHECK and
    foreign-key constraints; the primary key and unique constraints get `date` added (PostgreSQL
    requires the partition key in them). One partition per month holding rows, plus DEFAULT.
    Does nothing on a table already partitioned. Returns the partitions created.

    Used by migration 0011: its behaviour is that migration's."""
    if is_partitioned(cursor, table):
        return []
    cursor.execute(
        "SELECT conrelid::regclass::text FROM pg_constraint WHERE confrelid = to_regclass(%s)",
        [table],
    )
    if referencing := cursor.fetchall():
        raise RuntimeError(f"{table} is referenced by {referencing}: cannot partition it")
    cursor.execute(
        "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid), "
        "ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) "
        "FROM pg_constraint c "
        "WHERE c.conrelid = to_regclass(%s) AND c.contype IN ('p', 'u', 'c', 'f') "
        "ORDER BY c.contype DESC, c.conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i "
        "WHERE i.indrelid = to_regclass(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
        " AND c.conrelid = i.indrelid) ORDER BY i.indexrelid",
        [table],
    )
    indexes = cursor.fetchall()
    if any(unique for _sql, unique in indexes):
        raise RuntimeError(f"{table} has a unique index outside its constraints")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    (sequence,) = cursor.fetchone()
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - catalog name
    last_value, is_called = cursor.fetchone()
    cursor.execute(
        "SELECT attidentity <> '' FROM pg_attribute WHERE attrelid = to_regclass(%s) "
        "AND attname = 'id'",
        [table],
    )
    (identity,) = cursor.fetchone()
    cursor.execute(
        f"SELECT DISTINCT date_trunc('month', {KEY})::date FROM {_qn(table)} ORDER BY 1"  # noqa: S608
    )
    months = [month for (month,) in cursor.fetchall()]

    old = f"{table}__plain"
    # No table with pending deferred foreign-key checks may be altered: run them first.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"ALTER TABLE {_qn(table)} RENAME TO {_qn(old)}")
    if identity:
        cursor.execute(f"ALTER TABLE {_qn(old)} ALTER COLUMN id DROP IDENTITY")  # drops its seq
    cursor.execute(
        f"CREATE TABLE {_qn(table)} (LIKE {_qn(old)} INCLUDING DEFAULTS INCLUDING STORAGE "
        f"INCLUDING COMMENTS) PARTITION BY RANGE ({KEY})"
    )
    seq = f"{table}_id_seq"
    if identity:
        cursor.execute(f"CREATE SEQUENCE {seq} AS bigint")
        cursor.execute(f"ALTER TABLE {_qn(table)} ALTER COLUMN id SET DEFAULT nextval(%s)", [seq])
    else:  # a serial column: its sequence is the old table's, moved over
        seq = sequence
    cursor.execute(f"ALTER SEQUENCE {seq} OWNED BY {_qn(table)}.id")
    cursor.execute("SELECT setval(%s, %s, %s)", [seq, last_value, is_called])
    created = [_create_partition(cursor, table, month) for month in months]
    cursor.execute(f"CREATE TABLE {_qn(default_name(table))} PARTITION OF {_qn(table)} DEFAULT")
    created.append(default_name(table))
    columns = ", ".join(_qn(name) for name in _columns(cursor, table))
    cursor.execute(
        f"INSERT INTO {_qn(table)} ({columns}) SELECT {columns} FROM {_qn(old)}"  # noqa: S608
    )
    cursor.execute(f"DROP TABLE {_qn(old)}")  # its indexes and constraints free their names
    for name, kind, definition, keys in constraints:
        if kind in ("p", "u"):
            keys = [*keys, KEY] if KEY not in keys else keys
            definition = ("PRIMARY KEY" if kind == "p" else "UNIQUE") + (
                f" ({', '.join(_qn(key) for key in keys)})"
            )
        cursor.execute(f"ALTER TABLE {_qn(table)} ADD CONSTRAINT {_qn(name)} {definition}")
    for sql, _unique in indexes:  # "CREATE INDEX name ON public.<table> …": now the parent
        cursor.execute(sql)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return created


def _create_partition(cursor, table: str, month: date) -> str:
    name = partition_name(table, month)
    cursor.execute(
        f"CREATE TABLE {_qn(name)} PARTITION OF {_qn(table)} FOR VALUES FROM (%s) TO (%s)",
        [month, add_months(month, 1)],
    )
    return name


# --- months -------------------------------------------------------------------------------------


def ensure_month_partitions(months: Iterable[date]) -> list[str]:
    """Create the missing partitions of `months` for the three tables; returns their names.

    Idempotent and race-safe: a month whose partitions exist costs one catalog query; a missing
    one is created under an advisory lock (held to the end of the caller's transaction), checked
    again under it. Rows of the month already in the DEFAULT partition (ORM writes, a COPY
    before the partition existed) move into the new one: PostgreSQL refuses to attach a range
    the DEFAULT partition holds rows of. The partition is built as a plain table and attached,
    which locks the parent less than CREATE TABLE … PARTITION OF (readers go on).
    Does nothing off PostgreSQL or before migration 0011."""
    months = _months(months)
    if not months or not supported():
        return []
    created: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        if not is_partitioned(cursor, TABLES[0]):
            return []
        missing = _missing(cursor, months)
        if not missing:
            return []
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        missing = _missing(cursor, months)  # another session may have made them meanwhile
        if missing:
            with foreign_keys_checked(cursor):
                for table, month in missing:
                    created.append(_attach_month(cursor, table, month))
    return created


@contextmanager
def foreign_keys_checked(cursor):
    """The deferred foreign-key checks of the three tables' rows written earlier in the
    transaction run now (then the keys are deferred again): PostgreSQL alters, attaches, detaches
    or drops no table with pending checks. Only these tables' keys: other deferred checks of the
    caller's transaction (a template's weights) still run at its commit."""
    cursor.execute(
        "SELECT DISTINCT conname FROM pg_constraint WHERE contype = 'f' AND condeferrable "
        "AND conrelid = ANY(ARRAY[%s, %s, %s]::regclass[]) ORDER BY 1",
        list(TABLES),
    )
    names = ", ".join(_qn(name) for (name,) in cursor.fetchall())
    if names:
        cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
    yield
    if names:
        cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


def _missing(cursor, months: list[date]) -> list[tuple[str, date]]:
    missing = []
    for table in TABLES:
        found = attached(cursor, table)
        missing += [(table, m) for m in months if partition_name(table, m) not in found]
    return missing


def _attach_month(cursor, table: str, month: date) -> str:
    name, default = partition_name(table, month), default_name(table)
    end = add_months(month, 1)
    columns = ", ".join(_qn(column) for column in _columns(cursor, table))
    # Writers of DEFAULT wait: no row of the month may slip into it before the attach.
    cursor.execute(f"LOCK TABLE {_qn(default)} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(
        f"CREATE TABLE {_qn(name)} (LIKE {_qn(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE)"
    )
    cursor.execute(
        f"WITH moved AS (DELETE FROM {_qn(default)} WHERE {KEY} >= %s AND {KEY} < %s "  # noqa: S608
        f"RETURNING {columns}) INSERT INTO {_qn(name)} ({columns}) SELECT {columns} FROM moved",
        [month, end],
    )
    cursor.execute(
        f"ALTER TABLE {_qn(table)} ATTACH PARTITION {_qn(name)} FOR VALUES FROM (%s) TO (%s)",
        [month, end],
    )
    return name


def touched(table: str, months: Iterable[date]) -> list[str]:
    """What an import into `table` of rows of `months` wrote: the months' partitions, DEFAULT
    when it holds rows, or the table itself when it is not partitioned (SQLite, before 0011,
    a kind without dates)."""
    with connection.cursor() as cursor:
        if not supported() or not is_partitioned(cursor, table):
            return [table]
        found = attached(cursor, table)
        names = [partition_name(table, m) for m in _months(months)]
        names = [name for name in names if name in found]
        default = default_name(table)
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_qn(default)})")  # noqa: S608
        if cursor.fetchone()[0] or not names:
            names.append(default)
        return names


def analyze_parents() -> None:
    """ANALYZE the three parents: their whole-table statistics (the planner's estimates for a
    scan of several months) are never gathered by autovacuum. PostgreSQL 15 has no ANALYZE ONLY,
    so each partition is sampled again too (a fixed-size sample each)."""
    if not supported():
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(_qn(table) for table in TABLES))


def default_months() -> list[date]:
    """The months that have rows in a DEFAULT partition (none off PostgreSQL)."""
    if not supported():
        return []
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, TABLES[0]):
            return []
        union = " UNION ".join(
            f"SELECT DISTINCT date_trunc('month', {KEY})::date FROM {_qn(default_name(t))}"  # noqa: S608
            for t in TABLES
        )
        cursor.execute(f"{union} ORDER BY 1")
        return [month for (month,) in cursor.fetchall()]


def maintain_partitions(*, today: date | None = None) -> list[str]:
    """Nightly (and `field_data_partitions --maintain`): partitions for this month and the next,
    so the month's imports never write into DEFAULT, and for every month found in DEFAULT, whose
    rows move there. Idempotent. Returns the partitions created."""
    month = current_month(today)
    return ensure_month_partitions([month, add_months(month, 1), *default_months()])


def nightly(*, today: date | None = None) -> list[str]:
    """The nightly task: `maintain_partitions`, then `analyze_parents`."""
    created = maintain_partitions(today=today)
    analyze_parents()
    return created


# --- listing, detaching -------------------------------------------------------------------------


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    month: date | None  # None: the DEFAULT partition
    rows: int


def list_partitions() -> list[Partition]:
    """Every attached partition of the three tables with its exact row count, oldest first,
    DEFAULT last (an operator's command: it counts every row)."""
    if not supported():
        return []
    found = []
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, TABLES[0]):
            return []
        for table in TABLES:
            for name in sorted(attached(cursor, table)):
                cursor.execute(f"SELECT count(*) FROM {_qn(name)}")  # noqa: S608 - catalog name
                (rows,) = cursor.fetchone()
                found.append(Partition(table, name, _month_of(table, name), rows))
    return sorted(found, key=lambda p: (p.table, p.month is None, p.month or date.min))


def _month_of(table: str, name: str) -> date | None:
    suffix = name[len(table) + 1 :]
    if suffix == "default":
        return None
    year, month = suffix.split("_")
    return date(int(year), int(month), 1)


def partition_months(before: date | None = None) -> list[date]:
    """The months that have an attached partition in any of the three tables (before `before`)."""
    if not supported():
        return []
    months: set[date] = set()
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, TABLES[0]):
            return []
        for table in TABLES:
            for name in attached(cursor, table):
                month = _month_of(table, name)
                if month is not None and (before is None or month < before):
                    months.add(month)
    return sorted(months)


def month_has_rows(month: date) -> bool:
    """Whether any of the month's attached partitions holds a row."""
    with connection.cursor() as cursor:
        for table in TABLES:
            name = partition_name(table, month)
            if name in attached(cursor, table):
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_qn(name)})")  # noqa: S608
                if cursor.fetchone()[0]:
                    return True
    return False


def detached_name(table: str, month: date) -> str:
    return f"{partition_name(table, month)}_detached"


def detach_month(cursor, table: str, month: date, *, drop: bool) -> str | None:
    """Detach the month's partition of `table` (ALTER TABLE … DETACH PARTITION: the other months
    are not touched, no row is rewritten); keep it as `<partition>_detached` or drop it. The
    name is freed so that the month can be imported again later. Returns the table kept (None:
    dropped, or no partition)."""
    name = partition_name(table, month)
    if name not in attached(cursor, table):
        return None
    cursor.execute(f"ALTER TABLE {_qn(table)} DETACH PARTITION {_qn(name)}")
    if drop:
        cursor.execute(f"DROP TABLE {_qn(name)}")
        return None
    kept = detached_name(table, month)
    cursor.execute(f"DROP TABLE IF EXISTS {_qn(kept)}")  # an earlier archive of the month
    cursor.execute(f"ALTER TABLE {_qn(name)} RENAME TO {_qn(kept)}")
    return kept

"""Archiving old months of field data (PostgreSQL): `archive_months`, behind the
`archive_field_data` command.

Each month before the one given, provided its payout run is locked (a locked month's data can no
longer change: org/periods.py), is written to gzipped CSV files in the import formats of
docs/contracts.md (`orders_2025-01.csv.gz`, `visits_…`, `audits_…`; gunzip one and
`import_data` takes it back), then its partitions are detached (`ALTER TABLE … DETACH
PARTITION`: the other months are not touched, no row is rewritten), and kept as
`<partition>_detached` tables or, with `drop`, dropped. One transaction per month, recorded in
the audit trail on the month's period.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from org.audit import record
from org.models import Period
from org.periods import locked_months
from spm.months import format_month

from . import partitions

# kind (docs/contracts.md) → (table, the SELECT of its import columns from partition `p`)
EXPORTS = {
    "orders": (
        "outlets_orderline",
        "SELECT p.order_no, to_char(p.date, 'YYYY-MM-DD'), s.code, o.code, pr.sku, p.quantity, "
        "p.amount FROM {p} p "
        "JOIN org_salesman s ON s.id = p.salesman_id JOIN outlets_outlet o ON o.id = p.outlet_id "
        "JOIN outlets_product pr ON pr.id = p.product_id ORDER BY p.date, p.order_no, pr.sku",
        ("order_no", "date", "salesman", "outlet", "sku", "quantity", "amount"),
    ),
    "visits": (
        "outlets_visit",
        "SELECT p.visit_id, to_char(p.date, 'YYYY-MM-DD'), s.code, o.code FROM {p} p "
        "JOIN org_salesman s ON s.id = p.salesman_id JOIN outlets_outlet o ON o.id = p.outlet_id "
        "ORDER BY p.date, p.visit_id",
        ("visit_id", "date", "salesman", "outlet"),
    ),
    "audits": (
        "outlets_shelfaudit",
        "SELECT p.audit_id, to_char(p.date, 'YYYY-MM-DD'), s.code, o.code, "
        "p.planogram_compliance, p.osa, p.share_of_shelf FROM {p} p "
        "JOIN org_salesman s ON s.id = p.salesman_id JOIN outlets_outlet o ON o.id = p.outlet_id "
        "ORDER BY p.date, p.audit_id",
        (
            "audit_id",
            "date",
            "salesman",
            "outlet",
            "planogram_compliance",
            "osa",
            "share_of_shelf",
        ),
    ),
}


class ArchiveRefused(ValidationError):
    """Nothing was archived: the database, or a month still open."""


@dataclass
class ArchivedMonth:
    month: date
    rows: dict[str, int] = field(default_factory=dict)  # kind → rows written
    files: list[Path] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # detached tables kept (not dropped)


def archive_months(*, before: date, to: Path, drop: bool = False, by=None) -> list[ArchivedMonth]:
    """Archive every month before `before` that has rows (see the module docstring); refuses,
    archiving nothing, when one of them is not locked, or off PostgreSQL. Rows of those months
    still in the DEFAULT partition get their partitions first, so they are archived too.
    """
    if not partitions.supported():
        raise ArchiveRefused("Archiving field data needs PostgreSQL (partitioned tables).")
    before = before.replace(day=1)
    stray = [month for month in partitions.default_months() if month < before]
    months = sorted(set(partitions.partition_months(before=before)) | set(stray))
    # Months without a row have nothing to archive; their empty partitions stay.
    months = [month for month in months if month in stray or partitions.month_has_rows(month)]
    open_months = sorted(set(months) - locked_months(months))
    if open_months:
        raise ArchiveRefused(
            "Only locked months can be archived; still open: "
            + ", ".join(format_month(m) for m in open_months)
            + "."
        )
    to = Path(to)
    to.mkdir(parents=True, exist_ok=True)
    partitions.ensure_month_partitions(stray)
    return [_archive_month(month, to=to, drop=drop, by=by) for month in months]


def _archive_month(month: date, *, to: Path, drop: bool, by) -> ArchivedMonth:
    done = ArchivedMonth(month=month)
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        partitions.foreign_keys_checked(cursor),
    ):
        for kind, (table, select, header) in EXPORTS.items():
            name = partitions.partition_name(table, month)
            if name not in partitions.attached(cursor, table):
                continue
            path = to / f"{kind}_{month:%Y-%m}.csv.gz"
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 - a catalog name
            (count,) = cursor.fetchone()
            # Streamed by COPY: a month of a big sales force does not pass through memory.
            with gzip.open(path, "wb") as handle:
                _copy_out(cursor, select.format(p=quoted), header, handle)
            done.rows[kind] = count
            done.files.append(path)
            kept = partitions.detach_month(cursor, table, month, drop=drop)
            if kept:
                done.kept.append(kept)
        period, _created = Period.objects.get_or_create(month=month)
        record(
            actor=by,
            action="archive_field_data",
            obj=period,
            after={
                "rows": done.rows,
                "files": [str(path) for path in done.files],
                "dropped": drop,
                "kept": done.kept,
            },
            note=f"{format_month(month)} detached from the field data",
        )
    return done


def _copy_out(cursor, select: str, header: tuple[str, ...], handle) -> None:
    """The rows of `select` as CSV (header first) into the binary file `handle`; dates come out
    as YYYY-MM-DD and decimals as stored, which the import reads back."""
    handle.write((",".join(header) + "\n").encode())
    sql = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"
    raw = cursor.cursor
    with cursor.db.wrap_database_errors:
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, handle, size=1 << 20)
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                for data in copy:
                    handle.write(bytes(data))

"""When each month's field data last changed (`FieldDataStamp`): the key of what is computed
from a month's order lines and cached for long (the team overview's Pareto, kpi/overview.py).

A month's order lines change only by an import (`field_data_imported`, sent once it has
committed, late imports of locked months included), the demo's rebuild of its open months and
the admin (a line saved or deleted by hand, open months only). Each of them stamps the months
it touched once its rows are stored, so a value computed before the change is never read under
the new stamp. (Rows written by other means, such as the test factories and the benchmarks'
generators, stamp nothing: clear the cache after them.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from .models import FieldDataStamp


def record_change(*, months: Iterable[date]) -> None:
    """Stamp the months of `months` (any day of each) as changed now: one upsert, whatever
    their number."""
    now = timezone.now()
    firsts = sorted({month.replace(day=1) for month in months})
    rows = [FieldDataStamp(month=month, changed_at=now) for month in firsts]
    if rows:
        FieldDataStamp.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["month"], update_fields=["changed_at"]
        )


def stamp_query(month: date) -> QuerySet:
    """The month's stamp (its `changed_at`, no row when it never changed since the stamps
    began) as a one-column query, for a caller that reads it as a scalar subquery of its own
    query rather than by one more round trip (kpi/overview.py)."""
    return FieldDataStamp.objects.filter(month=month.replace(day=1)).values("changed_at")


def stamp_after_import(sender=None, *, months=(), **kwargs) -> None:
    """`outlets.imports.signals.field_data_imported` receiver (sent after the import's commit)."""
    record_change(months=months)

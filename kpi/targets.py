"""Targets and manual actuals of a month: the one writer (`save_targets`, `save_manual_actuals`,
`write_values` for the import kinds).

Every write takes the month's lock through `org.periods.require_open` and is audited in bulk.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.audit import _jsonable
from org.models import AuditEntry, Salesman, User
from org.periods import period_for_update, require_open
from spm.months import format_month

from .models import KPIDefinition, ManualActual, Target


def _value_changes(model, *, month: date, values: dict[tuple[int, int], Decimal | None]):
    """Split wanted (salesman_id, kpi_id) → value into creates, updates, deletes and befores."""
    current = {
        (row.salesman_id, row.kpi_id): row
        for row in model.objects.filter(
            month=month, salesman_id__in={s for s, _ in values}, kpi_id__in={k for _, k in values}
        )
    }
    creates, updates, deletes = [], [], []
    for key, value in values.items():
        row = current.get(key)
        if value is None:
            if row is not None:
                deletes.append(row)
        elif row is None:
            creates.append(model(month=month, salesman_id=key[0], kpi_id=key[1], value=value))
        elif row.value != value:
            updates.append((row, row.value))
            row.value = value
    return creates, updates, deletes


@transaction.atomic
def save_targets(
    *, month: date, values: dict[tuple[int, int], Decimal | None], by: User | None, note: str = ""
) -> int:
    """Set the targets of a month: {(salesman_id, kpi_id): value, or None to remove it}.

    Refused for a locked month, and for a negative target (a target is an amount or a count to
    reach; the targets import and the API refuse them too). Each change is recorded in the audit
    trail (before/after). Returns the number of targets created, changed or removed.
    """
    negative = sorted(key for key, value in values.items() if value is not None and value < 0)
    if negative:
        codes = dict(
            Salesman.objects.filter(pk__in={s for s, _ in negative}).values_list("id", "code")
        )
        kpis = dict(
            KPIDefinition.objects.filter(pk__in={k for _, k in negative}).values_list("id", "code")
        )
        raise ValidationError(
            [
                _("%(person)s, %(kpi)s: a target must not be negative.")
                % {"person": codes[s], "kpi": kpis[k]}
                for s, k in negative
            ],
            code="negative_target",
        )
    return write_values(Target, "target", month=month, values=values, by=by, note=note).changed


@transaction.atomic
def save_manual_actuals(
    *, month: date, values: dict[tuple[int, int], Decimal | None], by: User | None, note: str = ""
) -> int:
    """Set manual actuals of a month, like `save_targets` (manual KPIs only)."""
    kpi_ids = {k for _, k in values}
    not_manual = KPIDefinition.objects.filter(pk__in=kpi_ids).exclude(source="manual")
    if not_manual.exists():
        raise ValidationError(
            _("Actuals are entered only for manual KPIs; not for: %(codes)s.")
            % {"codes": ", ".join(not_manual.values_list("code", flat=True))}
        )
    counts = write_values(ManualActual, "actual", month=month, values=values, by=by, note=note)
    return counts.changed


@dataclass(frozen=True)
class SaveCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def write_values(model, label, *, month, values, by, note, late: bool = False) -> SaveCounts:
    """Upsert/delete a month's targets or actuals under the month's row lock, audited in bulk.

    Runs in the caller's transaction (`require_open` refuses to run outside one); the import
    kinds call it once per month of a file. `late`: a correction of a locked month by a late
    import (the import records it with `org.periods.record_late_change`): the lock is held, not
    refused.
    """
    month = month.replace(day=1)
    if late:
        period_for_update(month)
    else:
        require_open(month)
    creates, updates, deletes = _value_changes(model, month=month, values=values)
    created = model.objects.bulk_create(creates, batch_size=2000)
    if updates:
        model.objects.bulk_update(
            [row for row, _ in updates], ["value", "updated_at"], batch_size=1000
        )
    if deletes:
        model.objects.filter(pk__in=[row.pk for row in deletes]).delete()
    actor = by if by is not None and by.is_authenticated else None
    object_type = model._meta.label_lower
    rows = [row for row in created] + [row for row, _ in updates] + deletes
    names = _Names(
        salesmen=dict(
            Salesman.objects.filter(pk__in={r.salesman_id for r in rows}).values_list("id", "code")
        ),
        kpis=dict(
            KPIDefinition.objects.filter(pk__in={r.kpi_id for r in rows}).values_list("id", "code")
        ),
    )
    entries = [
        _entry(actor, f"{label}.create", object_type, row, None, names.json(row), names, note)
        for row in created
    ]
    entries += [
        _entry(
            actor,
            f"{label}.update",
            object_type,
            row,
            names.json(row) | {"value": str(old)},
            names.json(row),
            names,
            note,
        )
        for row, old in updates
    ]
    entries += [
        _entry(actor, f"{label}.delete", object_type, row, names.json(row), None, names, note)
        for row in deletes
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return SaveCounts(len(created), len(updates), len(deletes))


@dataclass(frozen=True)
class _Names:
    """Codes of the people and KPIs of a batch of targets or actuals, so that the audit trail
    reads "2026-06 A1 revenue" rather than database ids."""

    salesmen: dict[int, str]
    kpis: dict[int, str]

    def label(self, row) -> str:
        return (
            f"{format_month(row.month)} {self.salesmen.get(row.salesman_id, row.salesman_id)} "
            f"{self.kpis.get(row.kpi_id, row.kpi_id)}"
        )

    def json(self, row) -> dict:
        return {
            "month": format_month(row.month),
            "salesman_id": row.salesman_id,
            "salesman": self.salesmen.get(row.salesman_id),
            "kpi_id": row.kpi_id,
            "kpi": self.kpis.get(row.kpi_id),
            "value": str(row.value),
        }


def _entry(actor, action, object_type, row, before, after, names, note) -> AuditEntry:
    """The same entry `org.audit.record` writes, built for one bulk insert."""
    return AuditEntry(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(row.pk),
        object_repr=names.label(row)[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )

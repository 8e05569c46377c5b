"""The target grid of a month (people × the KPIs of their templates): its tables and the reading
of a posted grid into the values `kpi.targets.save_targets` / `save_manual_actuals` take.

No HTTP here: the view (`kpi/views/targets.py`) passes the posted form and renders the result.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import ManualActual, Target

GRID_KINDS = {"targets": Target, "actuals": ManualActual}


def plain_number(value: Decimal | None) -> str:
    """500000000.0000 → '500000000', 2.5000 → '2.5' (for an input's value)."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def cell_name(salesman_id: int, kpi_id: int) -> str:
    return f"v-{salesman_id}-{kpi_id}"


def grid_groups(persons, plan, stored, *, kind: str) -> tuple[list[dict], list[dict]]:
    """One table per template: its people and its KPIs (a single grid of every template's KPIs
    is mostly empty cells and far too wide). Returns (groups ordered by template code, with the
    people without a template last; every row in page order)."""
    groups: dict = {}
    rows = []
    for person in persons:
        template = plan.get(person.id)
        key = template.id if template else None
        if key not in groups:
            columns = [item.kpi for item in template.items.all()] if template else []
            if kind == "actuals":
                columns = [kpi for kpi in columns if kpi.source == "manual"]
            groups[key] = {"template": template, "kpis": columns, "rows": []}
        group = groups[key]
        cells = [
            {
                "kpi": kpi,
                "name": cell_name(person.id, kpi.id),
                "value": stored.get((person.id, kpi.id)),
                "text": plain_number(stored.get((person.id, kpi.id))),
            }
            for kpi in group["kpis"]
        ]
        row = {"person": person, "template": template, "cells": cells}
        group["rows"].append(row)
        rows.append(row)
    ordered = sorted(
        groups.values(), key=lambda g: (not g["kpis"], g["template"].code if g["template"] else "")
    )
    return ordered, rows


def grid_values(post, persons, plan, kpis, stored) -> tuple[dict, list[str]]:
    """The changed cells of the grid: {(salesman_id, kpi_id): value or None}, and problems."""
    values, errors = {}, []
    for person in persons:
        template = plan.get(person.id)
        on_card = {item.kpi_id for item in template.items.all()} if template else set()
        for kpi in kpis:
            name = cell_name(person.id, kpi.id)
            if name not in post or kpi.id not in on_card:
                continue
            text = post[name].strip()
            value = None
            if text:
                try:
                    value = Decimal(text.replace(",", "."))
                except InvalidOperation:
                    errors.append(
                        _("%(person)s, %(kpi)s: %(value)s is not a number.")
                        % {"person": person.code, "kpi": kpi.code, "value": text}
                    )
                    continue
                if not value.is_finite() or value != value.quantize(Decimal("0.0001")):
                    errors.append(
                        _("%(person)s, %(kpi)s: at most 4 decimal places.")
                        % {"person": person.code, "kpi": kpi.code}
                    )
                    continue
            old = stored.get((person.id, kpi.id))
            if value != old:
                values[(person.id, kpi.id)] = value
    return values, errors

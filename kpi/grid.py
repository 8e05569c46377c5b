"""The target grid of a month (people × the KPIs of their templates): its tables and the reading
of a posted grid into the values `kpi.targets.save_targets` / `save_manual_actuals` take.

No HTTP here: the view (`kpi/views/targets.py`) passes the posted form and renders the result.
"""

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spm.fields import number_hint
from spm.numbers import NumberTextError, parse_number, write_number

from .models import ManualActual, Target

# Target and ManualActual values: max_digits=20, decimal_places=4.
LARGEST = Decimal(10) ** 16

GRID_KINDS = {"targets": Target, "actuals": ManualActual}


def input_text(value: Decimal | None) -> str:
    """An input's value in the page's language: 500000000.0000 → '500.000.000', 2.5000 → '2,5'
    in Indonesian ('500,000,000', '2.5' in English); `grid_values` reads it back."""
    if value is None:
        return ""
    return write_number(value, get_language())


def cell_name(salesman_id: int, kpi_id: int) -> str:
    return f"v-{salesman_id}-{kpi_id}"


def grid_groups(persons, plan, stored, *, kind: str, typed=None) -> tuple[list[dict], list[dict]]:
    """One table per template: its people and its KPIs (a single grid of every template's KPIs
    is mostly empty cells and far too wide). Returns (groups ordered by template code, with the
    people without a template last; every row in page order). `typed`: the posted grid when it
    comes back with a problem; every cell it holds shows what was typed, not what is stored."""
    typed = typed or {}
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
                "text": typed[cell_name(person.id, kpi.id)]
                if cell_name(person.id, kpi.id) in typed
                else input_text(stored.get((person.id, kpi.id))),
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
    """The changed cells of the grid: {(salesman_id, kpi_id): value or None}, and problems. A
    cell is read in the page's language (`spm.numbers.parse_number`)."""
    language = get_language()
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
                    value = parse_number(text, language)
                except NumberTextError as exc:
                    problem = _("%(person)s, %(kpi)s: %(value)s is not a number.") % {
                        "person": person.code,
                        "kpi": kpi.display_name,
                        "value": text,
                    }
                    errors.append(f"{problem} {number_hint(exc)}")
                    continue
                if abs(value) >= LARGEST:
                    errors.append(
                        _("%(person)s, %(kpi)s: %(value)s is too large.")
                        % {"person": person.code, "kpi": kpi.display_name, "value": text}
                    )
                    continue
                if value != value.quantize(Decimal("0.0001")):
                    errors.append(
                        _("%(person)s, %(kpi)s: at most 4 decimal places.")
                        % {"person": person.code, "kpi": kpi.display_name}
                    )
                    continue
            old = stored.get((person.id, kpi.id))
            if value != old:
                values[(person.id, kpi.id)] = value
    return values, errors

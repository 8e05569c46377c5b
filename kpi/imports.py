"""The `targets` and `actuals` import kinds (docs/contracts.md "Import files"), registered in the
outlets
import registry from `KpiConfig.ready()`: same all-or-nothing rules as every other kind."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.models import Role, Salesman
from org.periods import locked_months
from org.visibility import salesmen_visible_to, sees_everyone
from outlets.imports import CellError, Counts, ImportKind, a_reference, register
from outlets.imports.base import UNKNOWN_SALESMAN
from spm.months import parse_month

from .models import KPIDefinition, ManualActual, Target
from .targets import write_values

_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def a_month(value: str):
    if not value:
        raise CellError(_("a value is required"))
    try:
        return parse_month(value)
    except ValueError:
        raise CellError(_("not a month (YYYY-MM)")) from None


def a_value(*, negative: bool):
    """A number with `.` for decimals, at most 4 decimal places, as the models store it."""

    def parse(value: str) -> Decimal:
        if not value:
            raise CellError(_("a value is required"))
        if not _NUMBER.fullmatch(value):
            raise CellError(_("not a number (digits, with . for decimals)"))
        number = Decimal(value)
        if number < 0 and not negative:
            raise CellError(_("must not be negative"))
        if number != number.quantize(Decimal("0.0001")):
            raise CellError(_("at most 4 decimal places"))
        if abs(number) >= Decimal(10) ** 16:
            raise CellError(_("too large"))
        return number

    return parse


class _ValueKind(ImportKind):
    model: type
    label_word: str
    value_column: str
    negative: bool
    key_columns = ("period", "salesman", "kpi")
    roles = frozenset({Role.MANAGER, Role.ADMIN})

    def prepare(self) -> None:
        salesmen = Salesman.objects.all()
        if self.by is not None and not sees_everyone(self.by):
            salesmen = salesmen_visible_to(self.by)  # outside the scope reads as unknown
        self.salesman_ids = dict(salesmen.values_list("code", "id"))
        self.kpi_ids = dict(self.kpis().values_list("code", "id"))
        self.locked = locked_months()

    def kpis(self):
        return KPIDefinition.objects.all()

    def parsers(self):
        return {
            "period": a_month,
            "salesman": a_reference(self.salesman_ids, UNKNOWN_SALESMAN),
            "kpi": a_reference(self.kpi_ids, self.unknown_kpi),
            self.value_column: a_value(negative=self.negative),
        }

    def write(self, rows: Iterator) -> Counts:
        by_month: dict = defaultdict(dict)
        for row_no, (month, salesman_id, kpi_id, value) in rows:
            if month in self.locked:
                if not self.late:
                    self.error(row_no, "period", f"{month:%Y-%m}", _("the month is locked"))
                    continue
                # A late correction of a locked month: recorded, restated at the next close.
                self.__dict__.setdefault("late_months", set()).add(month)
            by_month[month][(salesman_id, kpi_id)] = value
        if not self.report.ok:
            return Counts()
        # The months written, as the field kinds record them: the import announces them on
        # commit (outlets.imports.signals), so the month in progress is refreshed.
        self.__dict__.setdefault("held_months", set()).update(by_month)
        created = updated = 0
        for month, values in sorted(by_month.items()):
            counts = write_values(
                self.model,
                self.label_word,
                month=month,
                values=values,
                by=self.by,
                note=_("import"),
                late=month in self.locked,
            )
            created += counts.created
            updated += counts.updated
        return Counts(created=created, updated=updated)


@register
class TargetKind(_ValueKind):
    name = "targets"
    label = gettext_lazy("Targets")
    columns = ("period", "salesman", "kpi", "target")
    model = Target
    label_word = "target"
    value_column = "target"
    negative = False
    unknown_kpi = gettext_lazy("unknown KPI code")


@register
class ActualKind(_ValueKind):
    name = "actuals"
    label = gettext_lazy("Actuals (manual KPIs)")
    columns = ("period", "salesman", "kpi", "actual")
    model = ManualActual
    label_word = "actual"
    value_column = "actual"
    negative = True  # growth KPIs may shrink
    unknown_kpi = gettext_lazy("unknown KPI code, or not a manual KPI")

    def kpis(self):
        return KPIDefinition.objects.filter(source="manual")

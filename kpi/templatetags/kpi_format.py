"""KPI numbers as people read them (Indonesian notation, as `spm_format`):

- `{{ value|kpi_value:unit }}`: a target or actual: Rupiah for `Rp`, whole numbers without
  decimals (35 outlets, not 35,00), else 2 decimals.
- `{{ value|kpi_score:rounding }}`: a skor, skor akhir or total as the template rounds it: a whole
  number in `row` mode, 2 decimals in `exact` mode.
- `{{ unit|kpi_unit }}`: the unit in the reader's language for the common ones (visit/day →
  kunjungan/hari); any other unit as it was typed.
"""

from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from spm import formats as fmt

register = template.Library()

UNITS = {
    "outlet": _("outlet"),
    "visit": _("visit"),
    "visit/day": _("visit/day"),
    "day": _("day"),
    "deal": _("deal"),
    "unit": _("unit"),
    "territory": _("territory"),
    "initiative": _("initiative"),
    "order": _("order"),
    "SKU/outlet": _("SKU/outlet"),
}


@register.filter
def kpi_value(value, unit: str = "") -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    if unit == "Rp":
        return fmt.rupiah(value)
    if value == value.to_integral_value():
        return fmt.number(value, 0)
    return fmt.number(value, 2)


@register.filter
def kpi_score(value, rounding: str = "exact") -> str:
    return fmt.number(value, 0 if rounding == "row" else 2)


@register.filter
def kpi_unit(unit: str) -> str:
    return str(UNITS.get(unit, unit or ""))


@register.filter
def bar_width(score) -> int:
    """A skor as the width (0–100 %) of a bar whose end is 150 % of target."""
    if score is None:
        return 0
    return max(0, min(100, int(Decimal(score) * 100 / 150)))

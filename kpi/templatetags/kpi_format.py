"""`{{ value|kpi_value:unit }}`: a KPI's target or actual as people read it: Rupiah for `Rp`,
whole numbers without decimals (35 outlets, not 35,00), else 2 decimals (Indonesian notation)."""

from decimal import Decimal

from django import template

from spm.money import format_decimal, format_rupiah

register = template.Library()


@register.filter
def kpi_value(value, unit: str = "") -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    if unit == "Rp":
        return format_rupiah(value)
    if value == value.to_integral_value():
        return format_decimal(value, 0)
    return format_decimal(value, 2)

from django import template

from spm.money import format_decimal, format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    """{{ amount|rupiah }} → Rp 3.400.000"""
    return format_rupiah(value)


@register.filter
def number(value, places=2):
    """{{ value|number:2 }} → 1.234,57"""
    return format_decimal(value, int(places))

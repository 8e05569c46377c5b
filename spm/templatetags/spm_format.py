"""Numbers and Rupiah in templates, in the page language's format (`spm.formats`)."""

from django import template

from spm import formats

register = template.Library()


@register.filter
def rupiah(value):
    """{{ amount|rupiah }} → Rp 3.400.000 (id) / Rp 3,400,000 (en)"""
    return formats.rupiah(value)


@register.filter
def number(value, places=2):
    """{{ value|number:2 }} → 1.234,57 (id) / 1,234.57 (en)"""
    return formats.number(value, int(places))


@register.filter
def plain_number(value):
    """{{ value|plain_number }} → 2,5 / 1.000 (id): the value's own decimals, none added."""
    return formats.plain(value)

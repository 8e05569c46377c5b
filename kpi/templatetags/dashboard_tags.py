"""Filters of the dashboards: a month in words in the reader's language (`Desember 2026`), a
movement on a board (`▲ 2`)."""

from django import template
from django.utils.translation import gettext as _

from spm import formats

register = template.Library()


@register.filter
def month_label(value):
    return formats.month_label(value)


@register.filter
def movement(value):
    """The previous rank minus this one: ▲ climbed, ▼ fell, = the same, – no previous rank."""
    if value is None:
        return "–"
    if value > 0:
        return f"▲ {value}"
    if value < 0:
        return f"▼ {-value}"
    return "="


@register.filter
def movement_words(value):
    if value is None:
        return _("new on the board")
    if value > 0:
        return _("up %(n)s") % {"n": value}
    if value < 0:
        return _("down %(n)s") % {"n": -value}
    return _("same rank")

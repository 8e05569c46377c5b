"""Filters of the gamification snippets: a name in the reader's language, a board value as the
catalogue shows it, a movement arrow with its words, a badge's glyph (text, no asset)."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kpi.gamification.document import display_name
from kpi.gamification.measures import places
from spm import formats

register = template.Library()

GLYPHS = {
    "star": "★",
    "target": "◎",
    "lightning": "⚡",
    "trophy": "🏆",
    "medal": "🏅",
    "fire": "🔥",
    "rocket": "🚀",
    "heart": "♥",
}


@register.filter
def gname(name) -> str:
    """A board's or badge's name (a text or {"id", "en"}) in the reader's language."""
    return display_name(name, get_language())


@register.filter
def board_value(value, measure) -> str:
    return formats.number(value, places(measure)) if value is not None else "–"


@register.filter
def arrow(value) -> str:
    """▲ climbed, ▼ fell, = the same place, – no previous rank."""
    if value is None:
        return "–"
    if value > 0:
        return f"▲ {value}"
    if value < 0:
        return f"▼ {-value}"
    return "="


@register.filter
def arrow_words(value) -> str:
    if value is None:
        return _("no previous rank")
    if value > 0:
        return _("up %(n)s") % {"n": value}
    if value < 0:
        return _("down %(n)s") % {"n": -value}
    return _("same rank")


@register.filter
def glyph(icon) -> str:
    return GLYPHS.get(icon, "★")

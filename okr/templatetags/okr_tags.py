"""Score bands as words and colours, so templates hold no business rule."""

from django import template
from django.utils.translation import gettext_lazy as _

from okr import scoring

register = template.Library()

BAND_LABELS = {
    scoring.OFF_TRACK: _("off track"),
    scoring.PROGRESSING: _("progressing"),
    scoring.SUCCESS: _("success"),
    scoring.CHECK_AMBITION: _("achieved: check the ambition"),
}
BAND_COLOURS = {
    scoring.OFF_TRACK: "danger",
    scoring.PROGRESSING: "warning",
    scoring.SUCCESS: "success",
    scoring.CHECK_AMBITION: "primary",
}


@register.filter
def band_label(band: str) -> str:
    return BAND_LABELS.get(band, "")


@register.filter
def band_colour(band: str) -> str:
    return BAND_COLOURS.get(band, "secondary")


@register.inclusion_tag("okr/_score.html")
def score_badge(item):
    """An objective's or key result's score: a progress bar, the score and its band."""
    return {
        "score": item.display_score,
        "percent": item.percent,
        "band": item.band,
        "label": BAND_LABELS[item.band],
        "colour": BAND_COLOURS[item.band],
    }

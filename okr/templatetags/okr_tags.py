"""Score bands as words and colours, so templates hold no business rule."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
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


ACTION_LABELS = {
    "okr.objective.created": _("objective created"),
    "okr.objective.updated": _("objective changed"),
    "okr.key_result.created": _("key result added"),
    "okr.key_result.updated": _("key result changed"),
    "okr.key_result.deleted": _("key result removed"),
}
STAGE_LABELS = {
    "mid-cycle": _("mid-cycle"),
    "before the cycle": _("before the cycle"),
    "after the cycle": _("after the cycle"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def audit_note(note: str) -> str:
    """The stored note names the stage of the cycle in English; show it in the user's language."""
    for stage, label in STAGE_LABELS.items():
        note = note.replace(stage, str(label))
    return note


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


@register.inclusion_tag("okr/_bands_legend.html")
def bands_legend():
    """The band edges of okr.scoring, in the user's number format."""

    def shown(value: Decimal) -> str:
        return number_format(value, 2)

    edge = {name: value for value, name in scoring.BAND_EDGES}
    step = scoring.HUNDREDTH
    return {
        "off_track": f"< {shown(edge[scoring.PROGRESSING])}",
        "progressing": f"{shown(edge[scoring.PROGRESSING])}–{shown(edge[scoring.SUCCESS] - step)}",
        "success": f"{shown(edge[scoring.SUCCESS])}–{shown(edge[scoring.CHECK_AMBITION] - step)}",
        "check_ambition": f"≥ {shown(edge[scoring.CHECK_AMBITION])}",
    }

"""A statement line explained in the user's language.

The engine stores each line's explanation in English and carries the same facts in structured
fields (`status`, `detail`, `value`, `multiplier`, `amount`); the line's rule type
(`incentives/engine/types/`) says it again through `incentives/wording.py` (Django's gettext
and number formats), so an Indonesian user reads Indonesian. Works on `engine.Line` objects,
stored `PayoutLine`s and their `as_dict()` form.
"""

from django.utils.translation import get_language, gettext

from incentives import engine
from incentives.engine import features
from incentives.engine.base import get
from incentives.wording import line_label, say
from spm import formats as fmt


def explain(line) -> str:
    """The line's explanation in the active language. In English, the engine's own text (it is
    the source and says a little more, e.g. about rounding)."""
    original = get(line, "explanation")
    # A line with plan features (entry ticket, prerequisites, a booster) is said from its detail
    # in English too: the engine's stored English cannot name units (86%) or KPI names.
    english = (get_language() or "").startswith("en")
    if original and english and not features.said_from_detail(line):
        return original
    kind = get(line, "type")
    if kind == "cap":
        detail, amount = get(line, "detail") or {}, get(line, "amount")
        return gettext(
            "Plan cap: the cash lines total %(total)s, above the cap %(cap)s; %(cut)s brings the "
            "total down to the cap."
        ) % {
            "total": fmt.rupiah(detail.get("total_before_cap")),
            "cap": fmt.rupiah(detail.get("cap")),
            "cut": fmt.rupiah(amount),
        }
    if (get(line, "detail") or {}).get("labels"):
        label = line_label(line)
        line = {**line, "label": label} if isinstance(line, dict) else _Labelled(line, label)
    return engine.rule_type(kind).explain(line, say())


class _Labelled:
    """A line object read with its label in the reader's language."""

    def __init__(self, line, label: str):
        self._line = line
        self.label = label

    def __getattr__(self, name):
        return getattr(self._line, name)

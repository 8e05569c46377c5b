"""The engine's words on the pages: `engine.Say` objects built from Django's translation and
number formatting. The rule types (`incentives/engine/types/`) hold their sentences as English
msgids and stay importable without Django; this is where they meet gettext."""

import json
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext

from incentives import engine
from incentives.engine.base import get
from spm.money import format_decimal, format_rupiah


def localized_number(value) -> str:
    """A number in the active language's format, all its places (`0.40` in English)."""
    if value is None:
        return "–"
    value = Decimal(str(value)).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def plain_number(value) -> str:
    """The app's one notation for plan numbers and what a line reached (`0,5`, `500.000.000`),
    in both languages."""
    value = Decimal(str(value)).normalize()
    return format_decimal(value, max(0, -value.as_tuple().exponent))


def say() -> engine.Say:
    """How a rule type explains a line: Django's translations, numbers in the active
    language's format."""
    return engine.Say(gettext=gettext, ngettext=ngettext, number=localized_number)


def say_plain() -> engine.Say:
    """Django's translations with the app's one number notation (what a line reached, the plan
    page's summaries)."""
    return engine.Say(gettext=gettext, ngettext=ngettext, number=plain_number, rupiah=format_rupiah)


def localized(value) -> str:
    """A plan name or rule label given plainly or in both languages, in the active language
    (else the other one)."""
    return engine.text_in(value, get_language() or engine.LANGUAGES[0])


def line_label(line) -> str:
    """A statement line's label in the active language: the engine keeps both languages in
    the line's detail when the plan gives both."""
    labels = (get(line, "detail") or {}).get("labels")
    return localized(labels) if labels else get(line, "label")


def plan_name(plan) -> str:
    """A stored plan's name in the active language (`Plan.name` holds the default language's)."""
    if plan.document and '"name": {' in plan.document:
        return localized(json.loads(plan.document)["name"])
    return plan.name

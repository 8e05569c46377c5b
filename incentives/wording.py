"""The engine's words on the pages: `engine.Say` objects built from Django's translation and
number formatting. The rule types (`incentives/engine/types/`) hold their sentences as English
msgids and stay importable without Django; this is where they meet gettext."""

import json
from datetime import date

from django.utils.translation import get_language, gettext, ngettext

from incentives import engine
from incentives.engine.base import get
from spm import formats as fmt
from spm.months import parse_month


def localized_number(value) -> str:
    """A number in the active language's format, all its places (`0,4` in Indonesian, `0.4` in
    English; `spm.formats.plain`)."""
    return fmt.plain(value)


def month_text(value) -> str:
    """A month given as a date or its stored ISO text (`2026-06-01`, `2026-06`) as the reader
    says it: `Juni 2026` / `June 2026`."""
    if value is None or value == "":
        return "–"
    if not isinstance(value, date):
        try:
            value = parse_month(str(value)[:7])
        except ValueError:
            return str(value)
    return fmt.month_label(value)


def day_text(value) -> str:
    """A day given as a date or its ISO text as the reader says it: `7 Sep 2026`."""
    if value is None or value == "":
        return "–"
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return fmt.day_label(value)


class _Names:
    """A KPI's or metric's name and unit in the reader's language, for the plan features'
    words (`tiket masuk coverage 86%`, `syarat EC 60%`): the KPI definition, else the metric
    catalogue (group metrics included), else the code. Looked up once per code."""

    def __init__(self):
        self._known: dict[str, tuple[str, str]] = {}

    def _of(self, code: str) -> tuple[str, str]:
        if code not in self._known:
            from kpi.models import KPIDefinition
            from outlets import metrics

            kpi = KPIDefinition.objects.filter(code=code).first()
            if kpi is not None:
                self._known[code] = (kpi.display_name, kpi.unit)
            else:
                self._known[code] = (metrics.metric_label(code), metrics.metric_unit(code))
        return self._known[code]

    def name(self, code: str) -> str:
        return self._of(code)[0] if code else code

    def unit(self, code: str) -> str:
        return self._of(code)[1] if code else ""


def say() -> engine.Say:
    """How a rule type explains a line: Django's translations; numbers, Rupiah, months and
    days in the active language's one format (`spm.formats`); KPI and metric names and units."""
    names = _Names()
    return engine.Say(
        gettext=gettext,
        ngettext=ngettext,
        number=fmt.plain,
        rupiah=fmt.rupiah,
        month=month_text,
        day=day_text,
        kpi_name=names.name,
        unit=names.unit,
        language=(get_language() or engine.LANGUAGES[0])[:2],
    )


# What a line reached and the plan page's summaries read like the explanations.
say_plain = say


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

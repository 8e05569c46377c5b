"""Audit entries in words (docs/formats.md, "Histories in words"): who did what, said as a
sentence; what it was done to, by its model's name; the changed fields only, each as
"field: before → after" with values in the reader's format (`spm.formats`).

The entries themselves stay as `org.audit.record` wrote them (codes and JSON); this is only how
they are read. Used by the audit trail (`org.views.audit_list`), a plan's history and an
objective's change history.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from spm import formats as fmt

# What each audited action did, as a sentence about %(object)s (the entry's object).
ACTIONS = {
    "kra.save": gettext_lazy("saved the KRA %(object)s"),
    "kpi.create": gettext_lazy("created the KPI %(object)s"),
    "kpi.update": gettext_lazy("changed the KPI %(object)s"),
    "kpi.save": gettext_lazy("saved the KPI %(object)s"),
    "template.create": gettext_lazy("created the scorecard template %(object)s"),
    "template.update": gettext_lazy("changed the scorecard template %(object)s"),
    "template.delete": gettext_lazy("deleted the scorecard template %(object)s"),
    "template.assign": gettext_lazy("assigned a scorecard template to %(object)s"),
    "target.create": gettext_lazy("set the target %(object)s"),
    "target.update": gettext_lazy("changed the target %(object)s"),
    "target.delete": gettext_lazy("removed the target %(object)s"),
    "actual.create": gettext_lazy("entered the actual %(object)s"),
    "actual.update": gettext_lazy("changed the actual %(object)s"),
    "actual.delete": gettext_lazy("removed the actual %(object)s"),
    "plan.created": gettext_lazy("created the incentive plan %(object)s"),
    "plan.updated": gettext_lazy("changed the incentive plan %(object)s"),
    "plan.status": gettext_lazy("changed the status of the incentive plan %(object)s"),
    "payout_run.closed": gettext_lazy("closed the payout run %(object)s"),
    "payout_run.recomputed": gettext_lazy("recomputed the payout run %(object)s"),
    "payout_run.approved": gettext_lazy("approved the payout run %(object)s"),
    "payout_run.locked": gettext_lazy("locked the payout run %(object)s"),
    "payout_run.adjusted": gettext_lazy("added an adjustment to the payout run %(object)s"),
    "payout_statement.approved": gettext_lazy("approved the payout statement %(object)s"),
    "payout_statement.approval_withdrawn": gettext_lazy(
        "withdrew the approval of the payout statement %(object)s"
    ),
    "dispute.raised": gettext_lazy("raised the dispute %(object)s"),
    "dispute.commented": gettext_lazy("commented on the dispute %(object)s"),
    "dispute.accepted": gettext_lazy("accepted the dispute %(object)s"),
    "dispute.rejected": gettext_lazy("rejected the dispute %(object)s"),
    "okr.cycle.created": gettext_lazy("created the OKR cycle %(object)s"),
    "okr.objective.created": gettext_lazy("created the objective %(object)s"),
    "okr.objective.updated": gettext_lazy("changed the objective %(object)s"),
    "okr.key_result.created": gettext_lazy("added the key result %(object)s"),
    "okr.key_result.updated": gettext_lazy("changed the key result %(object)s"),
    "okr.key_result.deleted": gettext_lazy("removed the key result %(object)s"),
    "salesman.level": gettext_lazy("changed the level of %(object)s"),
    "salesman.transferred": gettext_lazy("changed the team, role or channel of %(object)s"),
    "salesman.employment": gettext_lazy("changed when %(object)s joined or left"),
    "gamification.saved": gettext_lazy("saved the leaderboards, badges and levels"),
}

# Words for the keys of the recorded JSON that are not a field of the entry's model (the
# documents of plans and templates, the states of runs). A key in neither reads as its words.
KEYS = {
    "document": None,  # a plan's whole document: its parts are named, not the wrapper
    "rules": gettext_lazy("rule"),
    "tiers": gettext_lazy("tier"),
    "items": gettext_lazy("KPI"),
    "kpis": gettext_lazy("KPI"),
    "amount": pgettext_lazy("audit field", "amount"),
    "amounts": gettext_lazy("amounts"),
    "from": gettext_lazy("from"),
    "rate": gettext_lazy("rate"),
    "step": gettext_lazy("step"),
    "every": gettext_lazy("every"),
    "start": gettext_lazy("start"),
    "per_unit": gettext_lazy("per unit"),
    "label": gettext_lazy("label"),
    "code": gettext_lazy("code"),
    "name": gettext_lazy("name"),
    "type": gettext_lazy("type"),
    "basis": gettext_lazy("basis"),
    "mode": gettext_lazy("mode"),
    "kpi": gettext_lazy("KPI"),
    "metric": gettext_lazy("metric"),
    "weight": gettext_lazy("weight"),
    "cap": gettext_lazy("cap"),
    "floor": gettext_lazy("floor"),
    "gate": gettext_lazy("gate"),
    "gate_total_score": gettext_lazy("gate: minimum total score"),
    "level_multipliers": gettext_lazy("level multipliers"),
    "applies_to": gettext_lazy("applies to"),
    "role": gettext_lazy("role"),
    "channel": gettext_lazy("channel"),
    "valid_from": gettext_lazy("valid from"),
    "valid_to": gettext_lazy("valid to"),
    "status": gettext_lazy("status"),
    "month": gettext_lazy("month"),
    "lines": gettext_lazy("lines"),
    "total": gettext_lazy("total"),
    "salesman": gettext_lazy("salesman"),
    "value": gettext_lazy("value"),
    "reason": gettext_lazy("reason"),
    "corrects": gettext_lazy("corrects"),
    "approved_by": gettext_lazy("approved by"),
    "template": gettext_lazy("template"),
    "title": gettext_lazy("title"),
    "owner": gettext_lazy("owner"),
    "participants": gettext_lazy("participants"),
}
# Notes services leave as codes (incentives/payouts/services.py), in words.
NOTES = {"adjustment": gettext_lazy("an adjustment changed the amount")}
# Keys that are identifiers the sentence already names, never shown as a change.
HIDDEN = {"salesman_id", "kpi_id", "id", "pk"}
# Keys whose values are Rupiah when the entry is about incentives.
MONEY = {"amount", "amounts", "total", "cap", "per_unit"}
MONTH_KEYS = {"month", "corrects", "for_month", "cycle_end_month", "window_end"}

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_MISSING = object()


@dataclass(frozen=True)
class Change:
    """One changed field: its name in words, and what it was and became, as read."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryInWords:
    entry: object
    who: str
    what: str
    kind: str
    changes: list[Change]
    note: str


def model_name(object_type: str) -> str:
    """`incentives.payoutrun` → the model's verbose name in the reader's language."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def action_sentence(action: str, object_repr: str) -> str:
    """`plan.created` about `GT-2026` → `created the incentive plan GT-2026`."""
    sentence = ACTIONS.get(action)
    if sentence is None:
        words = action.replace("_", " ").replace(".", " ")
        return f"{words} {object_repr}".strip()
    return str(sentence) % {"object": object_repr}


def action_choices() -> list[tuple[str, str]]:
    """The audited actions as filter choices, in words (the object left out)."""
    return sorted(
        ((code, action_sentence(code, "…")) for code in ACTIONS), key=lambda choice: choice[1]
    )


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, key: str, *, own_only: bool = False):
    """The model field named `key`: the entry's model's, else one of its app's models (a key
    result's fields recorded on its objective)."""
    if model is None:
        return None
    others = () if own_only else tuple(model._meta.app_config.get_models())
    for candidate in (model, *others):
        try:
            field = candidate._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if getattr(field, "verbose_name", None):
            return field
    return None


def _field_label(model, key: str) -> str | None:
    """The entry's model's own name for the field, else the words of KEYS, else the name of a
    field of its app's models, else the key's words; None for a wrapper that is not named (a
    plan's `document`)."""
    if key in KEYS and KEYS[key] is None:
        return None
    own = _field(model, key, own_only=True)
    if own is not None:
        return str(own.verbose_name)
    if key in KEYS:
        return str(KEYS[key])
    field = _field(model, key)
    if field is not None:
        return str(field.verbose_name)
    return key.replace("_", " ")


def _choice_label(model, key: str, value) -> str | None:
    if not isinstance(value, str):
        return None
    field = _field(model, key)
    if field is None or not getattr(field, "choices", None):
        return None
    label = dict(field.flatchoices).get(value)
    return str(label) if label is not None else None


def _text(value) -> str:
    """A name given in both languages (`{"id": …, "en": …}`) in the reader's language."""
    if isinstance(value, dict) and {"id", "en"} & value.keys():
        language = (get_language() or "id")[:2]
        return value.get(language) or value.get("id") or value.get("en") or ""
    return str(value)


def _item_name(item, position: int, noun: str) -> str:
    """A list element by what it is called: «its label», its KPI or code, else `tier 2`."""
    if isinstance(item, dict):
        for key in ("label", "name", "title"):
            if item.get(key):
                return f"{noun} «{_text(item[key])}»"
        for key in ("kpi", "code"):
            if item.get(key):
                return f"{noun} {item[key]}"
    return f"{noun} {position + 1}"


def value_text(value, key: str = "", *, money: bool = False) -> str:
    """A recorded value as the reader reads it: numbers and Rupiah in his format, months and
    days in his date style, yes/no, lists joined, nothing as a dash."""
    if value is None or value == "" or value == [] or value is _MISSING:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        if {"id", "en"} & value.keys():
            return _text(value)
        return ", ".join(f"{k}: {value_text(v, k, money=money)}" for k, v in value.items())
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            return ", ".join(_item_name(item, i, "").strip() for i, item in enumerate(value))
        return ", ".join(value_text(item, key, money=money) for item in value)
    if isinstance(value, (int, Decimal, float)) or (
        isinstance(value, str) and _NUMBER.fullmatch(value)
    ):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return fmt.rupiah(number) if money and key in MONEY else fmt.plain(number)
    if isinstance(value, str):
        if _ISO_MOMENT.match(value):
            try:
                return fmt.moment_label(datetime.fromisoformat(value))
            except ValueError:
                return value
        if _ISO_DAY.fullmatch(value) or _ISO_MONTH.fullmatch(value):
            try:
                day = date.fromisoformat(value if len(value) == 10 else f"{value}-01")
            except ValueError:
                return value
            return fmt.month_label(day) if key in MONTH_KEYS else fmt.day_label(day)
    return str(value)


def _walk(path: tuple, before, after, out: list) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        keys = list(before) + [key for key in after if key not in before]
        for key in keys:
            if key in HIDDEN:
                continue
            _walk((*path, key), before.get(key, _MISSING), after.get(key, _MISSING), out)
        return
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            _walk((*path, (index, new if isinstance(new, dict) else old)), old, new, out)
        return
    out.append((path, before, after))


def _path_words(model, path: tuple) -> tuple[str, str]:
    """(`rule «Revenue 100%», tier 2, amount`, the last key) of a path such as
    `document.rules[2].tiers[1].amount`."""
    words: list[str] = []
    last = ""
    for step in path:
        if isinstance(step, tuple):
            index, item = step
            noun = words.pop() if words else ""
            words.append(_item_name(item, index, noun).strip())
            continue
        last = step
        label = _field_label(model, step)
        if label:
            words.append(label)
    return ", ".join(words), last


def changes(object_type: str, before: dict | None, after: dict | None) -> list[Change]:
    """The fields that changed between two recorded states, in words. A creation lists what
    was set (its plain fields, not whole documents); a deletion what was removed."""
    model = _model(object_type)
    money = object_type.startswith("incentives.")
    if before is None or after is None:
        state = after if before is None else before
        if not isinstance(state, dict):
            return []
        state = {
            key: value
            for key, value in state.items()
            if key not in HIDDEN and not isinstance(value, dict) and KEYS.get(key, "") is not None
        }
        before = {} if before is None else state
        after = {} if after is None else state
    found: list = []
    _walk((), before, after, found)
    result = []
    for path, old, new in found:
        field, key = _path_words(model, path)
        if not field:
            continue
        result.append(
            Change(
                field=field,
                before=_choice_label(model, key, old) or value_text(old, key, money=money),
                after=_choice_label(model, key, new) or value_text(new, key, money=money),
            )
        )
    return result


# Entries whose stored name is "2026-06 A2 revenue" (month, salesman code, KPI code): shown as
# "Juni 2026 · A2 · Omzet", the KPI by its name in the reader's language.
PER_KPI_VALUES = {"kpi.target", "kpi.manualactual"}


def object_words(entry) -> str:
    """What an entry is about, as a person reads it (its stored name for most entries)."""
    data = entry.after or entry.before or {}
    if entry.object_type not in PER_KPI_VALUES or not {"month", "kpi"} <= data.keys():
        return entry.object_repr
    kpi = (
        apps.get_model("kpi", "KPIDefinition")
        .objects.filter(code=data["kpi"])
        .only("name_id", "name_en")
        .first()
    )
    try:
        month = fmt.month_label(date.fromisoformat(f"{data['month']}-01"))
    except (TypeError, ValueError):
        month = str(data["month"])
    name = kpi.display_name if kpi else data["kpi"]
    return " · ".join(str(part) for part in (month, data.get("salesman") or "", name) if part)


def in_words(entry) -> EntryInWords:
    """An `AuditEntry` as a person reads it."""
    return EntryInWords(
        entry=entry,
        who=(entry.actor.get_full_name() or entry.actor.username) if entry.actor else _("system"),
        what=action_sentence(entry.action, object_words(entry)),
        kind=model_name(entry.object_type),
        changes=changes(entry.object_type, entry.before, entry.after),
        note=str(NOTES[entry.note]) if entry.note in NOTES else entry.note,
    )

"""`per_unit`: an amount for each unit above `start` (fractional units count as they are),
at most `max_amount` before the level multiplier.

    {"code": "vol", "label": "...", "type": "per_unit", "kpi": "volume", "basis": "actual",
     "start": 100, "amount": 1500, "max_amount": 600000}
"""

from __future__ import annotations

from decimal import Decimal

from incentives.engine.base import (
    ENGLISH,
    KPI_FIELDS,
    NOT_REACHED,
    PAID,
    START_FIELD,
    ZERO,
    EditorField,
    Raw,
    Rule,
    Say,
    ValueRuleType,
    fmt,
    get,
    gettext_noop,
)
from incentives.engine.registry import register


@register
class PerUnit(ValueRuleType):
    name = "per_unit"
    order = 30
    title = gettext_noop("Per unit")
    summary = gettext_noop("Per unit: an amount for each unit above a start")
    english_name = "per-unit"
    keys = ("kpi", "basis", "start", "amount", "max_amount")
    optional = frozenset({"max_amount"})
    editor = (
        *KPI_FIELDS,
        START_FIELD,
        EditorField(
            "amount",
            "decimal",
            gettext_noop("Amount per unit (Rp)"),
            min_value=0,
            max_digits=20,
            decimal_places=2,
        ),
        EditorField(
            "max_amount",
            "integer",
            gettext_noop("Max amount (Rp)"),
            required=False,
            min_value=0,
            help_text=gettext_noop("Limits the rule's amount before the level multiplier."),
        ),
    )
    multiplied = True
    prorated = True

    def validate(self, check, path: str, rule: dict) -> None:
        check.number(f"{path}.start", rule, "start")
        check.number(f"{path}.amount", rule, "amount", minimum=0)
        check.number(
            f"{path}.max_amount", rule, "max_amount", required=False, minimum=0, whole=True
        )

    def evaluate(self, rule: Rule, value: Decimal) -> Raw:
        if value <= rule.start:
            return Raw(
                NOT_REACHED,
                "0 units",
                {"units": ZERO, "start": rule.start},
                ZERO,
                text=f"not above the start {fmt(rule.start)}",
            )
        units = value - rule.start
        amount = rule.amount * units
        limited = rule.max_amount is not None and amount > rule.max_amount
        text = f"{fmt(units)} unit(s) above {fmt(rule.start)} × {fmt(rule.amount)} = {fmt(amount)}"
        if limited:
            text += f", limited to max_amount {fmt(rule.max_amount)} (before the level multiplier)"
            amount = rule.max_amount
        return Raw(
            PAID,
            f"{fmt(units)} units",
            {"units": units, "start": rule.start, "limited_to_max_amount": limited},
            amount,
            text=text,
        )

    # Every unit pays: there is no threshold to show ("what is needed for the next tier").

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        detail = get(line, "detail") or {}
        if detail.get("units") is None:
            return None
        return say.gettext("%(units)s units") % {"units": say.number(detail["units"])}

    def reached_phrase(self, detail: dict, say: Say) -> str:
        _ = say.gettext
        text = _("%(units)s unit(s) above %(start)s") % {
            "units": say.number(detail.get("units")),
            "start": say.number(detail.get("start")),
        }
        if detail.get("limited_to_max_amount"):
            text += " " + _("(limited to the maximum amount before the level multiplier)")
        return text

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        _ = say.gettext
        text = _("%(amount)s per unit above %(start)s") % {
            "amount": say.rupiah(rule["amount"]),
            "start": say.number(rule["start"]),
        }
        if rule.get("max_amount") is not None:
            text += " " + _("(at most %(max)s)") % {"max": say.rupiah(rule["max_amount"])}
        return f"{self.describe_subject(rule, say)}: {text}"

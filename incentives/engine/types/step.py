"""`step`: an amount for each full step of `every` above `start`, at most `max_steps` steps.

{"code": "noo", "label": "...", "type": "step", "kpi": "new_outlets", "basis": "actual",
 "start": 10, "every": 5, "amount": 200000, "max_steps": 4}
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
    NextThreshold,
    Raw,
    Rule,
    Say,
    ValueRuleType,
    fmt,
    full_steps,
    get,
    gettext_noop,
)
from incentives.engine.registry import register


@register
class Step(ValueRuleType):
    name = "step"
    order = 20
    title = gettext_noop("Step")
    summary = gettext_noop("Step: an amount for each full step above a start")
    english_name = "step"
    keys = ("kpi", "basis", "start", "every", "amount", "max_steps")
    optional = frozenset({"max_steps"})
    editor = (
        *KPI_FIELDS,
        START_FIELD,
        EditorField(
            "every",
            "decimal",
            gettext_noop("Every"),
            max_digits=20,
            decimal_places=4,
            min_value=0,
            positive=True,
        ),
        EditorField("amount", "integer", gettext_noop("Amount per step (Rp)"), min_value=0),
        EditorField("max_steps", "integer", gettext_noop("Max steps"), required=False, min_value=1),
    )
    multiplied = True
    prorated = True

    def validate(self, check, path: str, rule: dict) -> None:
        check.number(f"{path}.start", rule, "start")
        check.number(f"{path}.every", rule, "every", positive=True)
        check.number(f"{path}.amount", rule, "amount", minimum=0, whole=True)
        steps = check.number(f"{path}.max_steps", rule, "max_steps", required=False, minimum=1)
        if steps is not None and not isinstance(steps, int):
            check.add(f"{path}.max_steps", gettext_noop("must be a whole number"))

    def evaluate(self, rule: Rule, value: Decimal) -> Raw:
        if value <= rule.start:
            return Raw(
                NOT_REACHED,
                "0 steps",
                {"steps": 0, "start": rule.start, "every": rule.every},
                ZERO,
                text=f"not above the start {fmt(rule.start)}",
            )
        steps = full_steps(rule.start, rule.every, value)
        limited = rule.max_steps is not None and steps > rule.max_steps
        paid_steps = rule.max_steps if limited else steps
        text = (
            f"{steps} full step(s) of {fmt(rule.every)} above {fmt(rule.start)}"
            + (f", limited to max_steps {rule.max_steps}" if limited else "")
            + f": {paid_steps} × {fmt(rule.amount)}"
        )
        return Raw(
            PAID if paid_steps > 0 else NOT_REACHED,
            f"{paid_steps} step" + ("" if paid_steps == 1 else "s"),
            {
                "steps": paid_steps,
                "steps_reached": steps,
                "max_steps": rule.max_steps,
                "start": rule.start,
                "every": rule.every,
            },
            rule.amount * paid_steps,
            text=text,
        )

    def next_threshold(self, rule: Rule, value: Decimal) -> NextThreshold | None:
        # One more full step pays one more `amount`, until max_steps steps are paid: at
        # max_steps itself there is no next step.
        steps = full_steps(rule.start, rule.every, value)
        if rule.max_steps is not None and steps >= rule.max_steps:
            return None
        return NextThreshold(
            rule.start + rule.every * (steps + 1), amount=rule.amount * (steps + 1)
        )

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        detail = get(line, "detail") or {}
        if detail.get("steps") is None:
            return None
        steps = int(detail["steps"])
        return say.ngettext("%(n)s step", "%(n)s steps", steps) % {"n": steps}

    def reached_phrase(self, detail: dict, say: Say) -> str:
        _ = say.gettext
        text = _("%(steps)s full step(s) of %(every)s above %(start)s") % {
            "steps": detail.get("steps"),
            "every": say.number(detail.get("every")),
            "start": say.number(detail.get("start")),
        }
        if detail.get("max_steps") and detail.get("steps_reached", 0) > detail["max_steps"]:
            text += " " + _("(limited to %(n)s)") % {"n": detail["max_steps"]}
        return text

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        _ = say.gettext
        text = _("%(amount)s per full %(every)s above %(start)s") % {
            "amount": say.rupiah(rule["amount"]),
            "every": say.number(rule["every"]),
            "start": say.number(rule["start"]),
        }
        if rule.get("max_steps"):
            text += " " + _("(at most %(n)s steps)") % {"n": rule["max_steps"]}
        return f"{self.describe_subject(rule, say)}: {text}"

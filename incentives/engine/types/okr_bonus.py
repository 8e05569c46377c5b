"""`okr_bonus`: an amount when an objective ends with at least `min_score`, paid in the month its
cycle ends, to its participants only; not multiplied, not gated.

    {"code": "okr", "label": "...", "type": "okr_bonus", "objective": "GT-Q2-DIST",
     "min_score": 0.7, "amount": 1000000}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from incentives.engine.base import (
    ENGLISH,
    NO_DATA,
    NOT_DUE,
    NOT_PARTICIPANT,
    NOT_REACHED,
    PAID,
    ZERO,
    EditorField,
    Facts,
    Line,
    Rule,
    RuleType,
    Say,
    english_month,
    fmt,
    get,
    gettext_noop,
    no_data_text,
)
from incentives.engine.registry import register
from spm.money import round_rupiah

if TYPE_CHECKING:
    from incentives.engine.plan import Gate, PlanSpec


@register
class OkrBonus(RuleType):
    name = "okr_bonus"
    order = 50
    title = gettext_noop("OKR bonus")
    summary = gettext_noop("OKR bonus: an amount when an objective succeeds")
    english_name = "OKR bonus"
    keys = ("objective", "min_score", "amount")
    editor = (
        EditorField("objective", "text", gettext_noop("Objective code"), max_length=60),
        EditorField(
            "min_score",
            "decimal",
            gettext_noop("Minimum score (0.0–1.0)"),
            min_value=0,
            max_value=1,
            max_digits=4,
            decimal_places=2,
        ),
        EditorField("amount", "integer", gettext_noop("Amount (Rp)"), min_value=0),
    )

    def validate(self, check, path: str, rule: dict) -> None:
        check.text(f"{path}.objective", rule, "objective", max_length=60)
        score = check.number(f"{path}.min_score", rule, "min_score", minimum=0)
        if score is not None and not isinstance(score, bool) and score > 1:
            check.add(f"{path}.min_score", gettext_noop("an OKR score is between 0.0 and 1.0"))
        check.number(f"{path}.amount", rule, "amount", minimum=0, whole=True)

    def line(self, rule: Rule, plan: PlanSpec, facts: Facts, gate: Gate | None) -> Line:
        outcome = facts.okr.get(rule.objective)
        score = outcome.score if outcome else None
        base = {
            "rule": rule.code,
            "label": rule.label,
            "type": rule.type,
            "basis": None,
            "kpi": None,
            "value": score,
            "multiplier": None,
            "reward": "",
        }
        detail = {
            "objective": rule.objective,
            "min_score": rule.min_score,
            "cycle_end_month": outcome.cycle_end_month if outcome else None,
        }
        if outcome is None:
            status, reached, amount = NO_DATA, "", ZERO
            text = f"objective {rule.objective} has no outcome, pays nothing"
        elif outcome.cycle_end_month.replace(day=1) != facts.month.replace(day=1):
            status, reached, amount = NOT_DUE, "", ZERO
            text = (
                f"objective {rule.objective} pays in {english_month(outcome.cycle_end_month)} "
                "when its cycle ends, not this month"
            )
        elif not outcome.participant:
            status, reached, amount = NOT_PARTICIPANT, "", ZERO
            text = f"not a participant of objective {rule.objective}, pays nothing"
        elif score is None:
            status, reached, amount = NO_DATA, "", ZERO
            text = f"objective {rule.objective} has no score, pays nothing"
        elif score < rule.min_score:
            status, reached, amount = NOT_REACHED, "", ZERO
            text = (
                f"objective {rule.objective} scored {fmt(score)}, below {fmt(rule.min_score)}, "
                "pays nothing"
            )
        else:
            status, reached, amount = PAID, f"score {fmt(score)}", round_rupiah(rule.amount)
            text = (
                f"objective {rule.objective} ended with score {fmt(score)} ≥ "
                f"{fmt(rule.min_score)} this month: {fmt(amount)} (no level multiplier, not gated)"
            )
        return Line(
            **base,
            status=status,
            reached=reached,
            detail=detail,
            amount=amount,
            explanation=f"{rule.english_label}: {text}.",
        )

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        if get(line, "value") is None:
            return None
        return say.gettext("score %(score)s") % {"score": say.number(get(line, "value"))}

    def explain(self, line, say: Say = ENGLISH) -> str:
        _ = say.gettext
        status, detail = get(line, "status"), get(line, "detail") or {}
        if status == NO_DATA:
            return no_data_text(line, say)
        params = {
            "label": get(line, "label"),
            "objective": detail.get("objective"),
            "score": say.number(get(line, "value")),
            "min": say.number(detail.get("min_score")),
        }
        if status == NOT_DUE:
            params["month"] = say.month(detail.get("cycle_end_month"))
            return _("%(label)s: pays in %(month)s, when the objective's cycle ends.") % params
        if status == NOT_PARTICIPANT:
            return _("%(label)s: not a participant of objective %(objective)s.") % params
        if status == NOT_REACHED:
            return _("%(label)s: score %(score)s is below %(min)s, pays nothing.") % params
        paid = _(
            "%(label)s: objective %(objective)s ended with score %(score)s ≥ %(min)s: %(amount)s."
        )
        return paid % {**params, "amount": say.rupiah(get(line, "amount"))}

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        return say.gettext("objective %(objective)s, score ≥ %(score)s: %(amount)s") % {
            "objective": rule["objective"],
            "score": say.number(rule["min_score"]),
            "amount": say.rupiah(rule["amount"]),
        }

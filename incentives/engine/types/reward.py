"""`reward`: a non-cash reward (a trip, a phone) by the highest tier reached; no amount, not
multiplied, gated.

    {"code": "trip", "label": "...", "type": "reward", "kpi": "revenue", "basis": "actual",
     "tiers": [{"from": 500000000, "reward": "Bali trip"}]}
"""

from __future__ import annotations

from incentives.engine.base import (
    ENGLISH,
    PAID,
    ZERO,
    EditorField,
    NextThreshold,
    Raw,
    Say,
    fmt,
    get,
    gettext_noop,
)
from incentives.engine.registry import register
from incentives.engine.types.tiers import TierRuleType


@register
class Reward(TierRuleType):
    name = "reward"
    order = 70
    title = gettext_noop("Reward")
    summary = gettext_noop("Reward: a non-cash reward by tier")
    english_name = "reward"
    tier_keys = ("from", "reward")
    tier_value = EditorField("reward", "text", gettext_noop("Reward"), max_length=200)
    tiers_help = gettext_noop(
        "The reward of the highest tier whose 'from' the value reaches appears on the statement."
    )
    cash = False

    def check_tier(self, check, where: str, tier: dict) -> None:
        check.text(f"{where}.reward", tier, "reward")

    def reached_tier(self, tier) -> Raw:
        return Raw(
            PAID,
            f"from {fmt(tier.from_)}",
            {"tier_from": tier.from_},
            ZERO,
            reward=tier.reward or "",
            text=f"reached the tier from {fmt(tier.from_)}: {tier.reward}",
        )

    def threshold_of(self, tier) -> NextThreshold:
        return NextThreshold(tier.from_, amount=None, reward=tier.reward or "")

    def explain_paid(self, line, say: Say, *, label: str, subject: str) -> str:
        return say.gettext("%(label)s: %(subject)s; %(reached)s: %(reward)s.") % {
            "label": label,
            "subject": subject,
            "reached": self.reached_phrase(get(line, "detail") or {}, say),
            "reward": get(line, "reward"),
        }

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        parts = [f"≥ {say.number(t['from'])}: {t['reward']}" for t in rule["tiers"]]
        return f"{self.describe_subject(rule, say)}: " + "; ".join(parts)

"""`tiers`: the amount of the highest tier the value reached.

{"code": "rev-full", "label": "...", "type": "tiers", "kpi": "revenue",
 "basis": "attainment", "tiers": [{"from": 90, "amount": 500000}, ...]}
"""

from __future__ import annotations

from decimal import Decimal

from incentives.engine.base import (
    ENGLISH,
    KPI_FIELDS,
    NOT_REACHED,
    PAID,
    ZERO,
    EditorField,
    NextThreshold,
    Raw,
    Rule,
    Say,
    ValueRuleType,
    fmt,
    get,
    gettext_noop,
    highest_tier,
)
from incentives.engine.registry import register


class TierRuleType(ValueRuleType):
    """What `tiers` and `reward` share: the highest tier reached."""

    keys = ("kpi", "basis", "tiers")
    editor = KPI_FIELDS

    def validate(self, check, path: str, rule: dict) -> None:
        check.tiers(f"{path}.tiers", rule, self)

    def evaluate(self, rule: Rule, value: Decimal) -> Raw:
        tier = highest_tier(rule.tiers, value)
        first = min(t.from_ for t in rule.tiers)
        if tier is None:
            return Raw(
                NOT_REACHED,
                "",
                {"first_from": first},
                ZERO,
                text=f"below the first tier (from {fmt(first)})",
            )
        return self.reached_tier(tier)

    def reached_tier(self, tier) -> Raw:
        raise NotImplementedError

    def next_threshold(self, rule: Rule, value: Decimal) -> NextThreshold | None:
        higher = sorted((t for t in rule.tiers if t.from_ > value), key=lambda t: t.from_)
        if not higher:
            return None
        return self.threshold_of(higher[0])

    def threshold_of(self, tier) -> NextThreshold:
        raise NotImplementedError

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        detail = get(line, "detail") or {}
        if detail.get("tier_from") is None:
            return None
        return say.gettext("from %(value)s") % {"value": say.number(detail["tier_from"])}

    def reached_phrase(self, detail: dict, say: Say) -> str:
        return say.gettext("tier from %(from)s reached") % {
            "from": say.number(detail.get("tier_from"))
        }


@register
class Tiers(TierRuleType):
    name = "tiers"
    order = 10
    title = gettext_noop("Tiers")
    summary = gettext_noop("Tiers: the amount of the highest tier reached")
    english_name = "tiers"
    tier_keys = ("from", "amount")
    tier_value = EditorField("amount", "integer", gettext_noop("Amount (Rp)"), min_value=0)
    tiers_help = gettext_noop(
        "Pays the amount of the highest tier whose 'from' the value reaches; nothing below the "
        "first tier."
    )
    multiplied = True
    prorated = True

    def check_tier(self, check, where: str, tier: dict) -> None:
        check.number(f"{where}.amount", tier, "amount", minimum=0, whole=True)

    def reached_tier(self, tier) -> Raw:
        return Raw(
            PAID,
            f"from {fmt(tier.from_)}",
            {"tier_from": tier.from_},
            tier.amount,
            text=f"reached the tier from {fmt(tier.from_)}: {fmt(tier.amount)}",
        )

    def threshold_of(self, tier) -> NextThreshold:
        return NextThreshold(tier.from_, amount=tier.amount)

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        parts = [f"≥ {say.number(t['from'])}: {say.rupiah(t['amount'])}" for t in rule["tiers"]]
        return f"{self.describe_subject(rule, say)}: " + "; ".join(parts)

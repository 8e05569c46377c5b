"""`rate`: a commission in percent of the value, `retroactive` (the rate of the highest band
reached on the whole value) or `marginal` (each band at its own rate).

    {"code": "comm", "label": "...", "type": "rate", "kpi": "revenue", "basis": "actual",
     "mode": "marginal", "tiers": [{"from": 0, "rate": 0.5}, {"from": 500000000, "rate": 1.0}]}
"""

from __future__ import annotations

from decimal import Decimal

from incentives.engine.base import (
    ENGLISH,
    HUNDRED,
    KPI_FIELDS,
    NOT_REACHED,
    PAID,
    ZERO,
    EditorField,
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

MODES = {
    "retroactive": gettext_noop("retroactive"),
    "marginal": gettext_noop("marginal"),
}


@register
class Rate(ValueRuleType):
    name = "rate"
    order = 40
    title = gettext_noop("Rate")
    summary = gettext_noop("Rate: a commission in percent of the value")
    english_name = "rate"
    keys = ("kpi", "basis", "mode", "tiers")
    tier_keys = ("from", "rate")
    bases = ("actual",)
    editor = (
        *KPI_FIELDS,
        EditorField(
            "mode",
            "choice",
            gettext_noop("Mode"),
            choices=(
                (
                    "retroactive",
                    gettext_noop("retroactive: the rate reached applies to the whole value"),
                ),
                ("marginal", gettext_noop("marginal: each band at its own rate")),
            ),
        ),
    )
    tier_value = EditorField(
        "rate", "decimal", gettext_noop("Rate (%)"), min_value=0, max_digits=9, decimal_places=4
    )
    tiers_help = gettext_noop(
        "Each band starts at its 'from'. Retroactive: the rate of the highest band reached "
        "applies to the whole value. Marginal: each part of the value is paid at its band's rate."
    )
    multiplied = True

    def validate(self, check, path: str, rule: dict) -> None:
        check.choice(f"{path}.mode", rule, "mode", tuple(MODES))
        check.tiers(f"{path}.tiers", rule, self)

    def check_tier(self, check, where: str, tier: dict) -> None:
        check.number(f"{where}.rate", tier, "rate", minimum=0)

    def evaluate(self, rule: Rule, value: Decimal) -> Raw:
        tiers = sorted(rule.tiers, key=lambda t: t.from_)
        if value < tiers[0].from_:
            return Raw(
                NOT_REACHED,
                "",
                {"first_from": tiers[0].from_},
                ZERO,
                text=f"below the first band (from {fmt(tiers[0].from_)})",
            )
        if rule.mode == "retroactive":
            tier = highest_tier(rule.tiers, value)
            amount = value * tier.rate / HUNDRED
            return Raw(
                PAID if amount else NOT_REACHED,
                f"{fmt(tier.rate)}% (from {fmt(tier.from_)})",
                {"mode": "retroactive", "rate": tier.rate, "tier_from": tier.from_},
                amount,
                text=f"retroactive: {fmt(tier.rate)}% of the whole {fmt(value)} = {fmt(amount)}",
            )
        bands = []
        amount = ZERO
        for index, tier in enumerate(tiers):
            upper = tiers[index + 1].from_ if index + 1 < len(tiers) else None
            if value <= tier.from_:
                break
            top = value if upper is None else min(value, upper)
            base = top - tier.from_
            band_amount = base * tier.rate / HUNDRED
            amount += band_amount
            bands.append(
                {
                    "from": tier.from_,
                    "to": upper,
                    "rate": tier.rate,
                    "base": base,
                    "amount": band_amount,
                }
            )
        parts = " + ".join(f"{fmt(b['base'])} × {fmt(b['rate'])}%" for b in bands)
        return Raw(
            PAID if amount else NOT_REACHED,  # a value at the first band's start earns nothing
            ", ".join(f"{fmt(b['rate'])}% on {fmt(b['base'])}" for b in bands),
            {"mode": "marginal", "bands": bands},
            amount,
            text=f"marginal: {parts or '0'} = {fmt(amount)}",
        )

    # A commission grows with every Rupiah: there is no threshold to show.

    def reached_text(self, line, say: Say = ENGLISH) -> str | None:
        _ = say.gettext
        detail = get(line, "detail") or {}
        if detail.get("mode") == "retroactive":
            return _("%(rate)s%% (from %(value)s)") % {
                "rate": say.number(detail["rate"]),
                "value": say.number(detail["tier_from"]),
            }
        if detail.get("mode") == "marginal":
            return ", ".join(
                _("%(rate)s%% on %(base)s")
                % {"rate": say.number(b["rate"]), "base": say.number(b["base"])}
                for b in detail.get("bands") or []
            )
        return None

    def reached_phrase(self, detail: dict, say: Say) -> str:
        _ = say.gettext
        if detail.get("mode") == "retroactive":
            return _("retroactive: %(rate)s%% of the whole value") % {
                "rate": say.number(detail.get("rate"))
            }
        bands = "; ".join(
            _("%(rate)s%% of %(base)s")
            % {"rate": say.number(b["rate"]), "base": say.number(b["base"])}
            for b in detail.get("bands", [])
        )
        return _("marginal: %(bands)s") % {"bands": bands}

    def describe(self, rule: dict, say: Say = ENGLISH) -> str:
        mode = say.gettext(MODES[rule["mode"]])
        bands = "; ".join(
            f"≥ {say.number(t['from'])}: {say.number(t['rate'])}%" for t in rule["tiers"]
        )
        return f"{self.describe_subject(rule, say)}, {mode}: {bands}"

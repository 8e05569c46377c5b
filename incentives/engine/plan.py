"""A plan and a person's month under it: `parse_plan(document)` → `PlanSpec`,
`evaluate(plan, facts)` → `Statement`. What each rule does is its rule type's
(`incentives/engine/types/`); this module does what the plan does around the rules.

Order and rounding (docs/contracts.md "Incentive plan JSON"): each line's amount is computed,
multiplied by the level multiplier (rule types flagged `multiplied`), then by the factors of
the plan's `multipliers` (the entry ticket, `features.py`), then rounded to whole Rupiah half up;
the lines are summed; the cap applies last as a negative line "cap". A rule's `requires` and
`window` (a booster) are `features.py`'s too.

Decisions where the contract is silent, each stated on the line that it concerns:
- a `per_unit` rule's `max_amount` limits the amount before the level multiplier;
- a gated rule still shows its value and what it would have reached, with amount 0;
- the cap applies to all cash lines of the plan (OKR bonus and ranking included);
- `per_unit` counts fractional units as they are (`amount × (value − start)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from incentives.engine.base import (
    CAPPED,
    LANGUAGES,
    ONE,
    ZERO,
    Facts,
    Line,
    Multiplier,
    Rule,
    Tier,
    english_list,
    fmt,
    jsonable,
    text_in,
    to_decimal,
)
from incentives.engine.features import (
    MultiplierHint,
    factor_phrase,
    factors_reached,
    next_band,
    parse_multipliers,
    parse_requires,
    parse_window,
    with_value,
)
from incentives.engine.registry import RULE_TYPES, names, rule_type


def _english_names(**flags: bool) -> str:
    return english_list([RULE_TYPES[name].english_name for name in names(**flags)])


@dataclass(frozen=True)
class PlanSpec:
    code: str
    name: str
    role: str
    channel: str
    valid_from: date
    valid_to: date | None
    gate_total_score: Decimal | None
    cap: Decimal | None
    level_multipliers: Mapping[str, Decimal]
    rules: tuple[Rule, ...]
    names: Mapping[str, str] = field(default_factory=dict)  # a name given in both languages
    multipliers: tuple[Multiplier, ...] = ()  # plan-level multipliers, the entry ticket
    proration: str = "none"  # or "working_days": prorated lines × days worked / working days
    # "deduct": a restatement that lowers a locked month's pay is taken back in the next run;
    # "none": it shows 0 (incentives/corrections/restatement.py)
    clawback: str = "deduct"

    def multiplier_for(self, level: int) -> tuple[Decimal, bool]:
        """The level's multiplier and whether the plan lists the level (unlisted → 1)."""
        key = str(level)
        if key in self.level_multipliers:
            return self.level_multipliers[key], True
        return ONE, False

    def ranking_rules(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.type == "ranking")

    def okr_objectives(self) -> tuple[str, ...]:
        return tuple(rule.objective for rule in self.rules if rule.type == "okr_bonus")


def parse_plan(document: Mapping) -> PlanSpec:
    """A `PlanSpec` from a plan document that `plans.documents.validate_plan` accepted."""
    rules = []
    for item in document.get("rules") or []:
        tiers = tuple(
            Tier(
                from_=to_decimal(tier["from"]),
                amount=to_decimal(tier.get("amount")),
                rate=to_decimal(tier.get("rate")),
                reward=tier.get("reward"),
            )
            for tier in item.get("tiers") or []
        )
        max_steps = item.get("max_steps")
        label = item.get("label") or item["code"]
        labels = dict(label) if isinstance(label, Mapping) else {}
        rules.append(
            Rule(
                code=item["code"],
                label=text_in(label, LANGUAGES[0]),
                labels=labels,
                type=item["type"],
                kpi=item.get("kpi"),
                basis=item.get("basis"),
                tiers=tiers,
                start=to_decimal(item.get("start")),
                every=to_decimal(item.get("every")),
                amount=to_decimal(item.get("amount")),
                max_steps=int(max_steps) if max_steps is not None else None,
                max_amount=to_decimal(item.get("max_amount")),
                mode=item.get("mode"),
                objective=item.get("objective"),
                min_score=to_decimal(item.get("min_score")),
                metric=item.get("metric"),
                window=item["window"] if isinstance(item.get("window"), str) else None,
                scope=item.get("scope"),
                amounts=tuple(to_decimal(a) for a in item.get("amounts") or []),
                requires=parse_requires(item.get("requires")),
                booster=parse_window(item.get("window")),
            )
        )
    applies_to = document.get("applies_to") or {}
    valid_to = document.get("valid_to")
    name = document.get("name", "")
    return PlanSpec(
        code=document["code"],
        name=text_in(name, LANGUAGES[0]),
        names=dict(name) if isinstance(name, Mapping) else {},
        role=applies_to.get("role", ""),
        channel=applies_to.get("channel", ""),
        valid_from=date.fromisoformat(document["valid_from"]),
        valid_to=date.fromisoformat(valid_to) if valid_to else None,
        gate_total_score=to_decimal(document.get("gate_total_score")),
        cap=to_decimal(document.get("cap")),
        level_multipliers={
            str(k): to_decimal(v) for k, v in (document.get("level_multipliers") or {}).items()
        },
        rules=tuple(rules),
        multipliers=parse_multipliers(document.get("multipliers")),
        proration=document.get("proration") or "none",
        clawback=document.get("clawback") or "deduct",
    )


@dataclass(frozen=True)
class Gate:
    required: Decimal
    total_score: Decimal | None
    reached: bool

    @property
    def explanation(self) -> str:
        if self.reached:
            return (
                f"Gate reached: total score {fmt(self.total_score)} ≥ {fmt(self.required)}; "
                "every rule may pay."
            )
        shown = "no data" if self.total_score is None else fmt(self.total_score)
        return (
            f"Gate not reached: total score {shown} is below {fmt(self.required)}; "
            f"{_english_names(gated=True)} rules pay nothing, "
            f"{_english_names(gated=False)} rules still pay."
        )


@dataclass(frozen=True)
class Statement:
    plan: str
    month: date
    lines: tuple[Line, ...]
    gate: Gate | None
    total: Decimal
    rewards: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = jsonable(asdict(self))
        if self.gate is not None:
            data["gate"]["explanation"] = self.gate.explanation
        return data


def _cap_line(cap: Decimal, total: Decimal) -> Line:
    reduction = cap - total
    return Line(
        rule="cap",
        label="Plan cap",
        type="cap",
        basis=None,
        kpi=None,
        value=total,
        status=CAPPED,
        reached=f"cap {fmt(cap)}",
        detail={"cap": cap, "total_before_cap": total},
        multiplier=None,
        amount=reduction,
        explanation=(
            f"Plan cap: the cash lines total {fmt(total)}, above the plan's cap "
            f"{fmt(cap)}; {fmt(reduction)} brings the total down to the cap."
        ),
    )


def _line(rule: Rule, plan: PlanSpec, facts: Facts, gate: Gate | None) -> Line:
    line = rule_type(rule.type).line(rule, plan, facts, gate)
    if rule.labels:
        # Both languages travel with the stored line, so a page can show the reader's. Every
        # rule type builds a new detail for each line, so it is added to in place: a
        # `dataclasses.replace` of each of the close's 76,000 lines at 20,000 salesmen cost
        # ≈ 0.3 s.
        line.detail["labels"] = dict(rule.labels)
    return line


def evaluate(plan: PlanSpec, facts: Facts) -> Statement:
    """The person's statement for the month under `plan`."""
    gate = None
    notes = []
    if plan.gate_total_score is not None:
        reached = facts.total_score is not None and facts.total_score >= plan.gate_total_score
        gate = Gate(plan.gate_total_score, facts.total_score, reached)
        notes.append(gate.explanation)
    lines = [_line(rule, plan, facts, gate) for rule in plan.rules]
    total = sum((line.amount for line in lines if line.amount is not None), ZERO)
    if plan.cap is not None and total > plan.cap:
        lines.append(_cap_line(plan.cap, total))
        total = plan.cap
    rewards = tuple(line.reward for line in lines if line.reward)
    multiplier, listed = plan.multiplier_for(facts.level)
    if plan.level_multipliers:
        if listed:
            notes.append(
                f"Level {facts.level}: {_english_names(multiplied=True)} lines are multiplied "
                f"by {fmt(multiplier)}; {_english_names(multiplied=False, cash=True)} lines "
                "are not."
            )
        else:
            notes.append(f"Level {facts.level} is not listed in the plan: multiplier 1.")
    for item in factors_reached(plan.multipliers, facts):
        notes.append(
            f"{item.multiplier.label}: {factor_phrase(item.as_detail())} on every "
            f"{_english_names(multiplied=True)} line."
        )
    return Statement(
        plan=plan.code,
        month=facts.month,
        lines=tuple(lines),
        gate=gate,
        total=total,
        rewards=rewards,
        notes=tuple(notes),
    )


def multiplier_hints(plan: PlanSpec, facts: Facts) -> list[MultiplierHint]:
    """For each plan multiplier below its top band: the value of the next band and what the
    whole statement would then total (the salesman's other values unchanged), so a salesman
    below the entry ticket sees what coverage lifts his whole payout."""
    hints = []
    current = None
    for item in factors_reached(plan.multipliers, facts):
        upcoming = next_band(item.multiplier, item.value)
        if upcoming is None:
            continue
        if current is None:
            current = evaluate(plan, facts).total
        lifted = with_value(facts, item.multiplier.kpi, item.multiplier.basis, upcoming.from_)
        hints.append(
            MultiplierHint(
                code=item.multiplier.code,
                label=item.multiplier.label,
                labels=item.multiplier.labels,
                kpi=item.multiplier.kpi,
                basis=item.multiplier.basis,
                value=item.value,
                goal=upcoming.from_,
                factor=upcoming.factor,
                total=evaluate(plan, lifted).total,
                current_total=current,
            )
        )
    return hints

"""Incentive plan evaluation: pure Python, `Decimal` only, no Django.

`parse_plan(document)` turns a validated plan JSON document (DESIGN.md "Incentive plan JSON";
validation lives in `plans.documents`) into a `PlanSpec`. `evaluate(plan, facts)` turns one
person's month (`Facts`) into a `Statement`: one `Line` per rule, each explaining itself, then the
plan cap. Services load the facts (scorecard rows, metric values, OKR outcomes, ranking positions)
and store or show the result.

Order and rounding (DESIGN.md): each line's amount is computed, multiplied by the level multiplier
(tiers, step, per_unit and rate lines only), then rounded to whole Rupiah half up; the lines are
summed; the cap applies last as a negative line "cap".

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
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

CASH_TYPES = ("tiers", "step", "per_unit", "rate", "okr_bonus", "ranking")
GATED_TYPES = ("tiers", "step", "per_unit", "rate", "reward")
MULTIPLIED_TYPES = ("tiers", "step", "per_unit", "rate")
RULE_TYPES = ("tiers", "step", "per_unit", "rate", "okr_bonus", "ranking", "reward")
BASES = ("attainment", "actual", "total_score")
RATE_MODES = ("retroactive", "marginal")
WINDOWS = ("month", "quarter", "semester", "year")
SCOPES = ("team", "channel", "all")

# Line statuses: what happened on a line, so a UI can explain it in its own language.
PAID = "paid"  # the rule paid (or, for a reward, granted) something
NOT_REACHED = "not_reached"  # the value did not reach the first tier / start / min_score
NO_DATA = "no_data"  # the value has no data
GATE = "gate"  # the plan's gate was not reached
NOT_DUE = "not_due"  # okr_bonus / ranking pay in another month
NOT_PARTICIPANT = "not_participant"  # okr_bonus: the person is not among the participants
CAPPED = "cap"  # the plan cap line


def _d(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # Only ever reached from hand-written callers; keep the decimal text, not the binary.
        return Decimal(repr(value))
    return Decimal(value)


def round_rupiah(amount: Decimal) -> Decimal:
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    """A plain, locale-free rendering of a number for the English explanation."""
    if value is None:
        return "–"
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:,f}"


# ---------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class Tier:
    from_: Decimal
    amount: Decimal | None = None
    rate: Decimal | None = None
    reward: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    type: str
    kpi: str | None = None
    basis: str | None = None
    tiers: tuple[Tier, ...] = ()
    start: Decimal | None = None
    every: Decimal | None = None
    amount: Decimal | None = None
    max_steps: int | None = None
    max_amount: Decimal | None = None
    mode: str | None = None
    objective: str | None = None
    min_score: Decimal | None = None
    metric: str | None = None
    window: str | None = None
    scope: str | None = None
    amounts: tuple[Decimal, ...] = ()


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
                from_=_d(tier["from"]),
                amount=_d(tier.get("amount")),
                rate=_d(tier.get("rate")),
                reward=tier.get("reward"),
            )
            for tier in item.get("tiers") or []
        )
        max_steps = item.get("max_steps")
        rules.append(
            Rule(
                code=item["code"],
                label=item.get("label") or item["code"],
                type=item["type"],
                kpi=item.get("kpi"),
                basis=item.get("basis"),
                tiers=tiers,
                start=_d(item.get("start")),
                every=_d(item.get("every")),
                amount=_d(item.get("amount")),
                max_steps=int(max_steps) if max_steps is not None else None,
                max_amount=_d(item.get("max_amount")),
                mode=item.get("mode"),
                objective=item.get("objective"),
                min_score=_d(item.get("min_score")),
                metric=item.get("metric"),
                window=item.get("window"),
                scope=item.get("scope"),
                amounts=tuple(_d(a) for a in item.get("amounts") or []),
            )
        )
    applies_to = document.get("applies_to") or {}
    valid_to = document.get("valid_to")
    return PlanSpec(
        code=document["code"],
        name=document.get("name", ""),
        role=applies_to.get("role", ""),
        channel=applies_to.get("channel", ""),
        valid_from=date.fromisoformat(document["valid_from"]),
        valid_to=date.fromisoformat(valid_to) if valid_to else None,
        gate_total_score=_d(document.get("gate_total_score")),
        cap=_d(document.get("cap")),
        level_multipliers={
            str(k): _d(v) for k, v in (document.get("level_multipliers") or {}).items()
        },
        rules=tuple(rules),
    )


# ---------------------------------------------------------------------------------------------
# A person's month


@dataclass(frozen=True)
class KpiFact:
    """One scorecard row: the KPI's actual and its exact attainment (skor before cap and floor).

    `actual` None means the KPI has no data this month.
    """

    actual: Decimal | None
    attainment: Decimal | None = None

    @property
    def has_data(self) -> bool:
        return self.actual is not None


@dataclass(frozen=True)
class OkrOutcome:
    score: Decimal | None
    cycle_end_month: date
    participant: bool


@dataclass(frozen=True)
class RankingFact:
    """The person's place in a ranking rule's field (the service ranks with `rank`)."""

    position: int | None
    value: Decimal | None = None
    field_size: int = 0


@dataclass(frozen=True)
class Facts:
    month: date
    level: int = 1
    kpis: Mapping[str, KpiFact] = field(default_factory=dict)
    metrics: Mapping[str, Decimal | None] = field(default_factory=dict)
    total_score: Decimal | None = None
    okr: Mapping[str, OkrOutcome] = field(default_factory=dict)
    rankings: Mapping[str, RankingFact] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# The statement


@dataclass(frozen=True)
class Line:
    """One statement line. `explanation` is English; `status`, `reached` and `detail` carry the
    same facts in structured form so a UI can say it in another language."""

    rule: str
    label: str
    type: str
    basis: str | None
    kpi: str | None
    value: Decimal | None
    status: str
    reached: str  # short, e.g. "from 30", "1 step", "15 units", "rank 1"
    detail: dict
    multiplier: Decimal | None
    amount: Decimal | None  # None on reward lines
    reward: str = ""
    explanation: str = ""

    def as_dict(self) -> dict:
        """JSON-friendly: Decimals as strings (exact)."""
        return _jsonable(asdict(self))


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
            f"Gate not reached: total score {shown} is below {fmt(self.required)}; tiers, step, "
            "per-unit, rate and reward rules pay nothing, OKR bonus and ranking rules still pay."
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
        data = _jsonable(asdict(self))
        if self.gate is not None:
            data["gate"]["explanation"] = self.gate.explanation
        return data


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Pure helpers


def rank(values: Mapping) -> dict:
    """Positions by value, highest first; ties share the rank and the next rank is skipped
    (100, 100, 90 → 1, 1, 3). Keys whose value is None are not ranked."""
    ordered = sorted(
        ((key, value) for key, value in values.items() if value is not None),
        key=lambda item: item[1],
        reverse=True,
    )
    positions = {}
    previous = None
    for index, (key, value) in enumerate(ordered):
        if previous is None or value != previous[1]:
            previous = (index + 1, value)
        positions[key] = previous[0]
    return positions


def window_bounds(window: str, month: date) -> tuple[date, date]:
    """First and last month (first days) of the `window` that contains `month`."""
    if window == "month":
        return month, month
    size = {"quarter": 3, "semester": 6, "year": 12}[window]
    first = (month.month - 1) // size * size + 1
    return date(month.year, first, 1), date(month.year, first + size - 1, 1)


def is_window_end(window: str, month: date) -> bool:
    return window_bounds(window, month)[1] == month.replace(day=1)


def _highest_tier(tiers: tuple[Tier, ...], value: Decimal) -> Tier | None:
    reached = None
    for tier in sorted(tiers, key=lambda t: t.from_):
        if tier.from_ <= value:
            reached = tier
    return reached


# ---------------------------------------------------------------------------------------------
# Evaluation


def _value_of(rule: Rule, facts: Facts) -> tuple[Decimal | None, str]:
    """The rule's value and, when it has none, why."""
    if rule.basis == "total_score":
        if facts.total_score is None:
            return None, "no scorecard total this month"
        return facts.total_score, ""
    kpi = facts.kpis.get(rule.kpi)
    if rule.basis == "attainment":
        if kpi is None:
            return None, f"KPI {rule.kpi} is not on the scorecard this month"
        if not kpi.has_data or kpi.attainment is None:
            return None, f"KPI {rule.kpi} has no data this month"
        return kpi.attainment, ""
    # basis actual: the scorecard's actual, else a metric of the catalogue
    if kpi is not None:
        if not kpi.has_data:
            return None, f"KPI {rule.kpi} has no data this month"
        return kpi.actual, ""
    if rule.kpi in facts.metrics:
        metric = facts.metrics[rule.kpi]
        if metric is None:
            return None, f"metric {rule.kpi} has no data this month"
        return metric, ""
    return None, f"{rule.kpi} has no value this month"


def _basis_text(rule: Rule, value: Decimal | None) -> str:
    if rule.basis == "total_score":
        return f"total score {fmt(value)}"
    if rule.basis == "attainment":
        return f"{rule.kpi} attainment {fmt(value)}%"
    return f"{rule.kpi} actual {fmt(value)}"


@dataclass
class _Raw:
    """What a rule reached before gate, multiplier and rounding."""

    status: str
    reached: str
    detail: dict
    amount: Decimal  # unrounded, unmultiplied
    reward: str = ""
    text: str = ""


def _tiers(rule: Rule, value: Decimal) -> _Raw:
    tier = _highest_tier(rule.tiers, value)
    first = min(t.from_ for t in rule.tiers)
    if tier is None:
        return _Raw(
            NOT_REACHED,
            "",
            {"first_from": first},
            ZERO,
            text=f"below the first tier (from {fmt(first)})",
        )
    if rule.type == "reward":
        return _Raw(
            PAID,
            f"from {fmt(tier.from_)}",
            {"tier_from": tier.from_},
            ZERO,
            reward=tier.reward or "",
            text=f"reached the tier from {fmt(tier.from_)}: {tier.reward}",
        )
    return _Raw(
        PAID,
        f"from {fmt(tier.from_)}",
        {"tier_from": tier.from_},
        tier.amount,
        text=f"reached the tier from {fmt(tier.from_)}: {fmt(tier.amount)}",
    )


def _step(rule: Rule, value: Decimal) -> _Raw:
    if value <= rule.start:
        return _Raw(
            NOT_REACHED,
            "0 steps",
            {"steps": 0, "start": rule.start, "every": rule.every},
            ZERO,
            text=f"not above the start {fmt(rule.start)}",
        )
    steps = int(((value - rule.start) / rule.every).to_integral_value(rounding=ROUND_FLOOR))
    limited = rule.max_steps is not None and steps > rule.max_steps
    paid_steps = rule.max_steps if limited else steps
    text = (
        f"{steps} full step(s) of {fmt(rule.every)} above {fmt(rule.start)}"
        + (f", limited to max_steps {rule.max_steps}" if limited else "")
        + f": {paid_steps} × {fmt(rule.amount)}"
    )
    return _Raw(
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


def _per_unit(rule: Rule, value: Decimal) -> _Raw:
    if value <= rule.start:
        return _Raw(
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
    return _Raw(
        PAID,
        f"{fmt(units)} units",
        {"units": units, "start": rule.start, "limited_to_max_amount": limited},
        amount,
        text=text,
    )


def _rate(rule: Rule, value: Decimal) -> _Raw:
    tiers = sorted(rule.tiers, key=lambda t: t.from_)
    if value < tiers[0].from_:
        return _Raw(
            NOT_REACHED,
            "",
            {"first_from": tiers[0].from_},
            ZERO,
            text=f"below the first band (from {fmt(tiers[0].from_)})",
        )
    if rule.mode == "retroactive":
        tier = _highest_tier(rule.tiers, value)
        amount = value * tier.rate / HUNDRED
        return _Raw(
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
    return _Raw(
        PAID if amount else NOT_REACHED,  # a value at the first band's start earns nothing
        ", ".join(f"{fmt(b['rate'])}% on {fmt(b['base'])}" for b in bands),
        {"mode": "marginal", "bands": bands},
        amount,
        text=f"marginal: {parts or '0'} = {fmt(amount)}",
    )


def _no_amount(rule: Rule) -> Decimal | None:
    return None if rule.type == "reward" else ZERO


def _kpi_line(rule: Rule, plan: PlanSpec, facts: Facts, gate: Gate | None) -> Line:
    value, missing = _value_of(rule, facts)
    multiplier, listed = (
        plan.multiplier_for(facts.level) if rule.type in MULTIPLIED_TYPES else (None, False)
    )
    base = {
        "rule": rule.code,
        "label": rule.label,
        "type": rule.type,
        "basis": rule.basis,
        "kpi": rule.kpi,
        "value": value,
        "multiplier": multiplier,
    }
    if value is None:
        return Line(
            **base,
            status=NO_DATA,
            reached="",
            detail={"reason": missing},
            amount=_no_amount(rule),
            explanation=f"{rule.label}: no data ({missing}), pays nothing.",
        )
    raw = {
        "tiers": _tiers,
        "reward": _tiers,
        "step": _step,
        "per_unit": _per_unit,
        "rate": _rate,
    }[rule.type](rule, value)
    basis = _basis_text(rule, value)
    if gate is not None and not gate.reached:
        return Line(
            **base,
            status=GATE,
            reached=raw.reached,
            detail={**raw.detail, "would_have": raw.status},
            amount=_no_amount(rule),
            explanation=(
                f"{rule.label}: {basis}; gate not reached (total score below "
                f"{fmt(gate.required)}), pays nothing."
            ),
        )
    if rule.type == "reward":
        return Line(
            **base,
            status=raw.status,
            reached=raw.reached,
            detail=raw.detail,
            amount=None,
            reward=raw.reward,
            explanation=f"{rule.label}: {basis}; {raw.text}"
            + ("." if raw.status == PAID else ", no reward."),
        )
    amount = round_rupiah(raw.amount * multiplier)
    if listed:
        multiplied = f"level {facts.level} multiplier × {fmt(multiplier)}"
    elif not plan.level_multipliers:
        multiplied = "no level multipliers in the plan (× 1)"
    else:
        multiplied = f"level {facts.level} not listed, multiplier × 1"
    if raw.status == PAID:
        explanation = (
            f"{rule.label}: {basis}; {raw.text}; {multiplied}; "
            f"rounded to whole Rupiah: {fmt(amount)}."
        )
    else:
        explanation = f"{rule.label}: {basis}; {raw.text}, pays nothing."
    return Line(
        **base,
        status=raw.status,
        reached=raw.reached,
        detail={**raw.detail, "level": facts.level, "level_listed": listed},
        amount=amount,
        explanation=explanation,
    )


def _okr_line(rule: Rule, facts: Facts) -> Line:
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
            f"objective {rule.objective} pays in {outcome.cycle_end_month:%Y-%m} when its "
            "cycle ends, not this month"
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
            f"objective {rule.objective} ended with score {fmt(score)} ≥ {fmt(rule.min_score)}"
            f" this month: {fmt(amount)} (no level multiplier, not gated)"
        )
    return Line(
        **base,
        status=status,
        reached=reached,
        detail=detail,
        amount=amount,
        explanation=f"{rule.label}: {text}.",
    )


def _ranking_line(rule: Rule, facts: Facts) -> Line:
    fact = facts.rankings.get(rule.code)
    first, last = window_bounds(rule.window, facts.month)
    base = {
        "rule": rule.code,
        "label": rule.label,
        "type": rule.type,
        "basis": None,
        "kpi": rule.metric,
        "value": fact.value if fact else None,
        "multiplier": None,
        "reward": "",
    }
    detail = {
        "metric": rule.metric,
        "window": rule.window,
        "scope": rule.scope,
        "window_start": first,
        "window_end": last,
        "position": fact.position if fact else None,
        "field_size": fact.field_size if fact else 0,
    }
    if last != facts.month.replace(day=1):
        return Line(
            **base,
            status=NOT_DUE,
            reached="",
            detail=detail,
            amount=ZERO,
            explanation=(
                f"{rule.label}: the {rule.window} ranking by {rule.metric} pays in "
                f"{last:%Y-%m}, the window's last month."
            ),
        )
    if fact is None or fact.position is None:
        return Line(
            **base,
            status=NO_DATA,
            reached="",
            detail=detail,
            amount=ZERO,
            explanation=f"{rule.label}: no {rule.metric} value to rank, pays nothing.",
        )
    position = fact.position
    paid = position <= len(rule.amounts)
    amount = round_rupiah(rule.amounts[position - 1]) if paid else ZERO
    where = f"rank {position} of {fact.field_size} by {rule.metric} {fmt(fact.value)}"
    where += f" over the {rule.window} within the {rule.scope}"
    if paid:
        text = f"{where}: {fmt(amount)} (ties share the rank; no level multiplier, not gated)"
    else:
        text = f"{where}: only the first {len(rule.amounts)} rank(s) pay"
    return Line(
        **base,
        status=PAID if paid else NOT_REACHED,
        reached=f"rank {position}",
        detail=detail,
        amount=amount,
        explanation=f"{rule.label}: {text}.",
    )


def evaluate(plan: PlanSpec, facts: Facts) -> Statement:
    """The person's statement for the month under `plan`."""
    gate = None
    notes = []
    if plan.gate_total_score is not None:
        reached = facts.total_score is not None and facts.total_score >= plan.gate_total_score
        gate = Gate(plan.gate_total_score, facts.total_score, reached)
        notes.append(gate.explanation)
    lines = []
    for rule in plan.rules:
        if rule.type == "okr_bonus":
            lines.append(_okr_line(rule, facts))
        elif rule.type == "ranking":
            lines.append(_ranking_line(rule, facts))
        else:
            lines.append(_kpi_line(rule, plan, facts, gate))
    total = sum((line.amount for line in lines if line.amount is not None), ZERO)
    if plan.cap is not None and total > plan.cap:
        reduction = plan.cap - total
        lines.append(
            Line(
                rule="cap",
                label="Plan cap",
                type="cap",
                basis=None,
                kpi=None,
                value=total,
                status=CAPPED,
                reached=f"cap {fmt(plan.cap)}",
                detail={"cap": plan.cap, "total_before_cap": total},
                multiplier=None,
                amount=reduction,
                explanation=(
                    f"Plan cap: the cash lines total {fmt(total)}, above the plan's cap "
                    f"{fmt(plan.cap)}; {fmt(reduction)} brings the total down to the cap."
                ),
            )
        )
        total = plan.cap
    rewards = tuple(line.reward for line in lines if line.reward)
    multiplier, listed = plan.multiplier_for(facts.level)
    if plan.level_multipliers:
        if listed:
            notes.append(
                f"Level {facts.level}: tiers, step, per-unit and rate lines are multiplied by "
                f"{fmt(multiplier)}; OKR bonus and ranking lines are not."
            )
        else:
            notes.append(f"Level {facts.level} is not listed in the plan: multiplier 1.")
    return Statement(
        plan=plan.code,
        month=facts.month,
        lines=tuple(lines),
        gate=gate,
        total=total,
        rewards=rewards,
        notes=tuple(notes),
    )

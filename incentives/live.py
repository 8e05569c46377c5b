"""The incentive of the month in progress (docs/contracts.md "Month to date, pace and
projection"): what the plans pay on the month-to-date actuals (earned so far) and on the
projected month actuals (the projection), with what the next tier of each rule needs by the
month's end and per working day left ("12 more new outlets → Rp 400.000; ≈ 2 per working day,
6 working days left").

`refresh_projections` is connected to `kpi.live.month_refreshed` (IncentivesConfig.ready), so
every `kpi.live.refresh_month` stores the projections after the pace scores. It evaluates
through the close's own code (`payouts.closing.evaluate_people`, the engine and its rule-type
registry): once on the stored MTD snapshots, once more per person on the same facts with the
KPI actuals, attainments, metrics and total score projected (kpi.pace). Nothing here is a
second evaluator; a projection is never a payout row.

`projection_for(salesman, month=None)` reads the stored result (one query).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from incentives import engine
from incentives.live_models import Projection
from incentives.payouts.closing import active_plans, evaluate_people
from kpi import live as kpi_live
from kpi import pace
from kpi.scoring import HIGHER, attainment
from spm.bulk import insert_rows
from spm.money import round_rupiah
from spm.months import current_month, month_start

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def refresh_projections(
    *, month: date, as_of: date, progress: pace.Progress, salesman_ids=None, paces=None
) -> int:
    """Evaluate every person's plans on his MTD facts and on his projected facts, and store
    one `Projection` per person (replacing the month's). `paces`: the pace rows as
    `kpi.live.pace_rows_by_salesman` gives them (read when not given). Returns how many were
    stored."""
    month = month_start(month)
    plans = active_plans(month)
    if salesman_ids is not None and any(_ranks_in(plan, month) for plan in plans):
        # A rank depends on everyone's value: the plan's whole field is evaluated again.
        salesman_ids, paces = None, None
    records = []
    if plans:
        _result, evaluated = evaluate_people(
            month=month, plans=plans, salesman_ids=salesman_ids, payout_lines=False
        )
        if paces is None:
            paces = kpi_live.pace_rows_by_salesman(month=month, salesman_ids=salesman_ids)
        by_person: dict[int, list] = {}
        for (sid, _code), (facts, statement) in evaluated.items():
            by_person.setdefault(sid, []).append((facts, statement))
        specs = {plan.code: plan for plan in plans}
        now = timezone.now()
        for sid, evaluations in by_person.items():
            stored_pace = paces.get(sid, {"projected_score": None, "rows": {}})
            earned_lines, lines, tiers = [], [], []
            earned = projected = ZERO
            for facts, statement in evaluations:
                plan = specs[statement.plan]
                future_facts = projected_facts(facts, stored_pace, progress)
                future = engine.evaluate(plan, future_facts)
                earned += statement.total
                projected += future.total
                earned_lines += [_earned_dict(plan.code, line) for line in statement.lines]
                lines += [_line_dict(plan.code, line) for line in future.lines]
                tiers += multiplier_tiers(plan, future_facts, stored_pace["rows"], progress)
                tiers += next_tiers(plan, facts, stored_pace["rows"], progress, future_facts)
            records.append(
                (
                    sid,
                    month,
                    as_of,
                    progress.working_days,
                    progress.elapsed,
                    round_rupiah(earned),
                    round_rupiah(projected),
                    ", ".join(statement.plan for _facts, statement in evaluations)[:200],
                    earned_lines,
                    lines,
                    tiers,
                    now,
                )
            )
    with transaction.atomic():
        stale = Projection.objects.filter(month=month)
        if salesman_ids is not None:
            stale = stale.filter(salesman_id__in=list(salesman_ids))
        stale._raw_delete(stale.db)
        insert_rows(
            Projection,
            (
                "salesman_id",
                "month",
                "as_of",
                "working_days",
                "elapsed",
                "earned",
                "projected",
                "plan_codes",
                "earned_lines",
                "lines",
                "next_tiers",
                "computed_at",
            ),
            records,
        )
    return len(records)


def _ranks_in(plan: engine.PlanSpec, month: date) -> bool:
    """Whether a ranking rule of `plan` is due in `month` (its window ends then)."""
    return any(engine.is_window_end(rule.window, month) for rule in plan.ranking_rules())


def on_month_refreshed(
    sender, *, month, as_of, progress, salesman_ids=None, paces=None, **kwargs
) -> None:
    """`kpi.live.month_refreshed` receiver (connected in IncentivesConfig.ready)."""
    refresh_projections(
        month=month, as_of=as_of, progress=progress, salesman_ids=salesman_ids, paces=paces
    )


def _number(text) -> Decimal | None:
    return None if text is None else Decimal(text)


def projected_facts(facts: engine.Facts, stored_pace: Mapping, progress: pace.Progress):
    """The same facts with each KPI's actual and attainment, each metric and the total score
    as projected to the month's end (kpi.pace): additive values scaled by working days, ratios
    as they are, attainment against the full target."""
    rows = stored_pace.get("rows", {})
    kpis = {}
    for code, fact in facts.kpis.items():
        row = rows.get(code)
        if row is None or fact.actual is None:
            kpis[code] = fact
            continue
        value = _number(row["projected"])
        target = _number(row["target"])
        kpis[code] = engine.KpiFact(
            actual=value, attainment=attainment(target, value, row["direction"])
        )
    metrics = {
        code: pace.projected_actual(value, additive=pace.is_additive(code), progress=progress)
        for code, value in facts.metrics.items()
    }
    total = stored_pace.get("projected_score")
    return replace(
        facts,
        kpis=kpis,
        metrics=metrics,
        total_score=total if total is not None else facts.total_score,
    )


_PLAIN_TYPES = frozenset({str, int, bool, float, type(None)})


def _plain(value):
    """JSON-friendly (Decimals and dates as strings), checked by exact type first: 2,000 people
    × 2 statements × 8 lines of details go through here (`Line.as_dict`, through
    `dataclasses.asdict`, cost 7 s of the refresh of 2,000 salesmen; this, 0.5 s)."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_plain(item) for item in value]
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


_VALUE_PLACES = Decimal("0.0001")


def _value(value: Decimal | None) -> str | None:
    """A line's value as stored for the dashboard: 4 decimals (an attainment of
    8.0900603531717996979 % is shown as 8,09 anyway)."""
    if value is None:
        return None
    return str(value.quantize(_VALUE_PLACES, rounding=ROUND_HALF_UP).normalize())


def _earned_dict(plan_code: str, line: engine.Line) -> dict:
    """What the MTD actuals earn, per line: the amounts and what was reached (the projected
    lines carry the full detail)."""
    return {
        "plan": plan_code,
        "rule": line.rule,
        "label": line.label,
        "type": line.type,
        "kpi": line.kpi,
        "value": _value(line.value),
        "status": line.status,
        "reached": line.reached,
        "amount": None if line.amount is None else str(line.amount),
        "reward": line.reward,
    }


def _line_dict(plan_code: str, line: engine.Line) -> dict:
    """A statement line as `engine.Line.as_dict()` gives it, plus its plan."""
    return {
        "plan": plan_code,
        "rule": line.rule,
        "label": line.label,
        "type": line.type,
        "basis": line.basis,
        "kpi": line.kpi,
        "value": _value(line.value),
        "status": line.status,
        "reached": line.reached,
        "detail": _plain(line.detail),
        "multiplier": None if line.multiplier is None else str(line.multiplier),
        "amount": None if line.amount is None else str(line.amount),
        "reward": line.reward,
        "explanation": line.explanation,
    }


def _round_up(value: Decimal, whole: bool) -> Decimal:
    quantum = Decimal(1) if whole else Decimal("0.01")
    return value.quantize(quantum, rounding=ROUND_CEILING)


def _amount_at_goal(
    plan: engine.PlanSpec, rule: engine.Rule, facts: engine.Facts, goal: Decimal, reached: Decimal
) -> Decimal | None:
    """What `rule`'s line pays when its value reaches the next threshold (`goal` as an actual,
    `reached` as the rule's basis value), everything else as `facts` (the projected month):
    the plan's own evaluation, so the entry-ticket factors, prerequisites and proration apply
    as they will. The gate and the plan cap are left out: the hint is about this rule."""
    if rule.booster is not None:
        facts = replace(facts, windows={**facts.windows, rule.code: goal})
    elif rule.basis == "total_score":
        facts = replace(facts, total_score=goal)
    elif rule.basis == "attainment":
        facts = replace(
            facts, kpis={**facts.kpis, rule.kpi: engine.KpiFact(actual=goal, attainment=reached)}
        )
    elif rule.kpi in facts.kpis:
        fact = facts.kpis[rule.kpi]
        kpis = {**facts.kpis, rule.kpi: engine.KpiFact(actual=goal, attainment=fact.attainment)}
        facts = replace(facts, kpis=kpis)
    else:
        facts = replace(facts, metrics={**facts.metrics, rule.kpi: goal})
    alone = replace(plan, rules=(rule,), cap=None, gate_total_score=None)
    line = engine.evaluate(alone, facts).lines[0]
    return None if line.amount is None else round_rupiah(line.amount)


def next_tiers(
    plan: engine.PlanSpec,
    facts: engine.Facts,
    rows: Mapping[str, dict],
    progress: pace.Progress,
    future_facts: engine.Facts | None = None,
) -> list[dict]:
    """For each rule whose type has a next threshold (the registry's `next_threshold`: tiers,
    step, reward): how much more of its KPI (MTD) reaches it by the month's end, what the line
    would then pay, and, for an additive KPI, how much that is per working day left.

    The amount is the threshold's amount × the level multiplier; a plan with entry-ticket
    multipliers or proration, or a rule with prerequisites, is evaluated at the threshold on
    `future_facts` (the projected month) instead, so the hint pays what the statement will."""
    result = []
    multiplier, _listed = plan.multiplier_for(facts.level)
    exact = bool(plan.multipliers) or plan.proration != "none"
    for rule in plan.rules:
        kind = engine.rule_type(rule.type)
        if not kind.reads_value:
            continue
        row = rows.get(rule.kpi) if rule.kpi else None
        target = _number(row["target"]) if row else None
        if rule.basis == "total_score":
            current = facts.total_score or ZERO
            additive = False
        elif rule.basis == "attainment":
            # The goal is read back as an actual (target × threshold / 100), which holds only
            # where attainment is actual / target.
            if row is None or not target or row["direction"] != HIGHER:
                continue
            current = _number(row["actual"]) or ZERO
            additive = row["additive"]
        elif row is not None:
            current = _number(row["actual"]) or ZERO
            additive = row["additive"]
        else:
            current = facts.metrics.get(rule.kpi) or ZERO
            additive = pace.is_additive(rule.kpi)
        basis_value = current
        if rule.basis == "attainment":
            basis_value = attainment(target, current, HIGHER)
        upcoming = kind.next_threshold(rule, basis_value)
        if upcoming is None:
            continue
        goal = upcoming.value
        if rule.basis == "attainment":
            goal = target * upcoming.value / HUNDRED
        unit = row["unit"] if row else ""
        whole = unit == "Rp" or (
            current == current.to_integral_value() and goal == goal.to_integral_value()
        )
        needed = _round_up(goal - current, whole)
        if needed <= 0:
            continue
        amount = None
        if upcoming.amount is not None:
            if (exact or rule.requires) and kind.cash:
                amount = _amount_at_goal(plan, rule, future_facts or facts, goal, upcoming.value)
            else:
                amount = round_rupiah(upcoming.amount * (multiplier if kind.multiplied else 1))
        per_day = pace.per_working_day(needed, progress.left, whole=whole) if additive else None
        result.append(
            {
                "plan": plan.code,
                "rule": rule.code,
                "label": rule.label,
                "labels": dict(rule.labels),
                "kpi": rule.kpi or "total_score",
                "basis": rule.basis,
                "unit": unit,
                "current": str(current),
                "goal": str(goal),
                "needed": str(needed),
                "amount": None if amount is None else str(amount),
                "reward": upcoming.reward,
                "additive": additive,
                "per_working_day": None if per_day is None else str(per_day),
                "days_left": progress.left,
            }
        )
    return result


def multiplier_tiers(
    plan: engine.PlanSpec, facts: engine.Facts, rows: Mapping[str, dict], progress: pace.Progress
) -> list[dict]:
    """For each plan multiplier below its top band (the entry ticket, engine/features.py): how
    much more of its KPI reaches the next band, and what the whole plan would then pay on the
    projected month (`engine.multiplier_hints`, the other values unchanged). `facts` are the
    projected ones; a multiplier on attainment is left out (its goal is not an actual)."""
    from outlets.metrics import METRICS

    result = []
    for hint in engine.multiplier_hints(plan, facts):
        if hint.basis == "attainment" or hint.total <= hint.current_total:
            continue
        row = rows.get(hint.kpi) if hint.kpi else None
        metric = METRICS.get(hint.kpi or "")
        unit = row["unit"] if row else (metric.unit if metric is not None else "")
        current = hint.value or ZERO
        whole = current == current.to_integral_value() and hint.goal == hint.goal.to_integral()
        needed = _round_up(hint.goal - current, whole)
        if needed <= 0:
            continue
        result.append(
            {
                "plan": plan.code,
                "rule": hint.code,
                "label": hint.label,
                "labels": dict(hint.labels),
                "kpi": hint.kpi or "total_score",
                "basis": hint.basis,
                "unit": unit,
                "current": str(current),
                "goal": str(hint.goal),
                "needed": str(needed),
                "amount": str(hint.total),
                "reward": "",
                "additive": False,
                "per_working_day": None,
                "days_left": progress.left,
                "whole_payout": True,  # `amount` is the whole plan's, at the band's `factor`
                "factor": str(hint.factor),
            }
        )
    return result


# --- the reader -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NextTierHint:
    """ "12 more new outlets → Rp 400.000; ≈ 2 per working day, 6 working days left"."""

    plan: str
    rule: str
    label: str  # the rule's label in the reader's language
    kpi: str  # KPI or metric code, or "total_score"
    kpi_name: str  # in the reader's language
    unit: str
    needed: Decimal  # more of the KPI's actual by the month's end
    amount: Decimal | None  # what the rule's line would then pay (None: a reward)
    reward: str
    per_working_day: Decimal | None  # None for a ratio KPI or when no working day is left
    days_left: int
    whole_payout: bool = False  # a plan multiplier's next band: `amount` is the plan's total
    factor: Decimal | None = None  # that band's factor

    @property
    def is_rupiah(self) -> bool:
        return self.unit == "Rp"


@dataclass(frozen=True)
class LiveProjection:
    month: date
    as_of: date
    working_days: int
    elapsed: int
    earned: Decimal  # on the month-to-date actuals
    projected: Decimal  # on the projected month actuals: a projection, not a promise
    earned_lines: list[dict]  # engine.Line.as_dict() + "plan"
    lines: list[dict]
    next_tiers: list[NextTierHint]
    computed_at: object

    @property
    def days_left(self) -> int:
        return max(0, self.working_days - self.elapsed)


def _kpi_name(code: str, names: Mapping[str, tuple[str, str]], english: bool) -> str:
    from django.utils.translation import gettext

    from outlets.metrics import METRICS

    if code == "total_score":
        return gettext("total score")
    if code in names:
        name_id, name_en = names[code]
        return (name_en or name_id) if english else (name_id or name_en)
    metric = METRICS.get(code)
    return metric.label if metric is not None else code


def projection_for(salesman, month: date | None = None) -> LiveProjection | None:
    """The stored projection of one person for `month` (default: the current month), in the
    reader's language; None when the month has not been refreshed for him. Two queries."""
    month = month_start(month or current_month())
    salesman_id = getattr(salesman, "pk", salesman)
    found = Projection.objects.filter(salesman_id=salesman_id, month=month).first()
    if found is None:
        return None
    language = "en" if (get_language() or "id").startswith("en") else "id"
    names = {}
    state = kpi_live.PaceScore.objects.filter(salesman_id=salesman_id, month=month).first()
    if state is not None:
        names = {row["kpi"]: (row["name_id"], row["name_en"]) for row in state.rows}
    hints = [
        NextTierHint(
            plan=tier["plan"],
            rule=tier["rule"],
            label=engine.text_in(tier["labels"], language) if tier["labels"] else tier["label"],
            kpi=tier["kpi"],
            kpi_name=_kpi_name(tier["kpi"], names, language == "en"),
            unit=tier["unit"],
            needed=Decimal(tier["needed"]),
            amount=_number(tier["amount"]),
            reward=tier["reward"],
            per_working_day=_number(tier["per_working_day"]),
            days_left=tier["days_left"],
            whole_payout=tier.get("whole_payout", False),
            factor=_number(tier.get("factor")),
        )
        for tier in found.next_tiers
    ]
    return LiveProjection(
        month=found.month,
        as_of=found.as_of,
        working_days=found.working_days,
        elapsed=found.elapsed,
        earned=found.earned,
        projected=found.projected,
        earned_lines=found.earned_lines,
        lines=found.lines,
        next_tiers=hints,
        computed_at=found.computed_at,
    )

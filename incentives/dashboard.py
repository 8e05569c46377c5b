"""The home page panel for a salesman: the incentive his month so far would pay, and what is
needed for the next tier of each rule ("12 more new outlets → Rp 400.000").

The projection runs the same evaluation as close_period (`payouts.closing.evaluate_people`)
on the month's stored metric and scorecard snapshots (refreshed nightly), without storing
anything. When the current month has no scorecard yet, the latest month that has one is shown,
named as such.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext

from incentives import engine
from incentives.payouts.closing import active_plans, evaluate_people
from incentives.wording import localized
from kpi.scoring import HIGHER, attainment
from org import policy
from org.models import Salesman
from spm.money import round_rupiah
from spm.months import current_month

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass
class NextTier:
    rule: str
    label: str
    kpi: str
    kpi_name: str
    unit: str
    needed: Decimal  # how much more of the KPI's actual (or total score points)
    amount: Decimal | None  # what the rule's line would then pay
    reward: str = ""
    # A plan multiplier's next band (the entry ticket): `amount` is then the whole plan's total
    # at that band, `factor` the band's factor.
    whole_payout: bool = False
    factor: Decimal | None = None

    @property
    def is_rupiah(self) -> bool:
        return self.unit == "Rp"

    @property
    def places(self) -> int:
        return 0 if self.needed == self.needed.to_integral_value() else 2


def _round_up(value: Decimal, unit: str, whole: bool) -> Decimal:
    if unit == "Rp" or whole:
        return value.to_integral_value(rounding=ROUND_CEILING)
    return value.quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def _rows(salesman: Salesman, month: date) -> tuple[dict, object | None]:
    """{kpi code: ScorecardRow} and the scorecard of the month (or none)."""
    from kpi.models import Scorecard

    card = Scorecard.objects.filter(salesman=salesman, month=month).first()
    if card is None:
        return {}, None
    return {row.kpi_code: row for row in card.rows.all()}, card


def _kpi_name(rule) -> str:
    """What a rule reads, named in the reader's language when no scorecard row names it: the
    KPI's name, else the catalogue metric's label, else the total score (never a code)."""
    from kpi.models import KPIDefinition
    from outlets.metrics import METRICS

    if not rule.kpi or rule.basis == "total_score":
        return gettext("total score")
    kpi = KPIDefinition.objects.filter(code=rule.kpi).first()
    if kpi is not None:
        return kpi.display_name
    metric = METRICS.get(rule.kpi)
    return metric.label if metric is not None else rule.kpi


def next_tiers(
    plan: engine.PlanSpec, facts: engine.Facts, rows: dict, total_score: Decimal | None
) -> list[NextTier]:
    """For each rule whose type has a next threshold (tiers, step, reward): how much more of its
    KPI reaches it."""
    result = []
    multiplier, _listed = plan.multiplier_for(facts.level)
    for rule in plan.rules:
        kind = engine.rule_type(rule.type)
        if not kind.reads_value:
            continue
        row = rows.get(rule.kpi)
        if rule.basis == "total_score":
            current = total_score or ZERO
        elif rule.basis == "attainment":
            # The goal is read back as an actual (target × threshold / 100), which only holds
            # where attainment is actual / target.
            if row is None or row.target in (None, ZERO) or row.direction != HIGHER:
                continue
            current = row.actual or ZERO
        elif row is not None:
            current = row.actual or ZERO
        else:
            current = facts.metrics.get(rule.kpi) or ZERO
        basis_value = current
        if rule.basis == "attainment":
            basis_value = attainment(row.target, current, row.direction)
        upcoming = kind.next_threshold(rule, basis_value)
        if upcoming is None:
            continue
        goal = upcoming.value
        if rule.basis == "attainment":
            goal = row.target * upcoming.value / HUNDRED
        unit = row.unit if row is not None else ""
        whole = current == current.to_integral_value() and goal == goal.to_integral_value()
        needed = _round_up(goal - current, unit, whole)
        if needed <= 0:
            continue
        amount = None
        if upcoming.amount is not None:
            amount = round_rupiah(upcoming.amount * (multiplier if kind.multiplied else 1))
        result.append(
            NextTier(
                rule=rule.code,
                label=localized(rule.labels) if rule.labels else rule.label,
                kpi=rule.kpi or "total_score",
                kpi_name=row.kpi_name if row is not None else _kpi_name(rule),
                unit=unit,
                needed=needed,
                amount=amount,
                reward=upcoming.reward,
            )
        )
    return result


def _metric_unit(code: str | None) -> str:
    from outlets.metrics import METRICS

    metric = METRICS.get(code or "")
    return metric.unit if metric is not None else ""


def multiplier_tiers(plan: engine.PlanSpec, facts: engine.Facts, rows: dict) -> list[NextTier]:
    """For each plan multiplier below its top band (the entry ticket): how much more of its
    KPI reaches the next band, and what the whole plan would then pay (`engine.multiplier_hints`:
    the salesman's other values unchanged) — "8 more outlet coverage → Rp 1.604.000 (× 0,8)"."""
    result = []
    for hint in engine.multiplier_hints(plan, facts):
        row = rows.get(hint.kpi) if hint.kpi else None
        current, goal = hint.value or ZERO, hint.goal
        if hint.basis == "attainment":
            # read back as an actual, as for the rules (attainment = actual / target)
            if row is None or row.target in (None, ZERO) or row.direction != HIGHER:
                continue
            current = row.actual or ZERO
            goal = row.target * hint.goal / HUNDRED
        unit = row.unit if row is not None else _metric_unit(hint.kpi)
        whole = current == current.to_integral_value() and goal == goal.to_integral_value()
        needed = _round_up(goal - current, unit, whole)
        if needed <= 0 or hint.total <= hint.current_total:
            continue
        result.append(
            NextTier(
                rule=hint.code,
                label=localized(hint.labels) if hint.labels else hint.label,
                kpi=hint.kpi or "total_score",
                kpi_name=row.kpi_name if row is not None else _kpi_name(hint),
                unit=unit,
                needed=needed,
                amount=hint.total,
                whole_payout=True,
                factor=hint.factor,
            )
        )
    return result


def projection(salesman: Salesman, month: date) -> dict:
    """The month's projected statement lines, total and next tiers for one salesman."""
    plans = active_plans(month)
    result, evaluated = evaluate_people(month=month, plans=plans, salesman_ids=[salesman.pk])
    rows, card = _rows(salesman, month)
    total_score = card.total if card is not None else None
    upcoming = []
    for plan in plans:
        if (salesman.pk, plan.code) in evaluated:
            facts, _statement = evaluated[(salesman.pk, plan.code)]
            upcoming.extend(multiplier_tiers(plan, facts, rows))
            upcoming.extend(next_tiers(plan, facts, rows, total_score))
    return {
        "month": month,
        "lines": result.lines,
        "total": sum((line.amount for line in result.lines), ZERO),
        "next_tiers": upcoming,
        "scorecard": card,
    }


def panel(request):
    """The salesman's home page is his month so far (incentives/my_month.py): this month as of
    the last data, never a closed month described as the current one. Without a stored
    refresh of this month, a month with a scorecard is projected here as before; a salesman
    whose latest scorecard is of a closed month sees "no data this month yet" and his history."""
    user = request.user
    if not policy.sees_only_own(user):
        return None
    salesman = policy.own_profile(user)
    if salesman is None:
        return None
    from kpi.models import Scorecard

    from .my_month import my_month
    from .my_month_views import chart_labels

    this_month = current_month()
    mine = my_month(user, salesman, this_month)
    if (
        mine.has_data
        or mine.projection is not None
        or not Scorecard.objects.filter(salesman=salesman, month=this_month).exists()
    ):
        from .my_month import chart_data

        return "incentives/_my_month_panel.html", {
            "mine": mine,
            "chart_data": chart_data(mine, chart_labels()),
        }
    data = projection(salesman, this_month)
    if not data["lines"]:
        return None
    data["is_current"] = True
    data["salesman"] = salesman
    return "incentives/_panel.html", data

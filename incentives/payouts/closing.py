"""The facts the incentive plans read, loaded set-wise for a whole month, and the evaluation of
every person the month's plans apply to.

`evaluate_month` is what `close_period` stores; `project_salesman` is the same evaluation for one
person on the current month's snapshots (the home panel's projection). Neither writes a payout
row: `incentives.payouts.services` does that.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Q

from incentives import engine
from incentives.engine import features
from incentives.models import PlanVersion
from incentives.plans.versions import version_document, versions_in_force
from kpi.gamification.levels import levels_for_month
from kpi.gamification.services import close_month_gamification
from kpi.models import Scorecard, ScorecardRow
from kpi.scorecards import compute_scorecards
from okr.selectors import objective_outcomes
from org.assignments import active_in_month, month_standings
from org.calendar import active_working_days, company_calendar, working_days
from org.models import Salesman, Team
from outlets.metrics import compute_month_metrics, metric_totals, metric_values

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Person:
    """An active salesman as the plans see him: the few columns the evaluation and the payout
    statement read, loaded as plain values. Building 2,000 `Salesman` instances with their user
    and team cost 0.07 s of the benchmark's close (0.19 s under cProfile), and every object
    the close keeps alive also makes Python's full garbage collections slower."""

    pk: int
    code: str
    role: str
    channel: str
    level: int
    team_id: int | None
    team_name: str
    # his first and last active day when he was not there the whole month (people over time)
    days: tuple[date, date] | None = None


@dataclass(slots=True)
class PersonResult:
    salesman: Person
    plan_code: str
    total_score: Decimal | None


@dataclass(slots=True)
class LineResult:
    salesman_id: int
    plan_code: str
    rule_code: str
    label: str
    type: str
    basis: str
    kpi: str
    value: Decimal | None
    reached: str
    multiplier: Decimal
    amount: Decimal
    reward: str
    explanation: str
    status: str = ""
    detail: dict = field(default_factory=dict)


@dataclass
class MonthResult:
    month: date
    statements: list[PersonResult] = field(default_factory=list)
    lines: list[LineResult] = field(default_factory=list)


def active_plan_rows(month: date):
    """The `PlanVersion` rows that pay `month` (each plan's published version in force,
    incentives/plans/versions.py), by plan code; `plan_code` annotated."""
    ids = [version.pk for version in versions_in_force(month)]
    rows = PlanVersion.objects.filter(pk__in=ids).annotate(plan_code=F("plan__code"))
    return rows.order_by("plan__code")


def active_plans(month: date) -> list[engine.PlanSpec]:
    """The plan versions in force in `month`, parsed for the engine."""
    return [engine.parse_plan(version_document(version)) for version in versions_in_force(month)]


def _people(
    plans: list[engine.PlanSpec], salesman_ids=None, *, month: date
) -> dict[str, list[Person]]:
    """Plan code → the active people of its role and channel, each with the level in force in
    `month` (kpi.gamification.levels: what `level_multipliers` read)."""
    # Everyone active on at least one day of the month, with his role, channel and team on
    # his last active day (org/assignments.py): what rankings and team scopes use.
    standings = month_standings(month, salesman_ids)
    # Everyone's (the close): the same filter as the standings', not a list of 20,000 ids.
    people = Salesman.objects.filter(
        active_in_month(month) if salesman_ids is None else Q(pk__in=list(standings))
    )
    rows = [
        row
        for row in people.order_by("code").values_list("pk", "code", "level")
        if row[0] in standings
    ]
    team_names = dict(Team.objects.values_list("pk", "name"))
    levels = levels_for_month(
        month, [row[0] for row in rows], starting={pk: level for pk, _code, level in rows}
    )
    by_kind = defaultdict(list)
    for pk, code, _level in rows:
        at = standings[pk]
        days = None if at.whole_month else (at.first_day, at.last_day)
        team_name = team_names.get(at.team_id, "")
        person = Person(pk, code, at.role, at.channel, levels[pk], at.team_id, team_name, days)
        by_kind[(at.role, at.channel)].append(person)
    return {plan.code: by_kind.get((plan.role, plan.channel), []) for plan in plans}


def _scorecards(month: date, ids: set[int]) -> tuple[dict, dict]:
    """(salesman id → scorecard total, salesman id → {kpi code: KpiFact}).

    A few people (a projection, a simulation) are read by id; a whole month's close reads the
    month and filters here, which is cheaper than an IN list of thousands of ids."""
    cards = Scorecard.objects.filter(month=month)
    rows = ScorecardRow.objects.filter(scorecard__month=month)
    if len(ids) < 500:
        cards = cards.filter(salesman_id__in=ids)
        rows = rows.filter(scorecard__salesman_id__in=ids)
    totals = {
        salesman_id: total
        for salesman_id, total in cards.values_list("salesman_id", "total")
        if salesman_id in ids
    }
    kpis: dict[int, dict[str, engine.KpiFact]] = defaultdict(dict)
    rows = rows.values_list("scorecard__salesman_id", "kpi_code", "actual", "attainment", "no_data")
    for salesman_id, code, actual, attainment, no_data in rows:
        if salesman_id in ids:
            kpis[salesman_id][code] = engine.KpiFact(
                actual=None if no_data else actual,
                attainment=None if no_data else attainment,
            )
    return totals, kpis


def _metrics(month: date, ids: set[int]) -> dict[int, dict[str, Decimal | None]]:
    """As `_scorecards`: by id for a few people, the month filtered here for many (an IN list
    of 2,000 ids cost the projections of the month in progress 0.8 s under cProfile)."""
    if len(ids) < 500:
        return metric_values(month=month, salesman_ids=list(ids))
    values = metric_values(month=month)
    return {salesman_id: row for salesman_id, row in values.items() if salesman_id in ids}


def _okr(plans: list[engine.PlanSpec], month: date) -> dict:
    codes = {code for plan in plans for code in plan.okr_objectives() if code}
    if not codes:
        return {}
    return objective_outcomes(codes=codes, month=month)


def _scope_key(rule: engine.Rule, person: Person):
    if rule.scope == "team":
        return ("team", person.team_id)
    if rule.scope == "channel":
        return ("channel", person.channel)
    return ("all", None)


def _rankings(plan: engine.PlanSpec, people: list[Person], month: date) -> dict:
    """salesman id → {rule code: RankingFact} for the plan's ranking rules due this month:
    the metric summed over the window, ranked among the plan's people within the scope."""
    due = [rule for rule in plan.ranking_rules() if engine.is_window_end(rule.window, month)]
    if not due or not people:
        return {}
    facts: dict[int, dict[str, engine.RankingFact]] = defaultdict(dict)
    ids = [person.pk for person in people]
    for rule in due:
        start, end = engine.window_bounds(rule.window, month)
        totals = metric_totals(metric=rule.metric, start=start, end=end, salesman_ids=ids)
        groups: dict = defaultdict(dict)
        for person in people:
            groups[_scope_key(rule, person)][person.pk] = totals.get(person.pk)
        for values in groups.values():
            positions = engine.rank(values)
            size = len(positions)
            for salesman_id, value in values.items():
                facts[salesman_id][rule.code] = engine.RankingFact(
                    position=positions.get(salesman_id), value=value, field_size=size
                )
    return facts


def _windows(plan: engine.PlanSpec, people: list[Person], month: date) -> dict:
    """salesman id → {rule code: value} for the plan's boosters due this month: each rule's
    metric over its window's days (`outlets.metrics.window_metric_values`, once per window)."""
    due = [
        rule
        for rule in plan.rules
        if rule.booster is not None and features.window_is_due(rule.booster, month)
    ]
    if not due or not people:
        return {}
    from outlets.metrics import window_metric_values

    ids = [person.pk for person in people]
    by_window: dict = {}
    facts: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for rule in due:
        days = features.window_dates(rule.booster)
        if days not in by_window:
            by_window[days] = window_metric_values(start=days[0], end=days[1], salesman_ids=ids)
        for salesman_id in ids:
            facts[salesman_id][rule.code] = by_window[days].get(salesman_id, {}).get(rule.kpi)
    return facts


def _working_days(people_by_plan: dict[str, list[Person]], month: date) -> dict:
    """salesman id → (active working days, the month's working days) for the people who were
    not there the whole month (a plan's `"proration": "working_days"` reads it)."""
    partial = {p.pk: p.days for people in people_by_plan.values() for p in people if p.days}
    if not partial:
        return {}
    days_off = company_calendar(month)
    total = working_days(month, days_off)
    return {
        pk: (active_working_days(month, start, end, days_off), total)
        for pk, (start, end) in partial.items()
    }


# The values `_plain` returns as they are, checked first by exact type: most of a detail's
# values are these, and the close converts ≈ 35,000 of them (0.08 s → 0.05 s under cProfile).
_PLAIN_TYPES = frozenset({str, int, bool, float, type(None)})


def _plain(value):
    """The engine's detail as JSON-friendly values (Decimals and dates as strings)."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def _line(salesman_id: int, plan_code: str, line: engine.Line) -> LineResult:
    return LineResult(
        salesman_id=salesman_id,
        plan_code=plan_code,
        rule_code=line.rule,
        label=line.label,
        type=line.type,
        basis=line.basis or "",
        kpi=line.kpi or "",
        value=line.value,
        reached=line.reached or "",
        multiplier=line.multiplier if line.multiplier is not None else Decimal(1),
        amount=line.amount if line.amount is not None else ZERO,
        reward=line.reward or "",
        explanation=line.explanation,
        status=line.status,
        detail=_plain(line.detail),
    )


def evaluate_people(
    *, month: date, plans: list[engine.PlanSpec], salesman_ids=None, payout_lines: bool = True
) -> tuple[MonthResult, dict]:
    """Evaluate `plans` for their people (all, or only `salesman_ids`) on the month's stored
    metric and scorecard snapshots. Returns the result and {(salesman id, plan code):
    (Facts, Statement)} for callers that need the engine's own objects. `payout_lines=False`
    leaves the result's lines out (the projections read the statements only: 0.3–0.7 s of
    2,000 people's)."""
    result = MonthResult(month=month)
    people_by_plan = _people(plans, salesman_ids, month=month)
    ids = {person.pk for people in people_by_plan.values() for person in people}
    if not ids:
        return result, {}
    totals, kpis = _scorecards(month, ids)
    metrics = _metrics(month, ids)
    outcomes = _okr(plans, month)
    working = _working_days(people_by_plan, month)
    persons: dict[int, PersonResult] = {}
    evaluated = {}
    for plan in plans:
        people = people_by_plan[plan.code]
        rankings = _rankings(plan, people, month)
        windows = _windows(plan, people, month)
        for person in people:
            okr = {
                code: engine.OkrOutcome(
                    score=outcome.score,
                    cycle_end_month=outcome.cycle_end_month,
                    participant=person.pk in outcome.participant_ids,
                )
                for code, outcome in outcomes.items()
            }
            facts = engine.Facts(
                month=month,
                level=person.level,
                kpis=kpis.get(person.pk, {}),
                metrics=metrics.get(person.pk, {}),
                total_score=totals.get(person.pk),
                okr=okr,
                rankings=rankings.get(person.pk, {}),
                windows=windows.get(person.pk, {}),
                working_days=working.get(person.pk),
            )
            statement = engine.evaluate(plan, facts)
            evaluated[(person.pk, plan.code)] = (facts, statement)
            if person.pk in persons:
                codes = f"{persons[person.pk].plan_code}, {plan.code}"
                persons[person.pk].plan_code = codes[:60]
            else:
                persons[person.pk] = PersonResult(person, plan.code, totals.get(person.pk))
            if payout_lines:
                result.lines.extend(_line(person.pk, plan.code, line) for line in statement.lines)
    result.statements = sorted(persons.values(), key=lambda p: p.salesman.code)
    result.lines.sort(key=lambda line: persons[line.salesman_id].salesman.code)
    return result, evaluated


def evaluate_month(*, month: date) -> MonthResult:
    """metrics → scorecards → every active plan of the month for its people."""
    compute_month_metrics(month=month)
    compute_scorecards(month=month)
    result, _evaluated = evaluate_people(month=month, plans=active_plans(month))
    # Levels for the next month and the month's battle winner, from the scorecards just stored.
    from incentives.models import PayoutRun

    closed = PayoutRun.objects.filter(computed_at__isnull=False).values_list("month", flat=True)
    close_month_gamification(month=month, closed_months=[*closed, month])
    return result

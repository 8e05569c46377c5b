"""What-if: evaluate a plan (stored, or a document with unsaved edits) without storing anything.

Two ways in (docs/contracts.md `POST /api/v1/plans/simulate/`):
- a month: every person the plan applies to, on that month's stored scorecards, metric
  snapshots, OKR outcomes and rankings (the same loading `close_period` uses, from
  `payouts.closing`), optionally side by side with a second plan: per person amounts, total
  cost, difference, who gains and who loses. Only the people the user may see are shown; ranks
  are still computed among all the people the plan applies to, as when the month is closed.
- explicit facts (KPI values, level, total score, ...): one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from incentives import engine
from incentives.models import Plan
from incentives.plans.documents import PlanInvalid, check_plan, decimalize, plan_document
from org.models import Salesman
from spm.months import current_month, parse_month

ZERO = Decimal(0)


@dataclass
class PersonOutcome:
    salesman: Salesman
    statement: engine.Statement | None
    compare: engine.Statement | None = None

    @property
    def total(self) -> Decimal:
        return self.statement.total if self.statement else ZERO

    @property
    def compare_total(self) -> Decimal:
        return self.compare.total if self.compare else ZERO

    @property
    def difference(self) -> Decimal:
        return self.total - self.compare_total


@dataclass
class SimulationResult:
    plan: engine.PlanSpec
    month: date
    compare_plan: engine.PlanSpec | None = None
    people: list[PersonOutcome] = field(default_factory=list)
    statement: engine.Statement | None = None  # explicit-facts mode

    @property
    def total(self) -> Decimal:
        if self.statement is not None:
            return self.statement.total
        return sum((person.total for person in self.people), ZERO)

    @property
    def compare_total(self) -> Decimal:
        return sum((person.compare_total for person in self.people), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.total - self.compare_total

    @property
    def gainers(self) -> list[PersonOutcome]:
        return [person for person in self.people if person.difference > 0]

    @property
    def losers(self) -> list[PersonOutcome]:
        return [person for person in self.people if person.difference < 0]


def _resolve_plan(value, field_name: str, month: date | None = None) -> engine.PlanSpec:
    """A PlanSpec from a plan code or a plan document; ValidationError naming `field_name`.

    A code is the plan's latest version (the draft being edited included), or with `month` the
    version in force in that month (what the month pays), else the latest. The what-if page
    compares codes as edited; the versions page compares a version with the one in force."""
    if isinstance(value, str):
        plan = Plan.objects.filter(code=value).first()
        if plan is None:
            raise ValidationError({field_name: f"no plan with code {value!r}"})
        if month is not None:
            from incentives.plans.versions import version_document, version_in_force

            version = version_in_force(plan, month)
            if version is not None:
                return engine.parse_plan(version_document(version))
        return engine.parse_plan(plan_document(plan))
    if isinstance(value, dict):
        try:
            document = check_plan(value)
        except PlanInvalid as exc:
            errors: dict[str, list[str]] = {}
            for problem in exc.problems:
                where = f"{field_name}.{problem.path}" if problem.path else field_name
                errors.setdefault(where, []).append(problem.message)
            raise ValidationError(errors) from exc
        return engine.parse_plan(document)
    raise ValidationError({field_name: "a plan code or a plan document (JSON object)"})


def _number(value, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValidationError({where: "must be a number"})
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError({where: "must be a number"}) from exc
    if not number.is_finite():
        raise ValidationError({where: "must be a number"})
    return number


def _object(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError({where: "must be an object"})
    return value


def facts_from(data: dict, month: date) -> engine.Facts:
    """`engine.Facts` from explicit values; ValidationError naming the field on bad input.

    `{"values": {"revenue": {"actual": 550000000, "attainment": 110}}, "level": 1,
    "total_score": 112.22, "metrics": {"active_outlets": 120},
    "okr": {"GT-1000": {"score": 1.0, "cycle_end_month": "2026-06", "participant": true}},
    "rankings": {"hunter": {"position": 1, "value": 35, "field_size": 12}},
    "windows": {"boost": 7400000}}` (`values` and `metrics` may name group metrics such as
    `revenue@focus`; `windows` gives a booster rule's value over its days by rule code)
    """
    kpis = {}
    for code, row in _object(data.get("values"), "values").items():
        where = f"values.{code}"
        if not isinstance(row, dict):
            raise ValidationError({where: "must be an object with actual and attainment"})
        unknown = set(row) - {"actual", "attainment"}
        if unknown:
            raise ValidationError({f"{where}.{sorted(unknown)[0]}": "unknown key"})
        kpis[code] = engine.KpiFact(
            actual=_number(row.get("actual"), f"{where}.actual"),
            attainment=_number(row.get("attainment"), f"{where}.attainment"),
        )
    level = data.get("level", 1)
    if isinstance(level, bool) or not isinstance(level, int) or level < 1:
        raise ValidationError({"level": "must be a whole number from 1"})
    metrics = {
        code: _number(value, f"metrics.{code}")
        for code, value in _object(data.get("metrics"), "metrics").items()
    }
    okr = {}
    for code, row in _object(data.get("okr"), "okr").items():
        where = f"okr.{code}"
        if not isinstance(row, dict):
            raise ValidationError({where: "must be an object"})
        try:
            end = parse_month(str(row.get("cycle_end_month") or format(month, "%Y-%m")))
        except ValueError as exc:
            raise ValidationError({f"{where}.cycle_end_month": "must be YYYY-MM"}) from exc
        okr[code] = engine.OkrOutcome(
            score=_number(row.get("score"), f"{where}.score"),
            cycle_end_month=end,
            participant=bool(row.get("participant", True)),
        )
    rankings = {}
    for code, row in _object(data.get("rankings"), "rankings").items():
        where = f"rankings.{code}"
        row = row if isinstance(row, dict) else {"position": row}
        position = row.get("position")
        if position is not None and (
            isinstance(position, bool) or not isinstance(position, int) or position < 1
        ):
            raise ValidationError({f"{where}.position": "must be a whole number from 1"})
        rankings[code] = engine.RankingFact(
            position=position,
            value=_number(row.get("value"), f"{where}.value"),
            field_size=int(row.get("field_size") or 0),
        )
    windows = {
        code: _number(value, f"windows.{code}")
        for code, value in _object(data.get("windows"), "windows").items()
    }
    return engine.Facts(
        month=month,
        level=level,
        kpis=kpis,
        metrics=metrics,
        total_score=_number(data.get("total_score"), "total_score"),
        okr=okr,
        rankings=rankings,
        windows=windows,
    )


def _month_statements(plan: engine.PlanSpec, month: date) -> dict[int, engine.Statement]:
    from incentives.payouts.closing import evaluate_people

    _result, evaluated = evaluate_people(month=month, plans=[plan])
    return {salesman_id: statement for (salesman_id, _code), (_f, statement) in evaluated.items()}


def simulate(
    *,
    plan_document: dict | None = None,
    plan_code: str | None = None,
    month: date | None = None,
    facts: dict | None = None,
    compare_with: dict | str | None = None,
    people: QuerySet[Salesman],
) -> SimulationResult:
    """Evaluate a plan for a past month (per person, optionally against `compare_with`) or for
    explicit `facts`. Nothing is stored. Only `people` are shown: the asking user's
    `salesmen_visible_to(user)`, or `all_salesmen_for_system()` for a caller acting for the
    company."""
    if plan_document is None and plan_code is None:
        raise ValidationError({"plan": "give a plan code or a plan document"})
    plan = _resolve_plan(plan_document if plan_document is not None else plan_code, "plan")
    if facts is not None:
        result = SimulationResult(plan=plan, month=month or current_month())
        result.statement = engine.evaluate(plan, facts_from(decimalize(facts), result.month))
        return result
    if month is None:
        raise ValidationError({"period": "give the month (YYYY-MM) or explicit values"})
    compare = _resolve_plan(compare_with, "compare_with") if compare_with is not None else None
    result = SimulationResult(plan=plan, month=month, compare_plan=compare)
    statements = _month_statements(plan, month)
    compared = _month_statements(compare, month) if compare is not None else {}
    ids = set(statements) | set(compared)
    shown = Salesman.objects.filter(pk__in=ids).filter(pk__in=people.values("id"))
    for person in shown.select_related("team", "user").order_by("code"):
        result.people.append(
            PersonOutcome(
                salesman=person,
                statement=statements.get(person.pk),
                compare=compared.get(person.pk),
            )
        )
    return result


def result_as_dict(result: SimulationResult) -> dict:
    """The API's answer: amounts as whole-Rupiah strings, lines with their explanations."""
    if result.statement is not None:
        statement = result.statement.as_dict()
        return {
            "plan": result.plan.code,
            "period": format(result.month, "%Y-%m"),
            "lines": statement["lines"],
            "gate": statement["gate"],
            "notes": statement["notes"],
            "rewards": statement["rewards"],
            "total": str(result.statement.total),
        }
    people = []
    for person in result.people:
        item = {
            "salesman": person.salesman.code,
            "name": person.salesman.name,
            "team": person.salesman.team.name if person.salesman.team else None,
            "total": str(person.total),
            "lines": person.statement.as_dict()["lines"] if person.statement else [],
            "rewards": list(person.statement.rewards) if person.statement else [],
        }
        if result.compare_plan is not None:
            item["compare_total"] = str(person.compare_total)
            item["difference"] = str(person.difference)
        people.append(item)
    answer = {
        "plan": result.plan.code,
        "period": format(result.month, "%Y-%m"),
        "people": people,
        "total": str(result.total),
    }
    if result.compare_plan is not None:
        answer.update(
            {
                "compare_with": result.compare_plan.code,
                "compare_total": str(result.compare_total),
                "difference": str(result.difference),
                "gainers": [p.salesman.code for p in result.gainers],
                "losers": [p.salesman.code for p in result.losers],
            }
        )
    return answer

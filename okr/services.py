"""Writes: cycles, objectives, key results, check-ins, and the refresh of key-result values.

Every change to an objective or a key result is recorded in the audit trail against the
objective (who, when, the changed fields before and after), so the objective page shows its
whole history, including the key results that were removed.

How a metric-linked key result is measured (`measure_key_result`), over the months from its
`count_from` (default: the cycle's start) up to the day measured (never past the cycle's end),
for its scope's people (the objective's participants, or a team's members):

- ``sum``: the metric's monthly values added up, e.g. "1,000 new GT outlets this semester" sums
  `new_outlets` of the participants over the semester's months;
- ``mean``: the mean of the monthly values that have data (for ratios such as `aov` or `osa`);
- ``share_mt_key_accounts``: a percentage KR: the sum as above as a percentage of the active MT
  key-account outlets (the whole company's), 2 decimals. "Listing in 80% of MT key accounts"
  sums `new_product_listings` and has target 80 (unit %). `new_product_listings` counts each
  outlet in the month of its first order of a new product, so one outlet that lists two new
  products in different months counts twice; the score is clamped at 1.0 anyway.

The monthly snapshot covers whole months: measuring on the 15th reads the month-to-date value
of that month as it was last computed.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from org import policy
from org.audit import record
from org.models import Channel, Salesman, Team, User
from org.periods import MonthLocked, period_for_update, require_open
from outlets.metrics import METRICS, metric_totals
from outlets.models import MetricValue, Outlet
from spm.months import JAKARTA, add_months, month_start

from . import scoring
from .models import (
    Aggregation,
    CheckIn,
    Cycle,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
    Scope,
)

HUNDRED = Decimal(100)

OBJECTIVE_FIELDS = (
    "code",
    "cycle",
    "title_id",
    "title_en",
    "description",
    "level",
    "team",
    "owner",
    "parent",
)
KEY_RESULT_FIELDS = (
    "title_id",
    "title_en",
    "kind",
    "metric",
    "aggregation",
    "scope",
    "scope_team",
    "count_from",
    "start_value",
    "target_value",
    "direction",
    "unit",
    "weight",
    "position",
)


def today() -> date:
    return datetime.now(JAKARTA).date()


# --- measuring -----------------------------------------------------------------------------


def scope_salesman_ids(key_result: KeyResult) -> list[int]:
    if key_result.scope == Scope.TEAM:
        return list(
            Salesman.objects.filter(team_id=key_result.scope_team_id).values_list("id", flat=True)
        )
    return [p.id for p in key_result.objective.participants.all()]


def _metric_value(key_result: KeyResult, first_day: date, last_day: date) -> Decimal | None:
    ids = scope_salesman_ids(key_result)
    if not ids:
        return None
    if key_result.aggregation == Aggregation.MEAN:
        mean = MetricValue.objects.filter(
            metric=key_result.metric,
            month__gte=month_start(first_day),
            month__lte=month_start(last_day),
            salesman_id__in=ids,
            value__isnull=False,
        ).aggregate(mean=Avg("value"))["mean"]
        return None if mean is None else Decimal(mean).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    totals = metric_totals(
        metric=key_result.metric, start=first_day, end=last_day, salesman_ids=ids
    )
    total = sum(totals.values(), Decimal(0))
    if key_result.aggregation == Aggregation.SHARE_OF_MT_KEY_ACCOUNTS:
        key_accounts = Outlet.objects.filter(
            channel=Channel.MT, key_account=True, active=True
        ).count()
        if key_accounts == 0:
            return None
        return (total * HUNDRED / key_accounts).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return total


def measure_key_result(*, key_result: KeyResult, as_of: date) -> Decimal | None:
    """The key result's value on `as_of` (capped at the cycle's end); None when there is none.

    Manual: the latest check-in dated on or before that day. Metric-linked: the metric over the
    counted months (see the module docstring)."""
    cycle = key_result.objective.cycle
    last_day = min(as_of, cycle.end)
    if key_result.kind == KeyResultKind.MANUAL:
        latest = key_result.check_ins.filter(date__lte=last_day).order_by("-date", "-id").first()
        return None if latest is None else latest.value
    first_day = key_result.count_from or cycle.start
    if last_day < first_day:
        return None
    return _metric_value(key_result, first_day, last_day)


def _store_value(key_result: KeyResult, value: Decimal | None) -> bool:
    if value == key_result.current_value and key_result.value_updated_at is not None:
        return False
    key_result.current_value = value
    key_result.value_updated_at = timezone.now()
    key_result.save(update_fields=["current_value", "value_updated_at"])
    return True


def cycles_to_refresh(as_of: date):
    """Cycles that have started and are still running, or ended since the start of the previous
    month (late field data for last month still reaches them)."""
    return Cycle.objects.filter(start__lte=as_of, end__gte=add_months(month_start(as_of), -1))


def refresh_key_results(*, cycle: Cycle | None = None, as_of: date) -> int:
    """Bring every key result of `cycle` (default: `cycles_to_refresh(as_of)`) up to date as of
    `as_of`: metric-linked ones from the metric snapshot, manual ones from their latest check-in.
    Returns how many values changed. Idempotent; the nightly task runs it."""
    cycles = [cycle] if cycle is not None else list(cycles_to_refresh(as_of))
    changed = 0
    key_results = KeyResult.objects.filter(objective__cycle__in=cycles).select_related(
        "objective", "objective__cycle"
    )
    for key_result in key_results.prefetch_related("objective__participants"):
        value = measure_key_result(key_result=key_result, as_of=as_of)
        changed += _store_value(key_result, value)
    return changed


# --- check-ins ------------------------------------------------------------------------------


@transaction.atomic
def record_check_in(
    *,
    key_result: KeyResult,
    by: User,
    date: date,
    value: Decimal | None,
    confidence: int,
    note: str = "",
) -> CheckIn:
    """Record a check-in. A manual key result takes its value (when it is the latest); a
    metric-linked one keeps the metric's value, which the check-in records as it stands.

    Raises PermissionDenied when `by` may not check in on this objective, and ValidationError
    naming the field for a date outside the cycle or in a locked month, a confidence outside
    1–10, or a manual check-in without a value."""
    objective = key_result.objective
    if not policy.may_check_in(by, objective):
        raise PermissionDenied(_("You may not record check-ins on this objective."))
    cycle = objective.cycle
    errors = {}
    if not cycle.start <= date <= cycle.end:
        errors["date"] = _("The date must fall within the cycle (%(start)s – %(end)s).") % {
            "start": cycle.start.isoformat(),
            "end": cycle.end.isoformat(),
        }
    elif period_for_update(date).is_locked:
        errors["date"] = MonthLocked(date)
    if not isinstance(confidence, int) or not 1 <= confidence <= 10:
        errors["confidence"] = _("Confidence must be a whole number from 1 to 10.")
    if key_result.is_metric:
        value = key_result.current_value
        if value is None:
            value = measure_key_result(key_result=key_result, as_of=date)
        if value is None:
            value = key_result.start_value
    elif value is None:
        errors["value"] = _("Enter the key result's value.")
    if errors:
        raise ValidationError(errors)
    check_in = CheckIn.objects.create(
        key_result=key_result,
        date=date,
        value=Decimal(value),
        confidence=confidence,
        note=note.strip(),
        by=by,
    )
    if not key_result.is_metric:
        _store_value(key_result, measure_key_result(key_result=key_result, as_of=cycle.end))
    return check_in


# --- cycles, objectives, key results ---------------------------------------------------------


def _require_manager(by: User) -> None:
    if not policy.may_manage_okrs(by):
        raise PermissionDenied(_("Only managers and admins may change OKRs."))


def _require_open(cycle: Cycle) -> None:
    """A cycle pays its OKR bonus in its last month: once that month is locked (`MonthLocked`),
    the cycle's objectives and key results are final."""
    require_open(cycle.end_month)


def _label(value) -> object:
    if value is None:
        return None
    if isinstance(value, Cycle | Objective):
        return value.code
    if isinstance(value, Salesman):
        return value.code
    if isinstance(value, Team):
        return value.name
    return value


def objective_snapshot(objective: Objective) -> dict:
    data = {field: _label(getattr(objective, field)) for field in OBJECTIVE_FIELDS}
    data["participants"] = sorted(p.code for p in objective.participants.all())
    return data


def key_result_snapshot(key_result: KeyResult) -> dict:
    return {field: _label(getattr(key_result, field)) for field in KEY_RESULT_FIELDS}


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def _stage_note(cycle: Cycle) -> str:
    day = today()
    if cycle.start <= day <= cycle.end:
        return "mid-cycle"
    return "after the cycle" if day > cycle.end else "before the cycle"


def check_objective(objective: Objective) -> None:
    """Owner fields that match the level, and an alignment that makes sense."""
    errors = {}
    if objective.level == Level.TEAM and objective.team_id is None:
        errors["team"] = _("A team objective needs its team.")
    if objective.level == Level.PERSON and objective.owner_id is None:
        errors["owner"] = _("A person objective needs its owner.")
    parent = objective.parent
    if parent is not None:
        seen = {objective.pk}
        while parent is not None:
            if parent.pk in seen:
                errors["parent"] = _("An objective cannot be aligned to itself or below itself.")
                break
            seen.add(parent.pk)
            parent = parent.parent
    if errors:
        raise ValidationError(errors)


def _normalise_owner(objective: Objective) -> None:
    if objective.level != Level.TEAM:
        objective.team = None
    if objective.level != Level.PERSON:
        objective.owner = None


@transaction.atomic
def create_cycle(*, by: User, code: str, name: str, kind: str, start: date, end: date) -> Cycle:
    _require_manager(by)
    if end < start:
        raise ValidationError({"end": _("The end must not be before the start.")})
    cycle = Cycle(code=code, name=name, kind=kind, start=start, end=end)
    cycle.full_clean()
    cycle.save()
    record(
        actor=by,
        action="okr.cycle.created",
        obj=cycle,
        after={"code": code, "name": name, "kind": kind, "start": start, "end": end},
    )
    return cycle


@transaction.atomic
def save_objective(
    *, objective: Objective, participants: list[Salesman] | None, by: User
) -> Objective:
    """Create or update an objective (fields already set on the instance) and its participants.

    A person objective always counts its owner among the participants. The change is recorded
    in the audit trail with the fields before and after."""
    _require_manager(by)
    creating = objective.pk is None
    before = {} if creating else objective_snapshot(Objective.objects.get(pk=objective.pk))
    _require_open(objective.cycle)
    _normalise_owner(objective)
    check_objective(objective)
    if creating:
        objective.created_by = by
    objective.full_clean(exclude=["participants"])
    objective.save()
    if participants is not None:
        people = set(participants)
        if objective.level == Level.PERSON:
            people.add(objective.owner)
        objective.participants.set(people)
    elif objective.level == Level.PERSON:
        objective.participants.add(objective.owner)
    after = objective_snapshot(objective)
    if creating:
        record(actor=by, action="okr.objective.created", obj=objective, after=after)
    else:
        old, new = _diff(before, after)
        if old or new:
            record(
                actor=by,
                action="okr.objective.updated",
                obj=objective,
                before=old,
                after=new,
                note=_stage_note(objective.cycle),
            )
    return objective


def check_key_result(key_result: KeyResult) -> None:
    errors = {}
    if key_result.kind == KeyResultKind.METRIC:
        metric = METRICS.get(key_result.metric)
        if metric is None:
            errors["metric"] = _("Choose a metric of the catalogue.")
        elif metric.ratio and key_result.aggregation != Aggregation.MEAN:
            errors["aggregation"] = _("A ratio metric cannot be added up; use the mean.")
        if key_result.scope == Scope.TEAM and key_result.scope_team_id is None:
            errors["scope_team"] = _("Name the team whose members count.")
    else:
        key_result.metric = ""
        key_result.aggregation = Aggregation.SUM
        key_result.scope = Scope.PARTICIPANTS
        key_result.scope_team = None
        key_result.count_from = None
    if key_result.scope != Scope.TEAM:
        key_result.scope_team = None
    try:
        scoring.check_definition(
            start=key_result.start_value,
            target=key_result.target_value,
            direction=key_result.direction,
        )
    except scoring.ScoringError:
        errors["target_value"] = _(
            "The target must differ from the start value, above it when higher is better and "
            "below it when lower is better."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_key_result(*, key_result: KeyResult, by: User) -> KeyResult:
    """Create or update a key result; recorded against its objective. Its value is measured
    again at once (as of today, within the cycle)."""
    _require_manager(by)
    objective = key_result.objective
    _require_open(objective.cycle)
    creating = key_result.pk is None
    before = {} if creating else key_result_snapshot(KeyResult.objects.get(pk=key_result.pk))
    check_key_result(key_result)
    key_result.full_clean()
    key_result.save()
    after = key_result_snapshot(key_result)
    if creating:
        record(
            actor=by,
            action="okr.key_result.created",
            obj=objective,
            after=after,
            note=key_result.title_id,
        )
    else:
        old, new = _diff(before, after)
        if old or new:
            record(
                actor=by,
                action="okr.key_result.updated",
                obj=objective,
                before=old,
                after=new,
                note=f"{key_result.title_id} ({_stage_note(objective.cycle)})",
            )
    _store_value(key_result, measure_key_result(key_result=key_result, as_of=today()))
    return key_result


@transaction.atomic
def delete_key_result(*, key_result: KeyResult, by: User) -> None:
    _require_manager(by)
    objective = key_result.objective
    _require_open(objective.cycle)
    record(
        actor=by,
        action="okr.key_result.deleted",
        obj=objective,
        before=key_result_snapshot(key_result),
        note=f"{key_result.title_id} ({_stage_note(objective.cycle)})",
    )
    key_result.delete()

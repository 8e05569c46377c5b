"""The KPI app's use cases: targets and manual actuals, scorecards for a month, target breakdown,
KRA and KPI definitions. Views, the API, commands and tasks all call these functions.

Scorecard templates as documents (import/export/save) live in `kpi.documents`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from org.audit import _jsonable, record
from org.models import AuditEntry, Period, Role, Salesman, Team, User
from org.periods import is_month_locked
from spm.bulk import insert_rows
from spm.months import add_months, current_month, format_month

from .allocation import largest_remainder
from .models import (
    KRA,
    KPIDefinition,
    ManualActual,
    Scorecard,
    ScorecardRow,
    ScorecardStatus,
    ScorecardTemplate,
    Target,
    TemplateAssignment,
)
from .scoring import SheetRow, score_row

SCORED_ROLES = (Role.SALESMAN, Role.SUPERVISOR, Role.MANAGER)

# Team metrics that add up across teams. A supervisor or manager who leads several teams gets
# the sum of these; every other metric (ratios, means, growth) is the mean of the teams' values
# that have data: a documented approximation (see `_leader_metric`).
ADDITIVE_METRICS = {
    "revenue",
    "orders",
    "active_outlets",
    "new_outlets",
    "visits",
    "productive_calls",
    "distribution_points",
    "new_product_listings",
}


class LockedMonthError(ValidationError):
    """The month is locked (its payout run is locked): nothing dated in it may change."""

    def __init__(self, month: date):
        self.month = month
        super().__init__(
            _("%(month)s is locked; its targets, actuals and scorecards cannot change.")
            % {"month": format_month(month)},
            code="locked",
        )


def check_month_open(month: date) -> None:
    if is_month_locked(month):
        raise LockedMonthError(month)


# --- KRAs and KPI definitions -------------------------------------------------------------------


def _kra_snapshot(kra: KRA) -> dict:
    return {"name": kra.name, "name_id": kra.name_id}


def _kpi_snapshot(kpi: KPIDefinition) -> dict:
    from .documents import kpi_snapshot

    return kpi_snapshot(kpi)


@transaction.atomic
def save_kra(*, kra: KRA, by: User | None) -> KRA:
    """Create or update a KRA (already validated by its form), with an audit entry."""
    before = _kra_snapshot(KRA.objects.get(pk=kra.pk)) if kra.pk else None
    kra.save()
    after = _kra_snapshot(kra)
    if before != after:
        record(actor=by, action="kra.save", obj=kra, before=before, after=after)
    return kra


@transaction.atomic
def save_kpi(*, kpi: KPIDefinition, by: User | None) -> KPIDefinition:
    """Create or update a KPI definition, with an audit entry.

    A KPI that is lower-is-better must have a cap wherever a template uses it.
    """
    if kpi.direction == "lower" and kpi.pk:
        uncapped = kpi.items.filter(cap__isnull=True).select_related("template")
        if uncapped:
            raise ValidationError(
                {
                    "direction": _(
                        "A lower-is-better KPI needs a cap; these templates use it without one: "
                        "%(codes)s."
                    )
                    % {"codes": ", ".join(item.template.code for item in uncapped)}
                }
            )
    before = _kpi_snapshot(KPIDefinition.objects.get(pk=kpi.pk)) if kpi.pk else None
    kpi.save()
    after = _kpi_snapshot(kpi)
    if before != after:
        record(actor=by, action="kpi.save", obj=kpi, before=before, after=after)
    return kpi


# --- Targets and manual actuals -----------------------------------------------------------------


def _value_changes(model, *, month: date, values: dict[tuple[int, int], Decimal | None]):
    """Split wanted (salesman_id, kpi_id) → value into creates, updates, deletes and befores."""
    current = {
        (row.salesman_id, row.kpi_id): row
        for row in model.objects.filter(
            month=month, salesman_id__in={s for s, _ in values}, kpi_id__in={k for _, k in values}
        )
    }
    creates, updates, deletes = [], [], []
    for key, value in values.items():
        row = current.get(key)
        if value is None:
            if row is not None:
                deletes.append(row)
        elif row is None:
            creates.append(model(month=month, salesman_id=key[0], kpi_id=key[1], value=value))
        elif row.value != value:
            updates.append((row, row.value))
            row.value = value
    return creates, updates, deletes


@transaction.atomic
def save_targets(
    *, month: date, values: dict[tuple[int, int], Decimal | None], by: User | None, note: str = ""
) -> int:
    """Set the targets of a month: {(salesman_id, kpi_id): value, or None to remove it}.

    Refused for a locked month. Each change is recorded in the audit trail (before/after).
    Returns the number of targets created, changed or removed.
    """
    return _save_values(Target, "target", month=month, values=values, by=by, note=note).changed


@transaction.atomic
def save_manual_actuals(
    *, month: date, values: dict[tuple[int, int], Decimal | None], by: User | None, note: str = ""
) -> int:
    """Set manual actuals of a month, like `save_targets` (manual KPIs only)."""
    kpi_ids = {k for _, k in values}
    not_manual = KPIDefinition.objects.filter(pk__in=kpi_ids).exclude(source="manual")
    if not_manual.exists():
        raise ValidationError(
            _("Actuals are entered only for manual KPIs; not for: %(codes)s.")
            % {"codes": ", ".join(not_manual.values_list("code", flat=True))}
        )
    counts = _save_values(ManualActual, "actual", month=month, values=values, by=by, note=note)
    return counts.changed


@dataclass(frozen=True)
class SaveCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def _save_values(model, label, *, month, values, by, note) -> SaveCounts:
    """Upsert/delete a month's targets or actuals under the month's row lock, audited in bulk."""
    month = month.replace(day=1)
    Period.objects.get_or_create(month=month)
    period = Period.objects.select_for_update().get(month=month)
    if period.is_locked:
        raise LockedMonthError(month)
    creates, updates, deletes = _value_changes(model, month=month, values=values)
    created = model.objects.bulk_create(creates, batch_size=2000)
    if updates:
        model.objects.bulk_update(
            [row for row, _ in updates], ["value", "updated_at"], batch_size=1000
        )
    if deletes:
        model.objects.filter(pk__in=[row.pk for row in deletes]).delete()
    actor = by if by is not None and by.is_authenticated else None
    object_type = model._meta.label_lower
    rows = [row for row in created] + [row for row, _ in updates] + deletes
    names = _Names(
        salesmen=dict(
            Salesman.objects.filter(pk__in={r.salesman_id for r in rows}).values_list("id", "code")
        ),
        kpis=dict(
            KPIDefinition.objects.filter(pk__in={r.kpi_id for r in rows}).values_list("id", "code")
        ),
    )
    entries = [
        _entry(actor, f"{label}.create", object_type, row, None, names.json(row), names, note)
        for row in created
    ]
    entries += [
        _entry(
            actor,
            f"{label}.update",
            object_type,
            row,
            names.json(row) | {"value": str(old)},
            names.json(row),
            names,
            note,
        )
        for row, old in updates
    ]
    entries += [
        _entry(actor, f"{label}.delete", object_type, row, names.json(row), None, names, note)
        for row in deletes
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return SaveCounts(len(created), len(updates), len(deletes))


@dataclass(frozen=True)
class _Names:
    """Codes of the people and KPIs of a batch of targets or actuals, so that the audit trail
    reads "2026-06 A1 revenue" rather than database ids."""

    salesmen: dict[int, str]
    kpis: dict[int, str]

    def label(self, row) -> str:
        return (
            f"{format_month(row.month)} {self.salesmen.get(row.salesman_id, row.salesman_id)} "
            f"{self.kpis.get(row.kpi_id, row.kpi_id)}"
        )

    def json(self, row) -> dict:
        return {
            "month": format_month(row.month),
            "salesman_id": row.salesman_id,
            "salesman": self.salesmen.get(row.salesman_id),
            "kpi_id": row.kpi_id,
            "kpi": self.kpis.get(row.kpi_id),
            "value": str(row.value),
        }


def _entry(actor, action, object_type, row, before, after, names, note) -> AuditEntry:
    """The same entry `org.audit.record` writes, built for one bulk insert."""
    return AuditEntry(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(row.pk),
        object_repr=names.label(row)[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )


# --- Which template applies to whom -------------------------------------------------------------


def templates_by_person(people) -> dict[int, ScorecardTemplate]:
    """{salesman_id: template} for sales-force profiles (with `user` loaded).

    Precedence: an explicit `TemplateAssignment`; else the template for the person's role and
    channel; else the one for his role and any channel. People with none get no scorecard.
    """
    templates = list(ScorecardTemplate.objects.prefetch_related("items__kpi__kra").order_by("code"))
    by_id = {t.id: t for t in templates}
    by_scope = {(t.role, t.channel): t for t in templates}
    assigned = dict(
        TemplateAssignment.objects.filter(salesman__in=[p.id for p in people]).values_list(
            "salesman_id", "template_id"
        )
    )
    result = {}
    for person in people:
        template = by_id.get(assigned.get(person.id))
        if template is None:
            role = person.user.role
            template = by_scope.get((role, person.channel)) or by_scope.get((role, ""))
        if template is not None:
            result[person.id] = template
    return result


@transaction.atomic
def assign_template(
    *, salesman: Salesman, template: ScorecardTemplate | None, by: User | None
) -> None:
    """Give one person an explicit template (overriding his role + channel match), or take it
    away with `template=None`. Recorded in the audit trail; the next computation uses it."""
    current = TemplateAssignment.objects.filter(salesman=salesman).select_related("template")
    before = current.first()
    before_code = before.template.code if before else None
    after_code = template.code if template else None
    if before_code == after_code:
        return
    if template is None:
        current.delete()
    else:
        TemplateAssignment.objects.update_or_create(
            salesman=salesman, defaults={"template": template}
        )
    record(
        actor=by,
        action="template.assign",
        obj=salesman,
        before={"template": before_code},
        after={"template": after_code},
    )


def template_for(salesman: Salesman) -> ScorecardTemplate | None:
    return templates_by_person([salesman]).get(salesman.id)


# --- Computing scorecards -----------------------------------------------------------------------


def _leader_teams(people) -> dict[int, list[int]]:
    """{salesman_id: [team ids]} for supervisors (teams they supervise) and managers (teams they
    manage or whose supervisor reports to them), as in `org.visibility`."""
    leaders = {p.user_id: p.id for p in people if p.user.role in (Role.SUPERVISOR, Role.MANAGER)}
    if not leaders:
        return {}
    result: dict[int, set[int]] = defaultdict(set)
    rows = Team.objects.filter(
        Q(supervisor_id__in=leaders)
        | Q(manager_id__in=leaders)
        | Q(supervisor__salesman__reports_to__user_id__in=leaders)
    ).values_list("id", "supervisor_id", "manager_id", "supervisor__salesman__reports_to__user_id")
    roles = {p.user_id: p.user.role for p in people}
    for team_id, supervisor, manager, boss in rows:
        if supervisor in leaders and roles[supervisor] == Role.SUPERVISOR:
            result[leaders[supervisor]].add(team_id)
        for user_id in (manager, boss):
            if user_id in leaders and roles[user_id] == Role.MANAGER:
                result[leaders[user_id]].add(team_id)
    return {sid: sorted(teams) for sid, teams in result.items()}


def _leader_metric(metric: str, values: list[Decimal | None]) -> Decimal | None:
    """A leader's metric over his teams: one team → its value; several → the sum for additive
    metrics, the mean of the teams with data for the others; no team with data → no data."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if len(values) == 1 or metric in ADDITIVE_METRICS:
        return sum(present, Decimal(0))
    return sum(present, Decimal(0)) / len(present)


def compute_scorecards(*, month: date, salesman_ids=None) -> int:
    """Compute and store the scorecards of `month` (all active people, or `salesman_ids`).

    For every active salesman, supervisor and manager with a template: the target of each KPI
    from `Target`; the actual from the metric snapshot (`MetricValue`, KPI source `metric:NAME`)
    or from `ManualActual` (source `manual`). Supervisors' and managers' metric KPIs read the
    team snapshot (`TeamMetricValue`) of the teams they lead (see `_leader_metric`). The result
    replaces the month's draft snapshot; a locked month raises `LockedMonthError` and nothing is
    touched, and a scorecard marked locked is kept as it is. Returns the number of scorecards
    stored.
    """
    from outlets.models import MetricValue, TeamMetricValue

    month = month.replace(day=1)
    # Only the columns `templates_by_person` and `_leader_teams` read: a whole Salesman and
    # User per person cost 44 ms for the benchmark's 2,000 people, these 27 ms.
    people_qs = (
        Salesman.objects.filter(active=True, user__role__in=SCORED_ROLES)
        .select_related("user")
        .only("id", "user_id", "channel", "user__role")
    )
    if salesman_ids is not None:
        people_qs = people_qs.filter(pk__in=list(salesman_ids))
    people = list(people_qs)
    plan = templates_by_person(people)
    ids = list(plan)

    metric_kpis = {
        item.kpi.metric for t in set(plan.values()) for item in t.items.all() if item.kpi.metric
    }
    leader_teams = _leader_teams([p for p in people if p.id in plan])
    own_metrics: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    plain_ids = [sid for sid in ids if sid not in leader_teams]
    if metric_kpis and plain_ids:
        rows = MetricValue.objects.filter(month=month, metric__in=metric_kpis)
        if salesman_ids is not None or len(plain_ids) < 500:
            rows = rows.filter(salesman_id__in=plain_ids)
        for sid, metric, value in rows.values_list("salesman_id", "metric", "value"):
            own_metrics[sid][metric] = value
    team_metrics: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    all_teams = {team for teams in leader_teams.values() for team in teams}
    if metric_kpis and all_teams:
        rows = TeamMetricValue.objects.filter(
            month=month, metric__in=metric_kpis, team_id__in=all_teams
        ).values_list("team_id", "metric", "value")
        for team_id, metric, value in rows:
            team_metrics[team_id][metric] = value

    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    manual: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for model, into in ((Target, targets), (ManualActual, manual)):
        rows = model.objects.filter(month=month)
        if salesman_ids is not None or len(ids) < 500:
            rows = rows.filter(salesman_id__in=ids)
        for sid, kpi_id, value in rows.values_list("salesman_id", "kpi_id", "value"):
            into[sid][kpi_id] = value

    now = timezone.now()
    items = {template.id: _template_items(template) for template in set(plan.values())}
    cards: dict[int, tuple] = {}
    card_rows: dict[int, list[tuple]] = {}
    for sid in ids:
        template = plan[sid]
        rounding = template.rounding
        own, leader = own_metrics[sid], leader_teams.get(sid)
        person_targets, person_manual = targets[sid], manual[sid]
        total = Decimal(0)
        rows = []
        for item in items[template.id]:
            metric = item.metric
            if metric is None:
                actual = person_manual.get(item.kpi_id)
            elif leader is not None:
                actual = _leader_metric(metric, [team_metrics[t].get(metric) for t in leader])
            else:
                actual = own.get(metric)
            target = person_targets.get(item.kpi_id)
            result = score_row(
                SheetRow(
                    item.code, item.weight, item.direction, target, actual, item.cap, item.floor
                ),
                rounding,
            )
            total += result.final_score if rounding == "row" else result.exact_final_score
            rows.append(
                (
                    *item.columns,
                    target,
                    actual,
                    _store_attainment(result.attainment),
                    result.score,
                    result.final_score,
                    item.cap,
                    item.floor,
                    result.no_data,
                )
            )
        cards[sid] = (
            sid,
            month,
            template.id,
            template.code,
            template.name,
            rounding,
            total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            ScorecardStatus.DRAFT.value,
            now,
        )
        card_rows[sid] = rows

    with transaction.atomic():
        # Every writer of a month takes its Period row lock, so a lock cannot slip in between.
        Period.objects.get_or_create(month=month)
        period = Period.objects.select_for_update().get(month=month)
        if period.is_locked:
            raise LockedMonthError(month)
        # A scorecard marked locked (by a payout run's lock) is a final snapshot even if its
        # month was opened again: it is neither deleted nor replaced.
        kept = set(
            Scorecard.objects.filter(month=month, status=ScorecardStatus.LOCKED).values_list(
                "salesman_id", flat=True
            )
        )
        for sid in kept:
            cards.pop(sid, None)
            card_rows.pop(sid, None)
        stale = Scorecard.objects.filter(month=month, status=ScorecardStatus.DRAFT)
        if salesman_ids is not None:
            stale = stale.filter(salesman_id__in=[p.id for p in people] + list(salesman_ids))
        ScorecardRow.objects.filter(scorecard__in=stale).delete()
        stale._raw_delete(stale.db)  # its rows are gone; nothing else points at a scorecard
        if cards:
            _store_scorecards(cards, card_rows)
    return len(cards)


@dataclass(frozen=True)
class _Item:
    """A template item as `compute_scorecards` reads it for every person: looked up once per
    template rather than once per person and row through the model instances (2,000 people ×
    3 rows in the close_period benchmark: ≈ 0.06 s → 0.03 s of the loop under cProfile)."""

    kpi_id: int
    code: str
    metric: str | None
    weight: Decimal
    direction: str
    cap: Decimal | None
    floor: Decimal | None
    columns: tuple  # the row's first ROW_COLUMNS, position to source


def _template_items(template: ScorecardTemplate) -> list[_Item]:
    result = []
    for position, item in enumerate(template.items.all()):
        kpi = item.kpi
        columns = (
            position,
            kpi.id,
            kpi.code,
            kpi.name_id,
            kpi.name_en,
            kpi.kra.name,
            item.weight,
            kpi.unit,
            kpi.direction,
            kpi.source,
        )
        result.append(
            _Item(
                kpi.id,
                kpi.code,
                kpi.metric,
                item.weight,
                kpi.direction,
                item.cap,
                item.floor,
                columns,
            )
        )
    return result


CARD_COLUMNS = (
    "salesman_id",
    "month",
    "template_id",
    "template_code",
    "template_name",
    "rounding",
    "total",
    "status",
    "computed_at",
)
ROW_COLUMNS = (
    "position",
    "kpi_id",
    "kpi_code",
    "kpi_name_id",
    "kpi_name_en",
    "kra",
    "weight",
    "unit",
    "direction",
    "source",
    "target",
    "actual",
    "attainment",
    "score",
    "final_score",
    "cap",
    "floor",
    "no_data",
)


def _store_scorecards(cards: dict[int, tuple], card_rows: dict[int, list[tuple]]) -> None:
    """Insert the scorecards and their rows (tuples in CARD_COLUMNS / ROW_COLUMNS order), the
    cards' ids read back by month and salesman. Through `spm.bulk.insert_rows` (COPY on
    PostgreSQL): the benchmark's 2,000 cards and 6,000 rows cost 0.40 s under cProfile through
    `execute_values` (one `mogrify` per row), 0.08 s with COPY.
    """
    insert_rows(Scorecard, CARD_COLUMNS, cards.values())
    month = next(iter(cards.values()))[CARD_COLUMNS.index("month")]
    stored = Scorecard.objects.filter(month=month).order_by().values_list("salesman_id", "id")
    card_ids = {sid: card_id for sid, card_id in stored if sid in cards}
    insert_rows(
        ScorecardRow,
        ("scorecard_id", *ROW_COLUMNS),
        [(card_ids[sid], *row) for sid, rows in card_rows.items() for row in rows],
    )


def refresh_current_month() -> int:
    """The nightly refresh: this month's scorecards (Asia/Jakarta), or 0 when it is locked."""
    month = current_month()
    if is_month_locked(month):
        return 0
    return compute_scorecards(month=month)


_ATTAINMENT_PLACES = Decimal("0.0000000001")


_ATTAINMENT_MAX = Decimal(10) ** 14 - 1  # what numeric(24, 10) holds


def _store_attainment(value: Decimal | None) -> Decimal | None:
    """Ten decimals, as stored; an absurd ratio (a target of a fraction of a Rupiah) is kept
    at the column's largest value rather than failing the whole month."""
    if value is None:
        return None
    value = max(-_ATTAINMENT_MAX, min(_ATTAINMENT_MAX, value))
    return value.quantize(_ATTAINMENT_PLACES, rounding=ROUND_HALF_UP)


def lock_scorecards(*, month: date) -> int:
    """Mark the month's scorecards locked (the payout run's lock calls this)."""
    return Scorecard.objects.filter(month=month.replace(day=1)).update(
        status=ScorecardStatus.LOCKED
    )


# --- Target breakdown ---------------------------------------------------------------------------


@dataclass
class BreakdownLine:
    salesman_id: int
    code: str
    name: str
    history: Decimal | None  # sum of the actuals over the history window; None = new salesman
    weight: Decimal = Decimal(0)
    share: Decimal = Decimal(0)  # % of the whole this line's weight stands for
    proposed: int = 0
    entered: str | None = None  # what the manager typed over the proposal (the page only)


@dataclass
class TeamBreakdown:
    team_id: int
    name: str
    lines: list[BreakdownLine] = field(default_factory=list)
    weight: Decimal = Decimal(0)
    share: Decimal = Decimal(0)
    proposed: int = 0


def history_actuals(*, kpi: KPIDefinition, months: list[date], salesman_ids) -> dict[int, Decimal]:
    """The sum of a KPI's actuals over `months` per salesman who has at least one value there."""
    from outlets.models import MetricValue

    if kpi.metric:
        rows = MetricValue.objects.filter(
            metric=kpi.metric, month__in=months, salesman_id__in=salesman_ids, value__isnull=False
        )
    else:
        rows = ManualActual.objects.filter(kpi=kpi, month__in=months, salesman_id__in=salesman_ids)
    result: dict[int, Decimal] = defaultdict(Decimal)
    for sid, value in rows.values_list("salesman_id", "value"):
        result[sid] += value
    return dict(result)


def propose_breakdown(
    *, kpi: KPIDefinition, month: date, total: Decimal, salesmen, history_months: int = 3
) -> list[TeamBreakdown]:
    """Break a company (or team) target down to teams and salesmen by their history share.

    `salesmen`: the active salesmen to share among (a visibility-scoped queryset); each one's
    share is his sum of the KPI's actuals over the `history_months` months before `month`. A
    salesman with no value in that window (a new salesman) counts as his team's average (the
    average of its members with history; with none, the average of everyone with history; with
    nobody having history, everyone counts alike). The whole is split among teams by their
    members' weights, then each team's part among its members, both by largest remainder in
    whole units, so every level sums exactly to the whole.
    """
    if total < 0:
        raise ValidationError({"total": _("The target cannot be negative.")})
    if history_months < 1:
        raise ValidationError({"history_months": _("At least one month of history.")})
    month = month.replace(day=1)
    people = list(
        salesmen.filter(active=True, user__role=Role.SALESMAN, team__isnull=False)
        .select_related("team")
        .order_by("team__name", "code")
    )
    window = [add_months(month, -n) for n in range(1, history_months + 1)]
    history = history_actuals(kpi=kpi, months=window, salesman_ids=[p.id for p in people])

    teams: dict[int, TeamBreakdown] = {}
    for person in people:
        team = teams.setdefault(person.team_id, TeamBreakdown(person.team_id, person.team.name))
        team.lines.append(
            BreakdownLine(person.id, person.code, person.name, history.get(person.id))
        )
    known = [v for v in history.values()]
    overall = sum(known, Decimal(0)) / len(known) if known else Decimal(1)
    for team in teams.values():
        team_known = [line.history for line in team.lines if line.history is not None]
        average = sum(team_known, Decimal(0)) / len(team_known) if team_known else overall
        for line in team.lines:
            line.weight = line.history if line.history is not None else average
        team.weight = sum((line.weight for line in team.lines), Decimal(0))

    ordered = list(teams.values())
    whole_weight = sum((team.weight for team in ordered), Decimal(0))
    for team in ordered:
        team.share = _percent(team.weight, whole_weight)
        for line in team.lines:
            line.share = _percent(line.weight, whole_weight)
    for team, part in zip(
        ordered, largest_remainder(total, [t.weight for t in ordered]), strict=True
    ):
        team.proposed = part
        for line, share in zip(
            team.lines, largest_remainder(part, [x.weight for x in team.lines]), strict=True
        ):
            line.proposed = share
    return ordered


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

"""Scorecards of a month: `compute_scorecards` (the snapshot the payout close and the pages
read), `lock_scorecards` (the payout run's lock) and the nightly `refresh_current_month`.

The scoring rules themselves (skor, skor akhir, the total) are `kpi.scoring`'s; this module
loads the month's targets and actuals, calls it and stores the result.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from org.assignments import active_in_month
from org.models import Role, Salesman, Team
from org.periods import is_month_locked, is_restating, require_open
from outlets.models import MetricValue, TeamMetricValue
from spm.bulk import insert_rows
from spm.months import current_month

from .configuration import templates_by_person
from .models import (
    ManualActual,
    Scorecard,
    ScorecardRow,
    ScorecardStatus,
    Target,
)
from .scoring import SheetRow, score_row, sheet_total
from .versions import InForce, in_force

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
    replaces the month's draft snapshot; a locked month raises `org.periods.MonthLocked` and
    nothing is touched, and a scorecard marked locked is kept as it is. Returns the number of
    scorecards stored.
    """
    month = month.replace(day=1)
    # Only the columns `templates_by_person` and `_leader_teams` read: a whole Salesman and
    # User per person cost 44 ms for the benchmark's 2,000 people, these 27 ms.
    people_qs = (
        # active on at least one day of the month: joiners and leavers too (org/assignments.py)
        Salesman.objects.filter(active_in_month(month), user__role__in=SCORED_ROLES)
        .select_related("user")
        .only("id", "user_id", "channel", "user__role")
    )
    if salesman_ids is not None:
        people_qs = people_qs.filter(pk__in=list(salesman_ids))
    people = list(people_qs)
    plan = templates_by_person(people, month=month)
    ids = list(plan)
    # Each template as its version in force in the month says (kpi/versions.py).
    versions = in_force(set(plan.values()), month)

    metric_kpis = {
        item.kpi.metric for v in versions.values() for item in v.items if item.kpi.metric
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
    items = {tid: _template_items(version) for tid, version in versions.items()}
    cards: dict[int, tuple] = {}
    card_rows: dict[int, list[tuple]] = {}
    for sid in ids:
        template = plan[sid]
        version = versions[template.id]
        rounding = version.rounding
        own, leader = own_metrics[sid], leader_teams.get(sid)
        person_targets, person_manual = targets[sid], manual[sid]
        results = []
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
            results.append(result)
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
            version.number,
            version.name,
            rounding,
            sheet_total(results, rounding),
            ScorecardStatus.DRAFT.value,
            now,
        )
        card_rows[sid] = rows

    with transaction.atomic():
        # Every writer of a month takes its Period row lock, so a lock cannot slip in between.
        require_open(month)
        # A scorecard marked locked (by a payout run's lock) is a final snapshot even if its
        # month was opened again: it is neither deleted nor replaced (except while a locked
        # month is restated, in a savepoint that is rolled back: org.periods.restating).
        kept = set(
            Scorecard.objects.filter(month=month, status=ScorecardStatus.LOCKED).values_list(
                "salesman_id", flat=True
            )
        )
        if is_restating(month):
            kept = set()
        for sid in kept:
            cards.pop(sid, None)
            card_rows.pop(sid, None)
        stale = Scorecard.objects.filter(month=month)
        if not is_restating(month):
            stale = stale.filter(status=ScorecardStatus.DRAFT)
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


def _template_items(template: InForce) -> list[_Item]:
    result = []
    for position, item in enumerate(template.items):
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
    "template_version",
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

"""The month in progress (docs/contracts.md "Month to date, pace and projection"): the one
refresh pipeline and the readers of what it stores.

`refresh_month(month=, as_of=)`: the month-to-date metric snapshot (outlets.metrics) → the
month's draft scorecards (kpi.scorecards, MTD actuals against full targets) → the pace scores
(kpi.pace on those scorecards' rows, stored as `PaceScore`) → `month_refreshed`, the signal the
higher apps hang their own steps on (incentives stores the projections, incentives/live.py).
The `refresh_month` command, the task queued after an import that touches the current month
(kpi/tasks.py) and the nightly beat entry all run it. Set-based: a few queries for the whole
month, whatever the number of people.

Readers (cheap, for pages and boards): `pace_scores(month=, salesman_ids=)`,
`live_month_state(salesman, month=None)`.
"""

from __future__ import annotations

import inspect
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language

from org import calendar
from org.assignments import active_in_month
from org.models import Role, Salesman
from org.periods import is_month_locked
from outlets import metrics
from outlets.models import OrderLine, ShelfAudit, Visit
from spm.bulk import insert_rows
from spm.months import current_month, local_date, month_end, month_start

from . import pace
from .live_models import PaceScore
from .models import ScorecardRow
from .scorecards import SCORED_ROLES, compute_scorecards
from .scoring import SheetRow, score_sheet

logger = logging.getLogger(__name__)

# Sent once a month's metrics, scorecards and pace scores are stored, inside the refresh's
# transaction: kwargs month, as_of, progress (kpi.pace.Progress), salesman_ids (None: all) and
# paces (what `pace_rows_by_salesman` would read back, already in memory).
month_refreshed = Signal()

_CENT = Decimal("0.01")
_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Refreshed:
    month: date
    as_of: date
    working_days: int
    elapsed: int
    metrics: int  # salesmen whose metric snapshot was stored
    scorecards: int
    pace_scores: int


def today() -> date:
    return local_date(timezone.now())


def last_data_date(month: date) -> date | None:
    """The last day of `month`, up to today, that has field data (orders, visits, audits)."""
    first, last = month_start(month), min(month_end(month), today())
    found = [
        model.objects.filter(date__gte=first, date__lte=last).aggregate(day=Max("date"))["day"]
        for model in (OrderLine, Visit, ShelfAudit)
    ]
    found = [day for day in found if day is not None]
    return max(found) if found else None


def default_as_of(month: date) -> date:
    """ "As of the last data": a month that has ended counts to its end; the current month to
    its last day with field data (the day before the 1st when there is none yet)."""
    month = month_start(month)
    if month_end(month) < today():
        return month_end(month)
    return last_data_date(month) or month - timedelta(days=1)


def progress_of(month: date, as_of: date, days_off=None) -> pace.Progress:
    """The month's working days and those elapsed by `as_of` (org.calendar)."""
    days_off = days_off or calendar.company_calendar(month)
    return pace.Progress(
        working_days=calendar.working_days(month, days_off),
        elapsed=calendar.working_days_elapsed(month, as_of, days_off),
    )


def _metrics_take_as_of() -> bool:
    return "as_of" in inspect.signature(metrics.compute_month_metrics).parameters


# A partial refresh naming more than this share of the month's people runs as a whole one:
# one pass over everybody is cheaper than the same work through lists of ids.
PARTIAL_SHARE = Decimal("0.5")


def _scored_people(month: date):
    return Salesman.objects.filter(active_in_month(month), user__role__in=SCORED_ROLES)


def people_touched(*, month: date, salesman_ids, outlet_ids=()) -> list[int] | None:
    """Whose month-to-date figures an import of rows of `salesman_ids` at `outlet_ids` can
    change: those salesmen, and whoever has order lines of `month` at those outlets (a new
    product listing is credited to the first order of the outlet and product, whoever took it).
    The leaders, whose team aggregates change, are added by `refresh_month`. None (everyone)
    when the salesmen named are most people already (`PARTIAL_SHARE`)."""
    people = {int(sid) for sid in salesman_ids}
    if len(people) > _scored_people(month).count() * PARTIAL_SHARE:
        return None
    outlets = sorted({int(oid) for oid in outlet_ids or ()})
    if outlets:
        with connection.cursor() as cursor:
            # One array parameter: an IN list of thousands of outlets costs Django 0.5 s.
            cursor.execute(
                "SELECT DISTINCT salesman_id FROM outlets_orderline "
                "WHERE date >= %s AND date <= %s AND outlet_id = ANY(%s)",
                [month_start(month), month_end(month), outlets],
            )
            people.update(sid for (sid,) in cursor.fetchall())
    return sorted(people)


def with_leaders(month: date, salesman_ids) -> list[int]:
    """`salesman_ids` and every supervisor and manager scored in `month`: a leader's scorecard
    reads his teams' aggregates, which change with any member's figures."""
    leaders = _scored_people(month).filter(user__role__in=(Role.SUPERVISOR, Role.MANAGER))
    return sorted({int(sid) for sid in salesman_ids} | set(leaders.values_list("id", flat=True)))


def _partial_people(month: date, as_of: date, salesman_ids) -> list[int] | None:
    """The people a partial refresh recomputes (`salesman_ids` and every leader active in the
    month: supervisors' and managers' scorecards read team aggregates), or None when it must be
    a whole one: the stored month is not as of the same day (everyone's pace moves with the
    working days elapsed), or most people are named anyway."""
    if salesman_ids is None:
        return None
    if PaceScore.objects.filter(month=month).exclude(as_of=as_of).exists():
        return None
    if not PaceScore.objects.filter(month=month).exists():
        return None
    people = with_leaders(month, salesman_ids)
    if len(people) > _scored_people(month).count() * PARTIAL_SHARE:
        return None
    return people


def refresh_month(
    *, month: date | None = None, as_of: date | None = None, salesman_ids=None
) -> Refreshed | None:
    """Recompute the month to date: metrics, draft scorecards, pace scores, then whatever is
    connected to `month_refreshed` (projections). `month` defaults to the current month
    (Asia/Jakarta), `as_of` to `default_as_of(month)`. A locked month is left alone (None).
    Idempotent: running it again replaces the month's rows.

    `salesman_ids` (after an import: `people_touched`) recomputes only those people, their
    teams' aggregates and the leaders, when the month is stored as of the same day; otherwise,
    and nightly, everyone."""
    month = month_start(month or current_month())
    if is_month_locked(month):
        return None
    as_of = as_of or default_as_of(month)
    progress = progress_of(month, as_of)
    with transaction.atomic():
        people = _partial_people(month, as_of, salesman_ids)
        # The metrics of the people named (their teams' aggregates follow); the leaders' own
        # metrics do not move, their scorecards (team aggregates) do.
        touched = None if people is None else sorted({int(sid) for sid in salesman_ids})
        if _metrics_take_as_of():
            # The window the snapshot covers never starts before the month.
            stored = metrics.compute_month_metrics(
                month=month, as_of=max(as_of, month), salesman_ids=touched
            )
        else:
            stored = metrics.compute_month_metrics(month=month, salesman_ids=touched)
        cards = compute_scorecards(month=month, salesman_ids=people)
        stored_paces: dict = {}
        paces = store_pace_scores(
            month=month, as_of=as_of, progress=progress, into=stored_paces, salesman_ids=people
        )
        month_refreshed.send(
            sender=Refreshed,
            month=month,
            as_of=as_of,
            progress=progress,
            salesman_ids=people,
            paces=stored_paces,
        )
    logger.info(
        "refresh_month %s as of %s (%s): %s metric snapshots, %s scorecards, %s pace scores",
        f"{month:%Y-%m}",
        as_of,
        "everyone" if people is None else f"{len(people)} people",
        stored,
        cards,
        paces,
    )
    return Refreshed(month, as_of, progress.working_days, progress.elapsed, stored, cards, paces)


def _text(value: Decimal | None, quantum: Decimal = _PLACES) -> str | None:
    if value is None:
        return None
    return str(value.quantize(quantum, rounding=ROUND_HALF_UP))


_ROW_COLUMNS = (
    "scorecard__salesman_id",
    "scorecard__rounding",
    "kpi_code",
    "kpi_name_id",
    "kpi_name_en",
    "unit",
    "direction",
    "source",
    "weight",
    "target",
    "actual",
    "cap",
    "floor",
)


def store_pace_scores(
    *,
    month: date,
    as_of: date,
    progress: pace.Progress,
    into: dict | None = None,
    salesman_ids=None,
) -> int:
    """The pace score and projected score of every scorecard of `month` (or of `salesman_ids`'),
    from its stored rows (one query), replacing their `PaceScore` rows. Returns how many were
    stored; `into`, when given, receives what `pace_rows_by_salesman` would read back."""
    month = month_start(month)
    sheets: dict[int, tuple[str, list]] = {}
    rows = ScorecardRow.objects.filter(scorecard__month=month)
    if salesman_ids is not None:
        rows = rows.filter(scorecard__salesman_id__in=list(salesman_ids))
    rows = rows.order_by("scorecard__salesman_id", "position").values_list(*_ROW_COLUMNS)
    for sid, rounding, *row in rows:
        sheets.setdefault(sid, (rounding, []))[1].append(row)
    now = timezone.now()
    records = []
    for sid, (rounding, sheet_rows) in sheets.items():
        pace_rows = []
        for (
            code,
            _name_id,
            _name_en,
            _unit,
            direction,
            source,
            weight,
            target,
            actual,
            cap,
            floor,
        ) in sheet_rows:
            additive = pace.is_additive(pace.metric_of_source(source))
            pace_rows.append(
                pace.PaceRow(code, weight, additive, target, actual, direction, cap, floor)
            )
        result = pace.pace_sheet(pace_rows, progress, rounding)
        projected = score_sheet(
            [
                SheetRow(r.kpi, r.weight, r.direction, r.target, value, r.cap, r.floor)
                for r, value in zip(pace_rows, result.projected, strict=True)
            ],
            rounding,
        )
        stored_rows = []
        for row, source_row, pace_target, value, scored in zip(
            pace_rows,
            sheet_rows,
            result.pace_targets,
            result.projected,
            result.sheet.rows,
            strict=True,
        ):
            stored_rows.append(
                {
                    "kpi": row.kpi,
                    "name_id": source_row[1],
                    "name_en": source_row[2],
                    "unit": source_row[3],
                    "direction": row.direction,
                    "weight": _text(row.weight, _CENT),
                    "additive": row.additive,
                    "target": _text(row.target),
                    "pace_target": _text(pace_target),
                    "actual": _text(row.actual),
                    "projected": _text(value),
                    "score": _text(scored.score, _CENT),
                    "final_score": _text(scored.final_score, _CENT),
                    "no_data": scored.no_data,
                }
            )
        records.append(
            (
                sid,
                month,
                as_of,
                progress.working_days,
                progress.elapsed,
                result.total,
                projected.total,
                stored_rows,
                now,
            )
        )
        if into is not None:
            into[sid] = {
                "projected_score": projected.total,
                "rows": {row["kpi"]: row for row in stored_rows},
            }
    with transaction.atomic():
        stale = PaceScore.objects.filter(month=month)
        if salesman_ids is not None:
            stale = stale.filter(salesman_id__in=list(salesman_ids))
        stale._raw_delete(PaceScore.objects.db)
        insert_rows(
            PaceScore,
            (
                "salesman_id",
                "month",
                "as_of",
                "working_days",
                "elapsed",
                "pace_score",
                "projected_score",
                "rows",
                "computed_at",
            ),
            records,
        )
    return len(records)


# --- readers --------------------------------------------------------------------------------


def pace_scores(*, month: date, salesman_ids=None) -> dict[int, Decimal | None]:
    """{salesman_id: pace score} stored for `month` (people without one are left out)."""
    rows = PaceScore.objects.filter(month=month_start(month))
    if salesman_ids is not None:
        rows = rows.filter(salesman_id__in=list(salesman_ids))
    return dict(rows.values_list("salesman_id", "pace_score"))


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@dataclass(frozen=True)
class LiveRow:
    """One KPI of the month so far, as the dashboard shows it."""

    kpi: str
    name: str  # in the reader's language
    unit: str
    direction: str
    weight: Decimal
    additive: bool
    target: Decimal | None  # the month's full target
    pace_target: Decimal | None  # the part of it due by as_of
    actual: Decimal | None  # month to date
    projected: Decimal | None  # the month's actual at this pace
    score: Decimal  # skor against the pace target
    final_score: Decimal
    no_data: bool

    @property
    def percent_of_target(self) -> Decimal | None:
        """MTD actual as a share of the full target, 0–100 (a progress bar's width)."""
        if self.actual is None or not self.target:
            return None
        return max(Decimal(0), min(Decimal(100), self.actual / self.target * 100))


@dataclass(frozen=True)
class LiveMonth:
    month: date
    as_of: date
    working_days: int
    elapsed: int
    pace_score: Decimal
    projected_score: Decimal | None
    rows: list[LiveRow]
    computed_at: object

    @property
    def days_left(self) -> int:
        return max(0, self.working_days - self.elapsed)


def live_month_state(salesman, month: date | None = None) -> LiveMonth | None:
    """The stored month so far of one person (one query): pace score, and per KPI the MTD
    actual, pace target, full target, skor and projection. None when the month has not been
    refreshed for him (no scorecard)."""
    month = month_start(month or current_month())
    salesman_id = getattr(salesman, "pk", salesman)
    found = PaceScore.objects.filter(salesman_id=salesman_id, month=month).first()
    if found is None:
        return None
    english = (get_language() or "id").startswith("en")
    rows = [
        LiveRow(
            kpi=row["kpi"],
            name=(row["name_en"] or row["name_id"])
            if english
            else (row["name_id"] or row["name_en"]),
            unit=row["unit"],
            direction=row["direction"],
            weight=Decimal(row["weight"]),
            additive=row["additive"],
            target=_decimal(row["target"]),
            pace_target=_decimal(row["pace_target"]),
            actual=_decimal(row["actual"]),
            projected=_decimal(row["projected"]),
            score=Decimal(row["score"]),
            final_score=Decimal(row["final_score"]),
            no_data=row["no_data"],
        )
        for row in found.rows
    ]
    return LiveMonth(
        month=found.month,
        as_of=found.as_of,
        working_days=found.working_days,
        elapsed=found.elapsed,
        pace_score=found.pace_score,
        projected_score=found.projected_score,
        rows=rows,
        computed_at=found.computed_at,
    )


def pace_rows_by_salesman(*, month: date, salesman_ids=None) -> dict[int, dict]:
    """{salesman_id: {"projected_score", "rows": {kpi code: stored row}}}: what the incentive
    projection reads (one query)."""
    rows = PaceScore.objects.filter(month=month_start(month))
    if salesman_ids is not None:
        rows = rows.filter(salesman_id__in=list(salesman_ids))
    result: dict[int, dict] = defaultdict(dict)
    for sid, projected_score, stored in rows.values_list("salesman_id", "projected_score", "rows"):
        result[sid] = {
            "projected_score": projected_score,
            "rows": {row["kpi"]: row for row in stored},
        }
    return dict(result)

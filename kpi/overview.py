"""The manager's and supervisor's team overview of a month: the team's pace scores, the
attainment heat map (people × KPIs), trends over months and the Pareto of outlets and SKUs.

Everything starts from `org.visibility.salesmen_visible_to(user)` and is read set-based: a
fixed number of queries whatever the number of people, months or order lines (the page's
query count is tested on small and larger data). For the month in progress the pace is read
from the stored pace scores (`kpi.live`, refreshed within a minute of an import); a closed
month from its scorecards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Avg, Count, Sum
from django.utils.translation import get_language

from org.models import Role, Salesman
from org.visibility import salesmen_visible_to
from outlets.pareto import Pareto, pareto
from spm.months import add_months, current_month, month_end

from .models import Scorecard, ScorecardRow
from .scoring import attainment

TREND_MONTHS = 6
CACHE_SECONDS = 600
HEAT_MAP_PEOPLE = 60
# Up to this many teams (territories) the filter is a select; above it (HR of a national sales
# force: 2,000 teams and 2,000 territories at 20,000 salesmen) the name is typed, with
# suggestions from the teams (territories) API.
PICK_LIST_MAX = 50
# Attainment bands of the heat map (from, css class); the classes pair each background with a
# text colour that reads at 4.5:1 or more (static/css/kinerja.css).
BANDS = [
    (Decimal(120), "heat-5"),
    (Decimal(100), "heat-4"),
    (Decimal(90), "heat-3"),
    (Decimal(70), "heat-2"),
    (Decimal(0), "heat-1"),
]


@dataclass(frozen=True)
class Filters:
    month: date
    team: int | None = None  # ids, among the teams and territories of the people in scope
    channel: str | None = None
    territory: int | None = None


@dataclass
class PersonRow:
    salesman_id: int
    code: str
    name: str
    team: str
    channel: str
    pace_score: Decimal | None  # current month: the stored pace score; else the scorecard total
    total: Decimal | None  # the month's scorecard total (month to date in the current month)
    projected_score: Decimal | None


@dataclass(frozen=True)
class HeatCell:
    attainment: Decimal | None  # %, rounded to whole; None = no data
    actual: Decimal | None
    target: Decimal | None
    band: str

    @property
    def no_data(self) -> bool:
        return self.attainment is None


@dataclass
class HeatMap:
    kpis: list[tuple[str, str]]  # (code, name in the reader's language)
    rows: list[tuple[PersonRow, list[HeatCell]]] = field(default_factory=list)


@dataclass(frozen=True)
class TrendPoint:
    month: date
    score: Decimal | None  # mean scorecard total (the current month: mean pace score)
    revenue: Decimal | None
    people: int
    is_current: bool


@dataclass
class Overview:
    filters: Filters
    is_current: bool
    people: list[PersonRow]
    heat_maps: list[HeatMap]
    heat_map_people: int  # how many people the heat maps show (the best first)
    trend: list[TrendPoint]
    pareto_outlets: Pareto
    pareto_products: Pareto
    as_of: date | None = None


def _q(value: Decimal | None, places: str = "1") -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def band(value: Decimal | None) -> str:
    if value is None:
        return "heat-none"
    for start, css in BANDS:
        if value >= start:
            return css
    return "heat-1"


@dataclass(frozen=True)
class Person:
    id: int
    code: str
    name: str
    team_id: int | None
    team: str
    channel: str
    territory_id: int | None
    territory: str


def visible_people(user) -> list[Person]:
    """The salesmen the user sees (org.visibility), one query; the filters and their choices
    are read from this list."""
    rows = (
        salesmen_visible_to(user)
        .filter(user__role=Role.SALESMAN)
        .order_by("code")
        .values_list(
            "id",
            "code",
            "name",
            "team_id",
            "team__name",
            "channel",
            "territory_id",
            "territory__name",
        )
    )
    return [Person(*row[:4], row[4] or "", row[5], row[6], row[7] or "") for row in rows]


def filter_choices(people: list[Person]) -> dict:
    """The filters' choices: the teams and territories of the people the user sees."""
    from org.models import Channel

    teams = sorted({(p.team, p.team_id) for p in people if p.team_id})
    territories = sorted({(p.territory, p.territory_id) for p in people if p.territory_id})
    return {
        "teams": [{"pk": pk, "name": name} for name, pk in teams],
        "channels": list(Channel.choices),
        "territories": [{"pk": pk, "name": name} for name, pk in territories],
    }


def in_scope(people: list[Person], filters: Filters) -> list[Person]:
    return [
        p
        for p in people
        if (filters.team is None or p.team_id == filters.team)
        and (not filters.channel or p.channel == filters.channel)
        and (filters.territory is None or p.territory_id == filters.territory)
    ]


def scope_queryset(user, filters: Filters):
    """The same people as `in_scope(visible_people(user), filters)`, as a subquery of their
    ids: the overview's reads take it instead of a list of ids, which at 20,000 salesmen cost
    Django about a second to build into each query and PostgreSQL as long to parse."""
    people = salesmen_visible_to(user).filter(user__role=Role.SALESMAN)
    if filters.team is not None:
        people = people.filter(team_id=filters.team)
    if filters.channel:
        people = people.filter(channel=filters.channel)
    if filters.territory is not None:
        people = people.filter(territory_id=filters.territory)
    return people.order_by().values("id")


def _live():
    try:
        from . import live
    except ImportError:  # the live month is not installed
        return None
    return live


def _pace_rows(month: date, ids) -> tuple[dict, date | None, str]:
    """{salesman_id: (pace score, projected score)} of the month in progress, the last data
    date and the refresh they come from (a cache stamp). The KPI rows behind each score are
    not read here: only the heat map's people need them (`_stored_pace_rows`)."""
    live = _live()
    if live is None:
        return {}, None, "none"
    from .live_models import PaceScore

    found = {}
    as_of = computed = None
    for sid, pace_score, projected, day, at in PaceScore.objects.filter(
        month=month, salesman_id__in=ids
    ).values_list("salesman_id", "pace_score", "projected_score", "as_of", "computed_at"):
        found[sid] = (pace_score, projected)
        as_of = max(as_of, day) if as_of else day
        computed = max(computed, at) if computed else at
    stamp = f"{as_of}-{computed.timestamp():.0f}" if computed else "none"
    return found, as_of, stamp


def _stored_pace_rows(month: date, ids: list[int]) -> dict[int, list]:
    """The stored KPI rows (pace target, MTD actual) of these people's pace scores."""
    from .live_models import PaceScore

    return dict(
        PaceScore.objects.filter(month=month, salesman_id__in=ids).values_list(
            "salesman_id", "rows"
        )
    )


def _cached_pareto(people_qs, ids: list[int], month: date, key: str, stamp: str) -> Pareto:
    """The month's Pareto of these people, once per refresh of the month (a closed month's
    field data changes only by a late import, which refreshes nothing here: CACHE_SECONDS)."""
    digest = hashlib.sha1(",".join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()
    cache_key = f"overview:pareto:{key}:{month:%Y-%m}:{stamp}:{digest}"
    found = cache.get(cache_key)
    if found is None:
        found = pareto(salesmen=people_qs, start=month, end=month_end(month), key=key)
        cache.set(cache_key, found, CACHE_SECONDS)
    return found


def build_overview(user, filters: Filters, people: list[Person] | None = None) -> Overview:
    month = filters.month
    is_current = month == current_month()
    scope = in_scope(visible_people(user) if people is None else people, filters)
    ids = [p.id for p in scope]
    in_scope_ids = scope_queryset(user, filters)
    people_qs = Salesman.objects.filter(pk__in=in_scope_ids)
    cards = dict(
        Scorecard.objects.filter(month=month, salesman_id__in=in_scope_ids).values_list(
            "salesman_id", "total"
        )
    )
    paces, as_of, stamp = (
        _pace_rows(month, in_scope_ids) if is_current and ids else ({}, None, "none")
    )
    rows = []
    for person in scope:
        pace_score, projected = paces.get(person.id, (None, None))
        rows.append(
            PersonRow(
                salesman_id=person.id,
                code=person.code,
                name=person.name,
                team=person.team,
                channel=person.channel,
                pace_score=pace_score if is_current else cards.get(person.id),
                total=cards.get(person.id),
                projected_score=projected,
            )
        )
    ranked = sorted(rows, key=lambda r: (r.pace_score is None, -(r.pace_score or 0), r.code))
    shown = ranked[:HEAT_MAP_PEOPLE]
    if is_current and paces:
        heat_maps = _heat_from_pace(shown, _stored_pace_rows(month, [p.salesman_id for p in shown]))
    else:
        heat_maps = _heat_from_scorecards(shown, month) if shown else []
    return Overview(
        filters=filters,
        is_current=is_current,
        people=ranked,
        heat_maps=heat_maps,
        heat_map_people=len(shown),
        trend=trend(in_scope_ids, month, paces if is_current else None),
        pareto_outlets=_cached_pareto(people_qs, ids, month, "outlet", stamp),
        pareto_products=_cached_pareto(people_qs, ids, month, "product", stamp),
        as_of=as_of,
    )


def _english() -> bool:
    return (get_language() or "id").startswith("en")


def _group(rows_by_person: dict[int, list[tuple[str, str, HeatCell]]], shown) -> list[HeatMap]:
    """One heat map per set of KPIs (people on the same template side by side)."""
    maps: dict[tuple, HeatMap] = {}
    for person in shown:
        cells = rows_by_person.get(person.salesman_id)
        if not cells:
            continue
        key = tuple(code for code, _name, _cell in cells)
        if key not in maps:
            maps[key] = HeatMap(kpis=[(code, name) for code, name, _cell in cells])
        maps[key].rows.append((person, [cell for _code, _name, cell in cells]))
    return list(maps.values())


def _cell(target, actual, direction) -> HeatCell:
    value = attainment(target, actual, direction) if actual is not None else None
    value = _q(value)
    return HeatCell(attainment=value, actual=actual, target=target, band=band(value))


def _heat_from_scorecards(shown: list[PersonRow], month: date) -> list[HeatMap]:
    english = _english()
    found: dict[int, list] = {}
    rows = (
        ScorecardRow.objects.filter(
            scorecard__month=month, scorecard__salesman_id__in=[p.salesman_id for p in shown]
        )
        .order_by("scorecard__salesman_id", "position")
        .values_list(
            "scorecard__salesman_id",
            "kpi_code",
            "kpi_name_id",
            "kpi_name_en",
            "target",
            "actual",
            "direction",
            "no_data",
        )
    )
    for sid, code, name_id, name_en, target, actual, direction, no_data in rows:
        name = (name_en or name_id) if english else (name_id or name_en)
        cell = _cell(target, None if no_data else actual, direction)
        found.setdefault(sid, []).append((code, name, cell))
    return _group(found, shown)


def _number(text) -> Decimal | None:
    return None if text is None else Decimal(text)


def _heat_from_pace(shown: list[PersonRow], stored_rows: dict[int, list]) -> list[HeatMap]:
    """The month in progress: attainment of the MTD actual against the pace target."""
    english = _english()
    found: dict[int, list] = {}
    for person in shown:
        for row in stored_rows.get(person.salesman_id) or []:
            name = (
                (row["name_en"] or row["name_id"])
                if english
                else (row["name_id"] or row["name_en"])
            )
            actual = None if row.get("no_data") else _number(row.get("actual"))
            cell = _cell(_number(row.get("pace_target")), actual, row.get("direction"))
            found.setdefault(person.salesman_id, []).append((row["kpi"], name, cell))
    return _group(found, shown)


def trend(ids, month: date, paces: dict | None) -> list[TrendPoint]:
    """The last TREND_MONTHS months up to `month`: the mean scorecard total and the revenue of
    the people `ids` (a list or a subquery of salesman ids; the month in progress: the mean
    pace score, revenue to date). Two queries."""
    from outlets.models import MetricSnapshot

    first = add_months(month, -(TREND_MONTHS - 1))
    scores = {
        row["month"]: (row["mean"], row["people"])
        for row in Scorecard.objects.filter(month__gte=first, month__lte=month, salesman_id__in=ids)
        .values("month")
        .annotate(mean=Avg("total"), people=Count("id"))
    }
    revenue = dict(
        MetricSnapshot.objects.filter(month__gte=first, month__lte=month, salesman_id__in=ids)
        .values("month")
        .annotate(revenue=Sum("revenue"))
        .values_list("month", "revenue")
    )
    this_month = current_month()
    points = []
    for n in range(TREND_MONTHS):
        m = add_months(first, n)
        mean, count = scores.get(m, (None, 0))
        if m == this_month and paces:
            values = [p[0] for p in paces.values() if p[0] is not None]
            mean = sum(values) / len(values) if values else None
            count = len(values)
        points.append(
            TrendPoint(
                month=m,
                score=_q(mean, "0.01"),
                revenue=revenue.get(m),
                people=count,
                is_current=m == this_month,
            )
        )
    return points

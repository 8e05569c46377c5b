"""The manager's and supervisor's team overview of a month: the team's pace scores, the
attainment heat map (people × KPIs), trends over months and the Pareto of outlets and SKUs.

Everything starts from `org.visibility.salesmen_visible_to(user)` and is read set-based, in
SQL: a fixed number of queries whatever the number of people, months or order lines, and no
query returns more rows than a page of the table, the heat map's best HEAT_MAP_PEOPLE or a
pick list's PICK_LIST_MAX (the page's queries and rows are tested on small and larger data).
The people are ranked by the database (`ranked_people`): the table reads one page of them, the
heat map the first HEAT_MAP_PEOPLE, the export all of them as a stream. For the month in
progress the pace is read from the stored pace scores (`kpi.live`, refreshed within a minute of
an import); a closed month from its scorecards.

The Pareto reads every order line of the scope's month (≈25M at 20,000 salesmen: 17–22 s), so
it is cached under the month's data stamp (`outlets.stamps`: an import that touches the month
changes it; the month in progress: its pace refresh as well) for PARETO_SECONDS, warmed after each
close for everyone (kpi.tasks), and a scope above PARETO_INLINE_MAX people whose Pareto is not
cached yet is computed by a task instead of inline: the page says it is on its way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.http import Http404
from django.utils.translation import get_language

from org.models import Channel, Role, Salesman, Team, Territory
from org.visibility import all_salesmen_for_system, salesmen_visible_to, sees_everyone
from outlets.pareto import Pareto, pareto
from outlets.stamps import stamp_query
from spm.months import add_months, current_month, month_end

from .models import Scorecard, ScorecardRow
from .scoring import attainment

TREND_MONTHS = 6
HEAT_MAP_PEOPLE = 60
# Up to this many teams (territories) the filter is a select; above it (HR of a national sales
# force: 2,000 teams and 2,000 territories at 20,000 salesmen) the name is typed, with
# suggestions from the teams (territories) API.
PICK_LIST_MAX = 50
# A Pareto is cached under its month's data stamp, which changes when the data do: it may live
# long. A week bounds what an unnoticed change (a renamed outlet in the top ten) can leave.
PARETO_SECONDS = 7 * 24 * 3600
# Above this many people a Pareto not cached yet is left to a task (kpi.tasks): at 2,000
# salesmen a month's Pareto takes ≈2 s, at 20,000 17–22 s.
PARETO_INLINE_MAX = 2000
PARETO_QUEUED_SECONDS = 15 * 60  # a queued warming is not queued again meanwhile
# Attainment bands of the heat map (from, css class); the classes pair each background with a
# text colour that reads at 4.5:1 or more (static/css/kinerja.css).
BANDS = [
    (Decimal(120), "heat-5"),
    (Decimal(100), "heat-4"),
    (Decimal(90), "heat-3"),
    (Decimal(70), "heat-2"),
    (Decimal(0), "heat-1"),
]
SCORE = DecimalField(max_digits=20, decimal_places=2)


@dataclass(frozen=True)
class Filters:
    month: date
    team: int | None = None  # ids, among the teams and territories of the people in scope
    channel: str | None = None
    territory: int | None = None

    @property
    def narrowed(self) -> bool:
        return self.team is not None or bool(self.channel) or self.territory is not None


@dataclass(frozen=True)
class Option:
    pk: int
    name: str


@dataclass(frozen=True)
class Pick:
    """One filter of a team or a territory: a select of its options up to PICK_LIST_MAX, above
    it a typed name (`typed`, no options: the API suggests them), and what was asked for."""

    options: tuple[Option, ...]
    typed: bool
    chosen: Option | None = None
    not_found: str | None = None  # a typed name that is none of the user's: left out, said


@dataclass(frozen=True)
class FilterChoices:
    filters: Filters
    teams: Pick
    territories: Pick
    channels: list[tuple[str, str]]

    @property
    def not_found(self) -> list[str]:
        return [pick.not_found for pick in (self.teams, self.territories) if pick.not_found]


@dataclass(frozen=True)
class HeatPerson:
    salesman_id: int
    code: str
    name: str


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
    rows: list[tuple[HeatPerson, list[HeatCell]]] = field(default_factory=list)


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
    # The people of the scope ranked best first (`ranked_people`), not read yet: the table
    # reads a page of it, the export all of it.
    people: QuerySet
    people_count: int  # how many (the table's paginator takes it: no second count)
    heat_maps: list[HeatMap]
    heat_map_people: int  # how many people the heat maps show (the best first)
    trend: list[TrendPoint]
    # None: not cached yet for a large scope, being computed by a task (`PARETO_INLINE_MAX`)
    pareto_outlets: Pareto | None
    pareto_products: Pareto | None
    pareto_scope: ParetoScope | None = None
    as_of: date | None = None

    @property
    def pareto_pending(self) -> bool:
        return self.pareto_outlets is None


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


# --- who is in the scope ------------------------------------------------------------------------


def people_in_view(user) -> QuerySet[Salesman]:
    """The salesmen the user sees (org.visibility), before any filter: the overview's people."""
    return salesmen_visible_to(user).filter(user__role=Role.SALESMAN)


def teams_in_view(user) -> QuerySet[Team]:
    """The teams of the people the user sees: the team filter's choices and the battle's."""
    return Team.objects.filter(pk__in=people_in_view(user).order_by().values("team_id"))


def territories_in_view(user) -> QuerySet[Territory]:
    """The territories of the people the user sees: the territory filter's choices."""
    people = people_in_view(user).order_by().values("territory_id")
    return Territory.objects.filter(pk__in=people)


def _first(found: QuerySet) -> Option | None:
    row = found.order_by("name", "pk").values_list("pk", "name").first()
    return None if row is None else Option(*row)


def _pick(found: QuerySet, text: str) -> Pick:
    """Read at most PICK_LIST_MAX + 1 of `found` (teams or territories, by name): up to
    PICK_LIST_MAX they are the select's options, above it the filter is typed and the name or
    id asked for is looked up by a query. An id that is none of them answers 404 (missing and
    forbidden look the same); a name that is none of them is said and left out."""
    rows = list(found.order_by("name", "pk").values_list("pk", "name")[: PICK_LIST_MAX + 1])
    typed = len(rows) > PICK_LIST_MAX
    options = () if typed else tuple(Option(pk, name) for pk, name in rows)
    text = text.strip()
    if not text:
        return Pick(options, typed)
    if text.isascii() and text.isdigit():
        if typed:
            chosen = _first(found.filter(pk=int(text)))
        else:
            chosen = next((option for option in options if option.pk == int(text)), None)
        if chosen is None:
            raise Http404
        return Pick(options, typed, chosen)
    if typed:
        chosen = _first(found.filter(name__iexact=text))
    else:
        wanted = text.casefold()
        chosen = next((option for option in options if option.name.casefold() == wanted), None)
    return Pick(options, typed, chosen, None if chosen else text)


def choose_filters(
    user, *, month: date, team: str = "", channel: str = "", territory: str = ""
) -> FilterChoices:
    """The filters asked for (as the page's form sends them) among the user's choices: a team
    or territory by id or by name (any case), a channel by its code. A team or territory id
    outside the user's scope, or an unknown channel, answers 404; a name of none of his teams
    or territories is said and left out (`FilterChoices.not_found`). At most two queries a
    filter, whatever the number of teams and territories."""
    if channel and channel not in Channel.values:
        raise Http404
    teams = _pick(teams_in_view(user), team or "")
    territories = _pick(territories_in_view(user), territory or "")
    return FilterChoices(
        filters=Filters(
            month=month,
            team=teams.chosen.pk if teams.chosen else None,
            channel=channel or None,
            territory=territories.chosen.pk if territories.chosen else None,
        ),
        teams=teams,
        territories=territories,
        channels=list(Channel.choices),
    )


def scope_queryset(user, filters: Filters) -> QuerySet:
    """The ids of the people of the scope (the people the user sees, filtered), as a subquery:
    the overview's reads take it instead of a list of ids, which at 20,000 salesmen cost
    Django about a second to build into each query and PostgreSQL as long to parse."""
    people = people_in_view(user)
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


# --- the ranking --------------------------------------------------------------------------------

# Best first: the pace score (a closed month: the scorecard total), people with none last, then
# the code. A column the reader sorts by comes first, this order breaks its ties (kpi.tables).
RANK = (F("pace_score").desc(nulls_last=True), F("code").asc())


def ranked_people(user, filters: Filters) -> QuerySet:
    """The people of the scope best first (`RANK`), as dicts: salesman_id, code, name,
    team_name, channel, pace_score (a closed month: the scorecard total), total (the month's
    scorecard total, month to date in the current one), projected_score (the current month).

    One query a slice: the scorecards and pace scores of the month are joined to the people
    (LEFT JOINs on their unique (salesman, month)), ordered and cut by the database."""
    month = filters.month
    people = Salesman.objects.filter(pk__in=scope_queryset(user, filters)).annotate(
        card=FilteredRelation("scorecards", condition=Q(scorecards__month=month))
    )
    total = F("card__total")
    pace_score = projected = Value(None, output_field=SCORE)
    if month != current_month():
        pace_score = total
    elif _live() is not None:
        people = people.annotate(
            pace=FilteredRelation("pace_scores", condition=Q(pace_scores__month=month))
        )
        pace_score, projected = F("pace__pace_score"), F("pace__projected_score")
    return people.values(
        "code",
        "name",
        "channel",
        salesman_id=F("id"),
        team_name=F("team__name"),
        pace_score=pace_score,
        total=total,
        projected_score=projected,
    ).order_by(*RANK)


@dataclass(frozen=True)
class PaceSummary:
    """The month in progress's stored pace scores of the scope, summed up in one query."""

    as_of: date | None  # the last data date
    stamp: str  # the refresh they come from (a cache key part)
    mean: Decimal | None
    people: int


def _pace_summary(month: date, scope: QuerySet) -> PaceSummary:
    found = {"as_of": None, "computed": None, "mean": None, "people": 0}
    if _live() is not None:
        from .live_models import PaceScore

        found = PaceScore.objects.filter(month=month, salesman_id__in=scope).aggregate(
            as_of=Max("as_of"),
            computed=Max("computed_at"),
            mean=Avg("pace_score"),
            people=Count("id"),
        )
    computed = found["computed"]
    stamp = f"{found['as_of']}-{computed.timestamp():.0f}" if computed else "none"
    return PaceSummary(found["as_of"], stamp, found["mean"], found["people"])


def build_overview(user, filters: Filters) -> Overview:
    """The overview of `filters.month` for the people `user` sees, filtered: the ranking (not
    read yet) and how many it holds, the heat map of its best HEAT_MAP_PEOPLE, the trend and
    the Pareto (None while a task computes it for a large scope)."""
    month = filters.month
    is_current = month == current_month()
    scope = scope_queryset(user, filters)
    people = ranked_people(user, filters)
    pace = _pace_summary(month, scope) if is_current else None
    where = user_scope(user, filters, pace.stamp if pace else None)
    best = people.values("salesman_id")[:HEAT_MAP_PEOPLE]
    if pace is not None and pace.people:
        heat_maps = _heat_from_pace(month, best)
    else:
        heat_maps = _heat_from_scorecards(month, best, by_total=not is_current)
    paretos = overview_paretos(where)
    return Overview(
        filters=filters,
        is_current=is_current,
        people=people,
        people_count=where.size,
        heat_maps=heat_maps,
        heat_map_people=min(HEAT_MAP_PEOPLE, where.size),
        trend=trend(scope, month, (pace.mean, pace.people) if pace and pace.people else None),
        pareto_outlets=paretos[0] if paretos else None,
        pareto_products=paretos[1] if paretos else None,
        pareto_scope=where,
        as_of=pace.as_of if pace else None,
    )


# --- the Pareto ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParetoScope:
    """Whose order lines a Pareto of the month reads, and the key it is cached under."""

    month: date
    everyone: bool  # every order line of the month, no test of the salesman
    people: QuerySet  # the ids of the scope's people
    size: int  # how many
    key: str  # the cache key, without the kind (outlet or product)


def _scope_facts(people: QuerySet, month: date, everyone: bool) -> tuple[int, str, str]:
    """How many people `people` (a subquery of ids) holds, a digest of their ids ("everyone":
    none) and the month's data stamp (`outlets.stamps`), read by the database in one query of
    one row, whatever the size of the scope."""
    sql, params = people.query.sql_with_params()
    stamp_sql, stamp_params = stamp_query(month).query.sql_with_params()
    if everyone:
        ids = "NULL"
    elif connection.vendor == "postgresql":
        ids = "md5(string_agg(id::text, ',' ORDER BY id))"
    else:  # SQLite (`make run`): the ids in order, hashed below
        ids = "group_concat(id, ',')"
        sql = f"SELECT id FROM ({sql}) ORDER BY id"  # noqa: S608
    text = f"SELECT COUNT(*), {ids}, ({stamp_sql}) FROM ({sql}) people"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(text, [*stamp_params, *params])
        size, digest, changed = cursor.fetchone()
    if everyone:
        digest = "everyone"
    elif connection.vendor != "postgresql":
        digest = hashlib.md5((digest or "").encode(), usedforsecurity=False).hexdigest()
    # digits only: a datetime (PostgreSQL) or its text (SQLite) makes a valid cache key
    changed = "none" if changed is None else re.sub(r"\D", "", str(changed))
    return int(size), digest or "none", changed


def pareto_scope(
    *, month: date, people: QuerySet, everyone: bool, pace_stamp: str | None = None
) -> ParetoScope:
    """The scope of a Pareto: `people` (a subquery of salesman ids) or, `everyone`, every order
    line of the month (the user sees every salesman and filters none). Its key carries the
    month's data stamp (`outlets.stamps`; the month in progress: its pace refresh,
    `pace_stamp`, read here when not given, as well) and, unless everyone, a digest of the
    people."""
    size, digest, stamp = _scope_facts(people, month, everyone)
    stamp = f"data-{stamp}"
    if month == current_month():
        stamp += ":pace-" + (pace_stamp or _pace_summary(month, people).stamp)
    key = f"overview:pareto:{month:%Y-%m}:{stamp}:{digest}"
    return ParetoScope(month, everyone, people, size, key)


def everyone_scope(month: date) -> ParetoScope:
    """The scope HR and admins see with no filter: the whole company (for the warming after a
    close, which acts for nobody in particular)."""
    people = all_salesmen_for_system().filter(user__role=Role.SALESMAN).order_by().values("id")
    return pareto_scope(month=month, people=people, everyone=True)


def user_scope(user, filters: Filters, pace_stamp: str | None = None) -> ParetoScope:
    everyone = sees_everyone(user) and not filters.narrowed
    return pareto_scope(
        month=filters.month,
        people=scope_queryset(user, filters),
        everyone=everyone,
        pace_stamp=pace_stamp,
    )


def cached_paretos(scope: ParetoScope) -> tuple[Pareto, Pareto] | None:
    found = cache.get_many([f"{scope.key}:outlet", f"{scope.key}:product"])
    if len(found) < 2:
        return None
    return found[f"{scope.key}:outlet"], found[f"{scope.key}:product"]


def compute_paretos(scope: ParetoScope) -> tuple[Pareto, Pareto]:
    """Both Paretos of the scope (outlets, SKUs), read from the database and cached."""
    month = scope.month
    if scope.everyone:
        whose = {"everyone": True}
    else:
        whose = {"salesmen": Salesman.objects.filter(pk__in=scope.people)}
    outlets = pareto(**whose, start=month, end=month_end(month), key="outlet")
    products = pareto(**whose, start=month, end=month_end(month), key="product")
    cache.set_many(
        {f"{scope.key}:outlet": outlets, f"{scope.key}:product": products}, PARETO_SECONDS
    )
    return outlets, products


def warm_paretos(scope: ParetoScope) -> bool:
    """Compute and cache the scope's Paretos unless they are cached; whether it computed."""
    computed = cached_paretos(scope) is None
    if computed:
        compute_paretos(scope)
    cache.delete(f"{scope.key}:queued")
    return computed


def overview_paretos(scope: ParetoScope) -> tuple[Pareto, Pareto] | None:
    """The overview's two Paretos (outlets, SKUs) of `scope` from the cache; not cached yet:
    computed inline for a scope of up to PARETO_INLINE_MAX people, else None: the page says
    they are on their way and has a task compute them (`claim_pareto`, kpi.tasks)."""
    found = cached_paretos(scope)
    if found is None and scope.size <= PARETO_INLINE_MAX:
        found = compute_paretos(scope)
    return found


def claim_pareto(scope: ParetoScope) -> str | None:
    """Mark the scope's warming as queued: the marker's key (queue the task, which clears it
    when done), or None when one is queued already (PARETO_QUEUED_SECONDS at most)."""
    marker = f"{scope.key}:queued"
    return marker if cache.add(marker, 1, PARETO_QUEUED_SECONDS) else None


def _english() -> bool:
    return (get_language() or "id").startswith("en")


def _group(cells_by_person: dict[HeatPerson, list[tuple[str, str, HeatCell]]]) -> list[HeatMap]:
    """One heat map per set of KPIs (people on the same template side by side), the people in
    the order given."""
    maps: dict[tuple, HeatMap] = {}
    for person, cells in cells_by_person.items():
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


def _heat_from_scorecards(month: date, best: QuerySet, *, by_total: bool) -> list[HeatMap]:
    """The KPI rows of the scorecards of `best` (the ranking's first HEAT_MAP_PEOPLE, as a
    subquery), in the ranking's order: a closed month by the scorecard total, the month in
    progress before any pace score by code. One query."""
    english = _english()
    order = [F("scorecard__salesman__code"), F("position")]
    if by_total:
        order.insert(0, F("scorecard__total").desc())
    rows = (
        ScorecardRow.objects.filter(scorecard__month=month, scorecard__salesman_id__in=best)
        .order_by(*order)
        .values_list(
            "scorecard__salesman_id",
            "scorecard__salesman__code",
            "scorecard__salesman__name",
            "kpi_code",
            "kpi_name_id",
            "kpi_name_en",
            "target",
            "actual",
            "direction",
            "no_data",
        )
    )
    found: dict[HeatPerson, list] = {}
    for sid, code, person, kpi, name_id, name_en, target, actual, direction, no_data in rows:
        name = (name_en or name_id) if english else (name_id or name_en)
        cell = _cell(target, None if no_data else actual, direction)
        found.setdefault(HeatPerson(sid, code, person), []).append((kpi, name, cell))
    return _group(found)


def _number(text) -> Decimal | None:
    return None if text is None else Decimal(text)


def _heat_from_pace(month: date, best: QuerySet) -> list[HeatMap]:
    """The month in progress: attainment of the MTD actual against the pace target, from the
    stored pace scores of `best` (the ranking's first HEAT_MAP_PEOPLE, as a subquery), best
    first. One query."""
    from .live_models import PaceScore

    english = _english()
    stored = (
        PaceScore.objects.filter(month=month, salesman_id__in=best)
        .order_by("-pace_score", "salesman__code")
        .values_list("salesman_id", "salesman__code", "salesman__name", "rows")
    )
    found: dict[HeatPerson, list] = {}
    for sid, code, person, rows in stored:
        cells = found.setdefault(HeatPerson(sid, code, person), [])
        for row in rows or []:
            name = (
                (row["name_en"] or row["name_id"])
                if english
                else (row["name_id"] or row["name_en"])
            )
            actual = None if row.get("no_data") else _number(row.get("actual"))
            cell = _cell(_number(row.get("pace_target")), actual, row.get("direction"))
            cells.append((row["kpi"], name, cell))
    return _group(found)


def trend(ids, month: date, current: tuple[Decimal | None, int] | None) -> list[TrendPoint]:
    """The last TREND_MONTHS months up to `month`: the mean scorecard total and the revenue of
    the people `ids` (a list or a subquery of salesman ids; the month in progress: the mean
    pace score and how many have one, `current`, and the revenue to date). Two queries."""
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
        if m == this_month and current:
            mean, count = current
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

"""The team overview: the heat map's cells and the Pareto's 80% point checked by hand, the scope
(a team outside it is 404, a salesman gets 404), the ranking and its sorts read by the database,
the CSV/XLSX export, and queries and rows that do not grow with the number of people,
scorecards or order lines."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from openpyxl import load_workbook

from kpi.documents import save_template_document
from kpi.models import KPIDefinition, Target
from kpi.overview import (
    HEAT_MAP_PEOPLE,
    PICK_LIST_MAX,
    Filters,
    band,
    build_overview,
    ranked_people,
)
from kpi.scorecards import compute_scorecards
from org.models import Channel
from outlets.pareto import pareto
from tests.factories import SalesmanFactory, TeamFactory, UserFactory
from tests.kpi.factories import gt_document
from tests.outlets.factories import OrderLineFactory, OutletFactory, ProductFactory, set_metric

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)
URL = "/kpi/overview/"


def june_scorecard(person, revenue, new_outlets, visits_per_day):
    kpis = {k.code: k for k in KPIDefinition.objects.all()}
    for metric, value in (
        ("revenue", revenue),
        ("new_outlets", new_outlets),
        ("visits_per_day", visits_per_day),
    ):
        set_metric(salesman=person, month=JUNE, metric=metric, value=value)
    for code, value in (("revenue", 500_000_000), ("new_outlets", 30), ("visits_per_day", 18)):
        Target.objects.update_or_create(
            month=JUNE, salesman=person, kpi=kpis[code], defaults={"value": value}
        )


@pytest.fixture
def june(world):
    save_template_document(document=gt_document(), by=None)
    june_scorecard(world.andi, 550_000_000, 35, 20)
    june_scorecard(world.budi, 400_000_000, 15, 18)
    compute_scorecards(month=JUNE)
    return world


def test_heat_map_cells_are_the_attainment_of_each_kpi(june):
    overview = build_overview(june.manager_a, Filters(month=JUNE))
    (heat,) = overview.heat_maps
    assert [code for code, _name in heat.kpis] == ["revenue", "new_outlets", "visits_per_day"]
    cells = {person.code: cells for person, cells in heat.rows}
    # Andi: 550/500 = 110%, 35/30 = 116.67 → 117%, 20/18 = 111.11 → 111%
    assert [c.attainment for c in cells["A1"]] == [D(110), D(117), D(111)]
    assert [c.band for c in cells["A1"]] == ["heat-4", "heat-4", "heat-4"]
    # Budi: 400/500 = 80%, 15/30 = 50%, 18/18 = 100%
    assert [c.attainment for c in cells["A2"]] == [D(80), D(50), D(100)]
    assert [c.band for c in cells["A2"]] == ["heat-2", "heat-1", "heat-4"]
    # a closed month ranks by the scorecard total: Andi 112.22, Budi 40 + 15 + 20 = 75
    assert [(p["code"], p["pace_score"]) for p in overview.people] == [
        ("A1", D("112.22")),
        ("A2", D("75.00")),
    ]


def test_bands():
    assert [band(v) for v in (None, D(0), D("69.9"), D(70), D(90), D(100), D(120))] == [
        "heat-none",
        "heat-1",
        "heat-1",
        "heat-2",
        "heat-3",
        "heat-4",
        "heat-5",
    ]


def test_pareto_80_percent_point_by_hand(world):
    """Ten outlets of 400, 200, 100, 100, 50, 50, 40, 30, 20, 10 (total 1,000): the running share
    is 40, 60, 70, 80 … so 4 outlets (40% of them) bring 80%. A return nets an outlet down."""
    amounts = [400, 200, 100, 100, 50, 50, 40, 30, 20, 10]
    product = ProductFactory(sku="P1")
    outlets = []
    for n, amount in enumerate(amounts):
        outlet = OutletFactory(code=f"O{n:02d}", salesman=world.andi)
        outlets.append(outlet)
        OrderLineFactory(salesman=world.andi, outlet=outlet, product=product, amount=amount)
    # a return on the last outlet of another month is outside the window
    OrderLineFactory(
        salesman=world.andi,
        outlet=outlets[0],
        product=product,
        quantity=-1,
        amount=-400,
        date=date(2026, 7, 1),
    )
    # Dewi (team B) sells more, outside the salesmen asked for
    OrderLineFactory(salesman=world.dewi, amount=5000)
    from org.models import Salesman

    result = pareto(
        salesmen=Salesman.objects.filter(team=world.team_a), start=JUNE, end=date(2026, 6, 30)
    )
    assert (result.items, result.total) == (10, D(1000))
    assert (result.items_at_80, result.item_share_at_80) == (4, D("40.00"))
    assert [(i.rank, i.code, i.share, i.cumulative) for i in result.top[:4]] == [
        (1, "O00", D("40.00"), D("40.00")),
        (2, "O01", D("20.00"), D("60.00")),
        (3, "O02", D("10.00"), D("70.00")),
        (4, "O03", D("10.00"), D("80.00")),
    ]
    assert result.points[-1].revenue_share == D("100.00")
    assert result.points[-1].item_share == D("100.00")
    by_sku = pareto(
        salesmen=Salesman.objects.filter(team=world.team_a),
        start=JUNE,
        end=date(2026, 6, 30),
        key="product",
    )
    assert (by_sku.items, by_sku.items_at_80, by_sku.top[0].code) == (1, 1, "P1")


def test_page_shows_the_heat_map_and_pareto_to_the_manager(client, june):
    OrderLineFactory(salesman=june.andi, amount=1000)
    client.force_login(june.manager_a)
    response = client.get(URL, {"month": "2026-06"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="heat-map"' in page and "117%" in page
    assert 'id="pareto-outlets"' in page and 'id="overview-data"' in page
    assert "Dewi" not in page  # team B


def test_scope_a_team_outside_is_404_and_salesmen_get_404(client, june):
    client.force_login(june.manager_a)
    assert client.get(URL, {"team": june.team_b.pk}).status_code == 404
    assert client.get(URL, {"territory": june.dewi.territory_id}).status_code == 404
    assert client.get(URL, {"team": june.team_a.pk, "month": "2026-06"}).status_code == 200
    assert client.get(URL, {"channel": "XX"}).status_code == 404
    client.force_login(june.andi.user)
    assert client.get(URL).status_code == 404


def test_with_many_teams_the_team_is_typed_with_suggestions(client, june):
    """Above PICK_LIST_MAX teams the filter is the team's name typed, with suggestions
    from the teams API, instead of a select carrying every team; the name picks the team in
    any case, an unknown name shows every team and says so, a team's id (the month links)
    still works."""
    teams = [TeamFactory(name=f"Team Z{number:02d}") for number in range(PICK_LIST_MAX)]
    for team in teams:
        SalesmanFactory(team=team)
    cache.clear()  # the month's battle, cached by an earlier test without these teams
    client.force_login(june.hr)
    page = client.get(URL, {"month": "2026-06"}).content.decode()
    assert 'id="team-search"' in page and '<datalist id="team-options"></datalist>' in page
    assert 'name="team" aria-label' not in page  # no select
    assert not any(f">{team.name}</option>" in page for team in teams)
    # the battle: the best 20 teams (Team A first: the only scores), not all 52
    battle = page[page.index('id="battle-teams"') : page.index('id="battle-teams-shown"')]
    assert battle.count('<tr><th scope="row">') == 20
    assert battle.index(">Team A<") < battle.index(">Team B<")
    assert "The best 20 of 52 teams." in page
    page = client.get(URL, {"month": "2026-06", "team": "team a"}).content.decode()
    assert 'value="Team A"' in page and "Andi" in page and "Dewi" not in page
    assert "data-not-found" not in page
    page = client.get(URL, {"month": "2026-06", "team": "Team Nowhere"}).content.decode()
    assert "data-not-found" in page and "Team Nowhere" in page and "Dewi" in page
    assert client.get(URL, {"month": "2026-06", "team": june.team_b.pk}).status_code == 200
    names = [t["name"] for t in client.get("/api/v1/teams/", {"search": "z0"}).json()["results"]]
    assert names == [f"Team Z0{n}" for n in range(10)]
    # each of these salesmen has a territory of his own: territories are typed too
    assert 'id="territory-search"' in page and 'name="territory" aria-label' not in page
    dewi = june.dewi.territory.name
    page = client.get(URL, {"month": "2026-06", "territory": dewi.upper()}).content.decode()
    assert f'value="{dewi}"' in page and "Dewi" in page and "Andi" not in page
    found = client.get("/api/v1/territories/", {"search": dewi}).json()["results"]
    assert found == [{"id": june.dewi.territory_id, "name": dewi}]
    client.force_login(june.andi.user)  # a salesman sees his own territory only
    assert [t["name"] for t in client.get("/api/v1/territories/").json()["results"]] == [
        june.andi.territory.name
    ]
    # a manager with two teams keeps the select
    client.force_login(june.manager_a)
    page = client.get(URL, {"month": "2026-06"}).content.decode()
    assert 'id="team-search"' not in page and f'<option value="{june.team_a.pk}"' in page


def test_the_battle_reads_the_users_teams_a_few_at_a_time(june, monkeypatch):
    """June: Team A's mean 93.61 ((112.22 + 75) / 2), Team B none. Above BATTLE_READ (1 here)
    of his teams in the battle, the user's teams among the battle's first ones are read."""
    from kpi.dashboard_parts import gamification_context
    from kpi.overview import teams_in_view

    monkeypatch.setattr("kpi.dashboard_parts.BATTLE_READ", 1)
    cache.clear()
    battle = gamification_context(JUNE, teams_in_view(june.hr))["battle"]
    assert [(row["team"], row["score"]) for row in battle["teams"]] == [
        ("Team A", "93.61"),
        ("Team B", None),
    ]
    assert battle["teams_total"] == 2
    battle = gamification_context(JUNE, teams_in_view(june.manager_a))["battle"]
    assert ([row["team"] for row in battle["teams"]], battle["teams_total"]) == (["Team A"], 1)


def test_export_csv_and_xlsx(client, june):
    client.force_login(june.supervisor_a)
    response = client.get(URL, {"month": "2026-06", "export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="team-overview-2026-06.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "salesman,name,team,channel,pace_score,total,projected_score"
    assert lines[1].startswith("A1,Andi,Team A,GT,112.22,112.22,")
    response = client.get(URL, {"month": "2026-06", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][:6] == ("A1", "Andi", "Team A", "GT", 112.22, 112.22)


def grow(world, people: int, lines: int, first: int = 0):
    """More salesmen in team A, each with a June scorecard and order lines."""
    product = ProductFactory(sku="GROW")
    for n in range(first, first + people):
        person = SalesmanFactory(
            code=f"G{n:03d}", team=world.team_a, user=UserFactory(username=f"g{n}")
        )
        june_scorecard(person, 300_000_000 + n, 10 + n, 15)
        outlet = OutletFactory(salesman=person)
        for _ in range(lines):
            OrderLineFactory(salesman=person, outlet=outlet, product=product, amount=500)
    compute_scorecards(month=JUNE)


@pytest.mark.parametrize("people", [0, 25])
def test_query_count_does_not_grow_with_the_data(
    client, june, people, django_assert_max_num_queries
):
    grow(june, people, lines=3)
    TeamFactory(name="Team C", channel=Channel.MT, manager=june.manager_a)
    client.force_login(june.manager_a)
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"month": "2026-06"})
    assert response.status_code == 200


class RowCounter:
    """The rows each SELECT returns (`connection.execute_wrapper`), with its SQL."""

    def __init__(self):
        self.selects: list[tuple[int, str]] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not many and sql.lstrip()[:6].upper() in ("SELECT", "WITH"):
            self.selects.append((context["cursor"].rowcount, sql))
        return result


def measure(client, query: dict) -> list[tuple[int, str]]:
    """The SELECTs of a second visit (the first fills the caches: the Pareto, the battle)."""
    client.get(URL, query)
    counter = RowCounter()
    with connection.execute_wrapper(counter):
        assert client.get(URL, query).status_code == 200
    return counter.selects


def test_no_query_reads_more_than_a_page_and_the_heat_map(client, june):
    """65 people more in team A, then 130: the table reads its page (50), the heat map the
    KPI rows of the ranking's best 60 (3 KPIs each: 180), the territory filter (each person
    has his own: 133 of them for HR) at most PICK_LIST_MAX + 1; every other query a few rows.
    Queries and rows are the same at both sizes, for the manager and for HR."""
    from kpi.overview import territories_in_view

    measured = {}
    for size in (65, 130):
        grow(june, 65, lines=1, first=size - 65)
        for user in (june.manager_a, june.hr):
            client.force_login(user)
            measured[size, user.username] = measure(client, {"month": "2026-06"})
    assert territories_in_view(june.hr).count() == 133
    for who in ("manager_a", "hr"):
        small, large = measured[65, who], measured[130, who]
        assert [rows for rows, _sql in small] == [rows for rows, _sql in large]
        assert max(rows for rows, _sql in large) == HEAT_MAP_PEOPLE * 3
        heat = [sql for rows, sql in large if rows == HEAT_MAP_PEOPLE * 3]
        assert len(heat) == 1 and "kpi_scorecardrow" in heat[0]
        page = [rows for rows, sql in large if sql.startswith('SELECT "org_salesman"."code"')]
        assert page == [50]
        # the territory filter: a typed name above PICK_LIST_MAX, read no further
        others = [rows for rows, sql in large if rows > 20 and rows not in (50, 180)]
        assert others == [PICK_LIST_MAX + 1]


@pytest.mark.parametrize("people", [0, 25])
def test_the_managers_and_hrs_home_pages_do_not_grow_with_the_data(
    client, june, people, django_assert_max_num_queries
):
    """The home page says what waits (a run to approve or lock) beside the team's panels: one
    page per visit of the day, so it stays within the dashboards' 15 queries (issue 13)."""
    grow(june, people, lines=3)
    for user in (june.manager_a, june.hr):
        client.force_login(user)
        client.get("/")
        with django_assert_max_num_queries(15):
            assert client.get("/").status_code == 200


def codes(user, **filters) -> list[str]:
    return [row["code"] for row in ranked_people(user, Filters(month=JUNE, **filters))]


def test_the_filters_narrow_the_people_the_user_sees(world):
    """Team A: Andi and Budi (GT), team B: Dewi (MT), each with a territory of his own; no
    scorecards, so the ranking is by code."""
    andi, dewi = world.andi, world.dewi
    assert codes(world.supervisor_a) == ["A1", "A2"]
    assert codes(world.manager_a, territory=andi.territory_id) == ["A1"]
    assert codes(world.manager_a, channel=Channel.MT) == []
    assert codes(world.hr) == ["A1", "A2", "B1"]
    assert codes(world.hr, team=world.team_b.pk) == ["B1"]
    assert codes(world.hr, channel=Channel.GT) == ["A1", "A2"]
    assert codes(world.hr, team=world.team_a.pk, territory=dewi.territory_id) == []
    assert codes(world.admin, channel=Channel.MT, territory=dewi.territory_id) == ["B1"]


def page_codes(client, **query) -> list[str]:
    page = client.get(URL, {"month": "2026-06", **query}).content.decode()
    table = page[
        page.index('id="pace-table"') : page.index("</table>", page.index('id="pace-table"'))
    ]
    return [row.split("/", 1)[0] for row in table.split('<a href="/kpi/scorecards/')[1:]]


def test_the_table_ranks_and_sorts_in_the_database(client, june):
    """June closed: Andi 112.22, Budi 75.00, Dewi no scorecard. Best first, no score last; a
    clicked header sorts by its column (no score first going up, last going down), the ranking
    breaking ties (team A: Andi before Budi either way); a page of 2 shows the first two."""
    client.force_login(june.hr)
    assert page_codes(client) == ["A1", "A2", "B1"]
    assert page_codes(client, sort="pace_score") == ["B1", "A2", "A1"]
    assert page_codes(client, sort="-pace_score") == ["A1", "A2", "B1"]
    assert page_codes(client, sort="total") == ["B1", "A2", "A1"]
    assert page_codes(client, sort="team") == ["A1", "A2", "B1"]
    assert page_codes(client, sort="-team") == ["B1", "A1", "A2"]
    assert page_codes(client, sort="-code") == ["B1", "A2", "A1"]
    assert page_codes(client, sort="name") == ["A1", "A2", "B1"]
    assert page_codes(client, sort="-channel") == ["B1", "A1", "A2"]
    assert page_codes(client, per_page=2) == ["A1", "A2"]
    assert page_codes(client, per_page=2, page=2) == ["B1"]


def test_the_heat_map_shows_the_best_and_says_of_how_many(client, june, monkeypatch):
    monkeypatch.setattr("kpi.overview.HEAT_MAP_PEOPLE", 2)
    client.force_login(june.hr)
    page = client.get(URL, {"month": "2026-06"}).content.decode()
    heat = page[page.index('id="heat-map"') : page.index('id="trend"')]
    assert heat.count("<tr data-code=") == 2 and 'data-code="A1"' in heat
    assert "The best 2 of 3 people; filter by team to see the others." in page
    assert HEAT_MAP_PEOPLE == 60

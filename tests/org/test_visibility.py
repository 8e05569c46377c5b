"""Who sees whom, on the page, the API and the detail URL: the visibility matrix."""

import pytest
from rest_framework.test import APIClient

from org.visibility import salesmen_visible_to, teams_visible_to

# user attribute of the World → the salesman codes he may see
EXPECTED = {
    "andi": {"A1"},
    "supervisor_a": {"A1", "A2"},
    "manager_a": {"A1", "A2"},
    "manager_b": {"B1"},
    "hr": {"A1", "A2", "B1"},
    "admin": {"A1", "A2", "B1"},
}


def user_of(world, name):
    return getattr(world, name).user if name == "andi" else getattr(world, name)


@pytest.mark.parametrize(("name", "codes"), EXPECTED.items())
def test_salesmen_visible_to(world, name, codes):
    user = user_of(world, name)
    assert set(salesmen_visible_to(user).values_list("code", flat=True)) == codes


def test_teams_visible_to(world):
    assert list(teams_visible_to(world.supervisor_a)) == [world.team_a]
    assert list(teams_visible_to(world.manager_b)) == [world.team_b]
    assert list(teams_visible_to(world.andi.user)) == [world.team_a]
    assert set(teams_visible_to(world.hr)) == {world.team_a, world.team_b}


def test_manager_sees_teams_whose_supervisor_reports_to_him(world):
    from tests.factories import SalesmanFactory, TeamFactory, UserFactory

    boss = SalesmanFactory(code="M9", team=None, user=UserFactory(username="boss", role="manager"))
    spv = SalesmanFactory(
        code="S9", team=None, reports_to=boss, user=UserFactory(username="spv9", role="supervisor")
    )
    team = TeamFactory(name="Team C", supervisor=spv.user, manager=None)
    member = SalesmanFactory(code="C1", team=team)
    visible = set(salesmen_visible_to(boss.user).values_list("code", flat=True))
    assert visible == {"M9", member.code}


@pytest.mark.parametrize(("name", "codes"), EXPECTED.items())
def test_people_page_lists_only_the_scope(client, world, name, codes):
    client.force_login(user_of(world, name))
    response = client.get("/people/")
    assert response.status_code == 200
    shown = {row.record.code for row in response.context["table"].paginated_rows}
    assert shown == codes


@pytest.mark.parametrize(("name", "codes"), EXPECTED.items())
def test_salesmen_api_lists_only_the_scope(world, name, codes):
    api = APIClient()
    api.force_authenticate(user_of(world, name))
    response = api.get("/api/v1/salesmen/")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == codes


@pytest.mark.parametrize(
    ("name", "outsider"),
    [("andi", "A2"), ("supervisor_a", "B1"), ("manager_a", "B1"), ("manager_b", "A1")],
)
def test_someone_outside_the_scope_is_404_on_page_and_api(client, world, name, outsider):
    user = user_of(world, name)
    client.force_login(user)
    assert client.get(f"/people/{outsider}/").status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/v1/salesmen/{outsider}/").status_code == 404


def test_someone_inside_the_scope_is_shown(client, world):
    client.force_login(world.supervisor_a)
    response = client.get("/people/A2/")
    assert response.status_code == 200
    assert b"Budi" in response.content
    api = APIClient()
    api.force_authenticate(world.supervisor_a)
    assert api.get("/api/v1/salesmen/A2/").json()["name"] == "Budi"


def test_missing_and_forbidden_look_the_same(client, world):
    client.force_login(world.andi.user)
    assert client.get("/people/NOPE/").status_code == 404
    assert client.get("/people/B1/").status_code == 404


def test_me_endpoint(world):
    api = APIClient()
    api.force_authenticate(world.andi.user)
    data = api.get("/api/v1/me/").json()
    assert data["username"] == "andi"
    assert data["role"] == "salesman"
    assert data["salesman"]["code"] == "A1"
    assert data["salesman"]["team"] == "Team A"


def test_anonymous_is_sent_to_login_and_api_refuses(client, world):
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert APIClient().get("/api/v1/salesmen/").status_code in (401, 403)


def test_token_authentication(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.supervisor_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/salesmen/")
    assert {row["code"] for row in response.json()["results"]} == {"A1", "A2"}


def test_people_page_filters_by_a_team_in_scope_only(client, world):
    client.force_login(world.hr)
    response = client.get("/people/", {"team": world.team_a.pk})
    assert {row.record.code for row in response.context["table"].paginated_rows} == {"A1", "A2"}
    form = response.context["filter"].form
    assert form.fields["team"].widget.attrs["class"] == "form-select form-select-sm"
    client.force_login(world.supervisor_a)
    response = client.get("/people/", {"team": world.team_b.pk})
    # Team B is not a choice for him: the filter is refused and shows nothing of Team B.
    assert "team" in response.context["filter"].form.errors
    assert "B1" not in {row.record.code for row in response.context["table"].paginated_rows}
    assert list(response.context["filter"].form.fields["team"].queryset) == [world.team_a]


TEAMS_SEEN = {
    "andi": {"Team A"},
    "supervisor_a": {"Team A"},
    "manager_a": {"Team A"},
    "manager_b": {"Team B"},
    "hr": {"Team A", "Team B"},
    "admin": {"Team A", "Team B"},
}


@pytest.mark.parametrize(("name", "teams"), TEAMS_SEEN.items())
def test_teams_page_and_api_list_only_the_scope(client, world, name, teams):
    user = user_of(world, name)
    client.force_login(user)
    response = client.get("/teams/")
    assert response.status_code == 200
    assert {row.record.name for row in response.context["table"].paginated_rows} == teams
    api = APIClient()
    api.force_authenticate(user)
    assert {row["name"] for row in api.get("/api/v1/teams/").json()["results"]} == teams


@pytest.mark.parametrize(
    ("name", "team", "status"),
    [
        ("andi", "team_a", 200),
        ("andi", "team_b", 404),
        ("supervisor_a", "team_b", 404),
        ("manager_a", "team_b", 404),
        ("manager_b", "team_a", 404),
        ("manager_b", "team_b", 200),
        ("hr", "team_b", 200),
    ],
)
def test_team_detail_api_outside_the_scope_is_404(world, name, team, status):
    api = APIClient()
    api.force_authenticate(user_of(world, name))
    response = api.get(f"/api/v1/teams/{getattr(world, team).pk}/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == getattr(world, team).name


def test_team_detail_api_shows_its_leads(world):
    api = APIClient()
    api.force_authenticate(world.manager_a)
    assert api.get(f"/api/v1/teams/{world.team_a.pk}/").json() == {
        "id": world.team_a.pk,
        "name": "Team A",
        "channel": "GT",
        "supervisor": "supervisor_a",
        "manager": "manager_a",
    }


@pytest.mark.parametrize(
    ("name", "code", "status"),
    [
        ("andi", "A1", 200),  # owner
        ("budi", "A1", 404),  # teammate
        ("dewi", "A1", 404),  # other team
        ("supervisor_b", "A1", 404),  # other team's lead
        ("manager_a", "A2", 200),
        ("hr", "B1", 200),  # other role that sees everyone
        ("admin", "A2", 200),
    ],
)
def test_person_page_and_api_detail_by_role(client, world, name, code, status):
    user = getattr(world, name).user if name in {"andi", "budi", "dewi"} else getattr(world, name)
    client.force_login(user)
    assert client.get(f"/people/{code}/").status_code == status
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/salesmen/{code}/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("name", "query", "teams"),
    [
        ("hr", {"channel": "MT"}, ["Team B"]),
        ("hr", {"q": "supervisor_a"}, ["Team A"]),
        ("hr", {"q": "team", "sort": "-name"}, ["Team B", "Team A"]),
        ("manager_a", {"channel": "MT"}, []),  # Team B is MT, but not his
    ],
)
def test_teams_page_filters_and_sorts_within_the_scope(client, world, name, query, teams):
    client.force_login(user_of(world, name))
    response = client.get("/teams/", query)
    assert [row.record.name for row in response.context["table"].paginated_rows] == teams


def test_people_page_sorts_and_paginates_25_a_page(client, world):
    from tests.factories import SalesmanFactory

    for number in range(30):
        SalesmanFactory(code=f"Z{number:02d}", team=world.team_b)
    client.force_login(world.hr)
    first = client.get("/people/", {"sort": "-code"})
    codes = [row.record.code for row in first.context["table"].paginated_rows]
    assert len(codes) == 25 and codes[:2] == ["Z29", "Z28"]
    second = client.get("/people/", {"sort": "-code", "page": 2})
    rest = [row.record.code for row in second.context["table"].paginated_rows]
    assert rest == ["Z04", "Z03", "Z02", "Z01", "Z00", "B1", "A2", "A1"]

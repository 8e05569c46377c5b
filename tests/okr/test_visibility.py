"""Who sees which objective, on every OKR page and endpoint; outside the scope is 404."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from okr.selectors import objectives_visible_to

ALL = {"CO", "TA", "TB", "PA", "PB", "PD"}
# company: everyone; team: its people, supervisor, manager, HR, admin; person: his visibility
VISIBLE = {
    "andi": {"CO", "TA", "PA"},
    "budi": {"CO", "TA", "PB"},
    "dewi": {"CO", "TB", "PD"},
    "supervisor_a": {"CO", "TA", "PA", "PB"},
    "supervisor_b": {"CO", "TB", "PD"},
    "manager_a": {"CO", "TA", "PA", "PB"},
    "manager_b": {"CO", "TB", "PD"},
    "hr": ALL,
    "admin": ALL,
}
# among the visible ones: where he may record a check-in
CHECK_IN = {
    "andi": {"PA"},
    "budi": {"PB"},
    "dewi": {"PD"},
    "supervisor_a": {"TA", "PA", "PB"},
    "supervisor_b": {"TB", "PD"},
    "manager_a": {"CO", "TA", "PA", "PB"},
    "manager_b": {"CO", "TB", "PD"},
    "hr": set(),
    "admin": ALL,
}
MANAGES = {"manager_a", "manager_b", "admin"}


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize(("name", "codes"), VISIBLE.items())
def test_objectives_visible_to(okr, name, codes):
    assert set(objectives_visible_to(okr.user(name)).values_list("code", flat=True)) == codes


@pytest.mark.parametrize(("name", "codes"), VISIBLE.items())
def test_tree_list_and_api_show_only_the_scope(client, okr, name, codes):
    user = okr.user(name)
    client.force_login(user)
    response = client.get("/okr/cycles/H1-2026/")
    assert response.status_code == 200
    shown = set()
    stack = list(response.context["roots"])
    while stack:
        node = stack.pop()
        shown.add(node.objective.code)
        stack.extend(node.children)
    assert shown == codes

    response = client.get("/okr/objectives/")
    assert {row.record.code for row in response.context["table"].paginated_rows} == codes

    response = api_for(user).get("/api/v1/okr/objectives/")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == codes


@pytest.mark.parametrize("name", VISIBLE)
@pytest.mark.parametrize("code", sorted(ALL))
def test_objective_page_and_api_detail(client, okr, name, code):
    user = okr.user(name)
    client.force_login(user)
    expected = 200 if code in VISIBLE[name] else 404
    assert client.get(f"/okr/objectives/{code}/").status_code == expected
    assert api_for(user).get(f"/api/v1/okr/objectives/{code}/").status_code == expected
    kr = okr.krs[code]
    assert api_for(user).get(f"/api/v1/okr/key-results/{kr.pk}/check-ins/").status_code == expected


@pytest.mark.parametrize("name", VISIBLE)
@pytest.mark.parametrize("code", sorted(ALL))
def test_check_in_page_and_endpoint(client, okr, name, code):
    """Outside the scope 404; visible but not his to check in 403; otherwise it records."""
    user = okr.user(name)
    kr = okr.krs[code]
    if code not in VISIBLE[name]:
        expected_page, expected_api = 404, 404
    elif code in CHECK_IN[name]:
        expected_page, expected_api = 200, 201
    else:
        expected_page, expected_api = 403, 403
    client.force_login(user)
    assert client.get(f"/okr/key-results/{kr.pk}/check-in/").status_code == expected_page
    response = api_for(user).post(
        f"/api/v1/okr/key-results/{kr.pk}/check-ins/",
        {"date": "2026-03-02", "value": "40", "confidence": 7},
        format="json",
    )
    assert response.status_code == expected_api
    assert kr.check_ins.exists() == (expected_api == 201)


@pytest.mark.parametrize("name", VISIBLE)
@pytest.mark.parametrize("code", ["CO", "TA", "PD"])
def test_edit_pages_for_managers_in_scope(client, okr, name, code):
    user = okr.user(name)
    client.force_login(user)
    kr = okr.krs[code]
    if code not in VISIBLE[name]:
        expected = 404
    elif name in MANAGES:
        expected = 200
    else:
        expected = 403
    assert client.get(f"/okr/objectives/{code}/edit/").status_code == expected
    assert client.get(f"/okr/objectives/{code}/key-results/new/").status_code == expected
    assert client.get(f"/okr/key-results/{kr.pk}/edit/").status_code == expected
    assert client.post(f"/okr/key-results/{kr.pk}/delete/").status_code in (
        {404: 404, 403: 403, 200: 302}[expected],
    )


@pytest.mark.parametrize("name", VISIBLE)
def test_new_objective_and_cycles_for_managers_only(client, okr, name):
    client.force_login(okr.user(name))
    assert client.get("/okr/objectives/new/").status_code == (200 if name in MANAGES else 403)
    response = client.get("/okr/cycles/")
    assert response.status_code == 200
    assert (response.context["form"] is not None) == (name in MANAGES)
    response = client.post(
        "/okr/cycles/",
        {
            "code": "Q3-2026",
            "name": "Q3",
            "kind": "quarter",
            "start": "2026-07-01",
            "end": "2026-09-30",
        },
    )
    assert response.status_code == (302 if name in MANAGES else 403)


def test_cycles_api_lists_cycles(okr, world):
    response = api_for(world.andi.user).get("/api/v1/okr/cycles/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "code": "H1-2026",
            "name": "Semester 1 2026",
            "kind": "semester",
            "start": "2026-01-01",
            "end": "2026-06-30",
        }
    ]
    assert api_for(world.andi.user).get("/api/v1/okr/cycles/H1-2026/").status_code == 200


def test_anonymous_is_sent_to_login_and_refused_by_the_api(client, okr):
    assert client.get("/okr/objectives/CO/").status_code == 302
    assert APIClient().get("/api/v1/okr/objectives/").status_code in (401, 403)


def test_unknown_cycle_is_404(client, okr):
    client.force_login(okr.user("admin"))
    assert client.get("/okr/cycles/NOPE/").status_code == 404


def test_home_panel_shows_own_objectives_in_running_cycles(client, okr, monkeypatch):
    monkeypatch.setattr("okr.services.today", lambda: date(2026, 3, 15))
    monkeypatch.setattr("okr.dashboard.today", lambda: date(2026, 3, 15))
    client.force_login(okr.user("andi"))
    response = client.get("/")
    panels = dict(response.context["panels"])
    shown = {o.code for o in panels["okr/panel.html"]["objectives"]}
    assert shown == {"TA", "PA"}
    assert b'id="okr-panel"' in response.content

    client.force_login(okr.user("supervisor_a"))
    panels = dict(client.get("/").context["panels"])
    # the supervisor has no sales-force profile here: no panel
    assert "okr/panel.html" not in panels


def test_home_panel_is_empty_outside_running_cycles(client, okr, monkeypatch):
    monkeypatch.setattr("okr.dashboard.today", lambda: date(2027, 3, 15))
    client.force_login(okr.user("andi"))
    assert "okr/panel.html" not in dict(client.get("/").context["panels"])


def test_objectives_api_filters_by_cycle_and_level(okr, world):
    from tests.okr.factories import CycleFactory, ObjectiveFactory

    q4 = CycleFactory(
        code="Q4-2026", name="Q4 2026", start=date(2026, 10, 1), end=date(2026, 12, 31)
    )
    ObjectiveFactory(code="CO-Q4", cycle=q4)
    api = api_for(world.andi.user)
    rows = api.get("/api/v1/okr/objectives/", {"cycle": "Q4-2026"}).json()["results"]
    assert [row["code"] for row in rows] == ["CO-Q4"]
    rows = api.get("/api/v1/okr/objectives/", {"cycle": "H1-2026", "level": "team"}).json()
    assert [row["code"] for row in rows["results"]] == ["TA"]
    row = api.get("/api/v1/okr/objectives/PA/").json()
    assert (row["level"], row["owner"], row["parent"], row["participants"]) == (
        "person",
        "A1",
        "TA",
        ["A1"],
    )
    assert row["key_results"][0]["score"] == "0.00"


def test_objective_list_filters_offer_only_visible_teams(client, okr, world):
    client.force_login(world.supervisor_a)
    response = client.get("/okr/objectives/", {"team": world.team_a.pk})
    form = response.context["filter"].form
    assert list(form.fields["team"].queryset) == [world.team_a]
    assert {row.record.code for row in response.context["table"].paginated_rows} == {"TA"}
    response = client.get("/okr/objectives/", {"level": "person"})
    assert {row.record.code for row in response.context["table"].paginated_rows} == {"PA", "PB"}

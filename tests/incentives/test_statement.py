"""The salesman's statement: his lines explained, the total, past months; who may open it."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from incentives.payouts.services import add_adjustment, approve_run, close_period, lock_run
from tests.incentives.payout_factories import JUNE, MAY, andi_june, field_month, targets

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def months(world):
    """May (locked, Andi paid Rp 2.700.000) and June (draft, Rp 3.400.000)."""
    andi_june(world)
    # May: 520 jt of 500 jt (104%: no step), 25 new outlets (200k), 18 visits a day (500k).
    field_month(world.andi, month=MAY, revenue=520_000_000, new_outlets=25, visits_per_day=18)
    targets(world.andi, month=MAY)
    may = close_period(month=MAY)
    lock_run(run=approve_run(run=may, by=world.manager_a), by=world.hr)
    return may, close_period(month=JUNE)


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_andi_sees_his_june_statement(world, months):
    response = client_for(world.andi.user).get("/incentives/statements/A1/2026-06/")
    assert response.status_code == 200
    view = response.context["view"]
    assert view.total == 3_400_000
    assert [(line.rule_code, line.amount) for line in view.lines] == [
        ("rev-full", 2_000_000),
        ("rev-step", 500_000),
        ("new-outlets", 400_000),
        ("visits", 500_000),
    ]
    html = response.content.decode()
    assert 'id="statement-total">Rp 3,400,000<' in html  # an English page
    assert "reached the tier from 30: 400,000" in html
    assert "Provisional" in html  # June is still a draft
    # Past months, newest first, with their totals.
    assert [(m["period"], m["total"], m["status"]) for m in response.context["months"]] == [
        ("2026-06", 3_400_000, "draft"),
        ("2026-05", 2_700_000, "locked"),
    ]


def test_may_statement(world, months):
    response = client_for(world.andi.user).get("/incentives/statements/A1/2026-05/")
    view = response.context["view"]
    assert [(line.rule_code, line.reached, line.amount) for line in view.lines] == [
        ("rev-full", "from 100", 2_000_000),
        ("rev-step", "0 steps", 0),
        ("new-outlets", "from 20", 200_000),
        ("visits", "from 18", 500_000),
    ]
    assert "Provisional" not in response.content.decode()


def test_adjustments_show_on_the_statement(world, months):
    add_adjustment(month=JUNE, salesman=world.andi, amount=-40_000, reason="Fuel", by=world.hr)
    response = client_for(world.andi.user).get("/incentives/statements/A1/2026-06/")
    assert response.context["view"].total == 3_360_000
    assert "Rp 3,360,000" in response.content.decode()
    assert "Fuel" in response.content.decode()


def test_my_statements_redirects_to_his_own_list(world, months):
    client = client_for(world.andi.user)
    response = client.get("/incentives/statements/")
    assert response.status_code == 302 and response.url == "/incentives/statements/A1/"
    response = client.get("/incentives/statements/A1/")
    assert [m["period"] for m in response.context["months"]] == ["2026-06", "2026-05"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("andi", 200),
        ("budi", 404),  # teammate
        ("dewi", 404),  # other team
        ("supervisor_a", 200),
        ("supervisor_b", 404),
        ("manager_a", 200),
        ("manager_b", 404),
        ("hr", 200),
        ("admin", 200),
    ],
)
def test_who_may_open_andis_statement(world, months, who, status):
    user = getattr(world, who)
    user = getattr(user, "user", user)
    client = client_for(user)
    assert client.get("/incentives/statements/A1/2026-06/").status_code == status
    assert client.get("/incentives/statements/A1/").status_code == status
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/statements/A1/2026-06/").status_code == status


def test_missing_month_or_code_is_404(world, months):
    client = client_for(world.hr)
    assert client.get("/incentives/statements/A1/2026-04/").status_code == 404
    assert client.get("/incentives/statements/A1/2026-13/").status_code == 404
    assert client.get("/incentives/statements/NOPE/2026-06/").status_code == 404


def test_statement_api(world, months):
    api = APIClient()
    api.force_authenticate(world.andi.user)
    data = api.get("/api/v1/statements/A1/2026-06/").json()
    assert (data["salesman"], data["period"], data["status"], data["total"]) == (
        "A1",
        "2026-06",
        "draft",
        "3400000",
    )
    assert data["lines"][1]["reached"] == "1 step"
    assert data["lines"][1]["value"] == "110.0000"
    api = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    api.force_authenticate(world.andi.user)
    line = api.get("/api/v1/statements/A1/2026-06/").json()["lines"][2]
    assert line["explanation"].startswith("New outlets: new_outlets actual 35;")
    assert "Rp 400.000" in line["explanation_localized"]
    assert line["reached_localized"] == "dari 30"


def test_lines_are_explained_in_the_readers_language(world, months):
    from incentives.payouts.explain import explain

    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.andi.user)
    response = client.get("/incentives/statements/A1/2026-06/")
    line = response.context["view"].lines[2]
    assert line.status == "paid"
    assert line.detail["tier_from"] == "30"
    with translation.override("id"):
        assert line.explained == explain(line)
    assert line.explained != line.explanation  # the stored text is the engine's English
    assert line.explained in response.content.decode()
    assert (line.reached, line.reached_text) == ("from 30", "dari 30")
    step = response.context["view"].lines[1]
    assert (step.reached, step.reached_text) == ("1 step", "1 kelipatan")


@pytest.mark.parametrize(
    ("who", "codes"),
    [
        ("supervisor_a", ["A1", "A2"]),
        ("manager_a", ["A1", "A2"]),
        ("manager_b", ["B1"]),
        ("hr", ["A1", "A2", "B1"]),
    ],
)
def test_leaders_get_the_people_whose_statements_they_may_open(world, months, who, codes):
    response = client_for(getattr(world, who)).get("/incentives/statements/")
    assert response.status_code == 200
    assert [row.record.code for row in response.context["table"].rows] == codes
    assert '/incentives/statements/A1/"' in response.content.decode() or "A1" not in codes

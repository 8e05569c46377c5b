"""Visibility on every KPI page and endpoint: the owner, a teammate, another team and another role.

Personal data (scorecards, targets, manual actuals) follows `org.visibility`: a salesman sees only
himself, a supervisor and a manager their teams, HR and admins everyone; anything else is 404 (or
simply absent from a list), never another person's data. The setup (KRAs, KPIs, templates,
breakdown, grid edits, recompute) belongs to managers and admins: everyone else gets 404.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from kpi.documents import save_template_document
from kpi.models import KRA, KPIDefinition, ManualActual, Scorecard, ScorecardTemplate, Target
from kpi.scorecards import compute_scorecards
from org.models import AuditEntry
from tests.kpi.factories import gt_document
from tests.outlets.factories import set_metric

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)

EVERYONE = [
    "andi",
    "budi",
    "dewi",
    "supervisor_a",
    "supervisor_b",
    "manager_a",
    "manager_b",
    "hr",
    "admin",
]
# Who sees Andi (A1, team A): himself, his supervisor and manager, HR and admins.
SEES_ANDI = {"andi", "supervisor_a", "manager_a", "hr", "admin"}
CONFIGURERS = {"manager_a", "manager_b", "admin"}


def user_of(world, name):
    return getattr(world, name).user if name in ("andi", "budi", "dewi") else getattr(world, name)


@pytest.fixture
def june(world):
    """GT and MT templates (with a manual KPI), targets and actuals for A1, A2 and B1."""
    save_template_document(document=gt_document(), by=None)
    revenue = KPIDefinition.objects.get(code="revenue")
    satisfaction = KPIDefinition.objects.create(
        code="satisfaction",
        name_id="Kepuasan outlet",
        name_en="Outlet satisfaction",
        kra=revenue.kra,
        unit="%",
        source="manual",
    )
    mt = {
        "code": "MT-SALESMAN",
        "name": "Scorecard Salesman MT",
        "rounding": "exact",
        "applies_to": {"role": "salesman", "channel": "MT"},
        "items": [
            {"kpi": "revenue", "weight": 60, "cap": 150, "floor": None},
            {"kpi": "satisfaction", "weight": 40, "cap": 120, "floor": None},
        ],
    }
    save_template_document(document=mt, by=None)
    for person, value in ((world.andi, 100), (world.budi, 200), (world.dewi, 300)):
        Target.objects.create(month=JUNE, salesman=person, kpi=revenue, value=value)
        Target.objects.create(month=JUNE, salesman=person, kpi=satisfaction, value=90)
        ManualActual.objects.create(month=JUNE, salesman=person, kpi=satisfaction, value=D(81))
        set_metric(salesman=person, month=JUNE, metric="revenue", value=value)
    compute_scorecards(month=JUNE)
    return world


def web(client, world, name):
    client.force_login(user_of(world, name))
    client.cookies["django_language"] = "en"
    return client


def api(world, name):
    client = APIClient()
    client.force_authenticate(user_of(world, name))
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


# --- personal pages and endpoints about Andi ---------------------------------------------------


@pytest.mark.parametrize("name", EVERYONE)
def test_andis_scorecard_pages(client, june, name):
    web(client, june, name)
    detail = client.get("/kpi/scorecards/A1/2026-06/")
    current = client.get("/kpi/scorecards/A1/")
    if name in SEES_ANDI:
        assert detail.status_code == 200
        assert detail.context["card"].salesman == june.andi
        assert current.status_code == 302
    else:
        assert detail.status_code == 404
        assert current.status_code == 404
    # an unknown code looks exactly like a forbidden one
    assert client.get("/kpi/scorecards/ZZ9/2026-06/").status_code == 404


@pytest.mark.parametrize("name", EVERYONE)
def test_andis_scorecard_target_and_actual_through_the_api(june, name):
    client = api(june, name)
    card = Scorecard.objects.get(salesman=june.andi, month=JUNE)
    target = Target.objects.filter(salesman=june.andi).first()
    actual = ManualActual.objects.get(salesman=june.andi)
    expected = 200 if name in SEES_ANDI else 404
    assert client.get(f"/api/v1/kpi/scorecards/{card.id}/").status_code == expected
    assert client.get(f"/api/v1/kpi/targets/{target.id}/").status_code == expected
    assert client.get(f"/api/v1/kpi/actuals/{actual.id}/").status_code == expected
    for endpoint in ("scorecards", "targets", "actuals"):
        rows = client.get(f"/api/v1/kpi/{endpoint}/?salesman=A1").json()["results"]
        assert bool(rows) == (name in SEES_ANDI), endpoint
        assert {row["salesman"] for row in rows} <= {"A1"}


# Who is listed for whom: the scorecard table, the targets and actuals grids, the API lists.
LISTED = {
    "andi": ["A1"],
    "budi": ["A2"],
    "dewi": ["B1"],
    "supervisor_a": ["A1", "A2"],
    "supervisor_b": ["B1"],
    "manager_a": ["A1", "A2"],
    "manager_b": ["B1"],
    "hr": ["A1", "A2", "B1"],
    "admin": ["A1", "A2", "B1"],
}


@pytest.mark.parametrize(("name", "codes"), LISTED.items())
def test_lists_show_exactly_the_scope(client, june, name, codes):
    web(client, june, name)
    table = client.get("/kpi/scorecards/?month=2026-06").context["table"]
    assert sorted(row.record.salesman.code for row in table.paginated_rows) == codes
    for kind in ("targets", "actuals"):
        grid = client.get(f"/kpi/targets/?kind={kind}&month=2026-06")
        assert [row["person"].code for row in grid.context["rows"]] == codes, kind
    client_api = api(june, name)
    for endpoint in ("scorecards", "targets", "actuals"):
        rows = client_api.get(f"/api/v1/kpi/{endpoint}/?month=2026-06").json()["results"]
        assert sorted({row["salesman"] for row in rows}) == codes, endpoint


@pytest.mark.parametrize("name", EVERYONE)
def test_a_team_filter_outside_the_scope_shows_nothing_of_that_team(client, june, name):
    web(client, june, name)
    team_b = june.team_b.pk
    table = client.get(f"/kpi/scorecards/?month=2026-06&team={team_b}").context["table"]
    shown = {row.record.salesman.code for row in table.paginated_rows}
    grid = client.get(f"/kpi/targets/?month=2026-06&team={team_b}").context["rows"]
    assert shown | {row["person"].code for row in grid} <= set(LISTED[name])


# --- the setup: managers and admins only -------------------------------------------------------


def setup_urls(june):
    kra = KRA.objects.first()
    return [
        "/kpi/kras/",
        "/kpi/kras/new/",
        f"/kpi/kras/{kra.pk}/",
        "/kpi/kpis/",
        "/kpi/kpis/new/",
        "/kpi/kpis/revenue/",
        "/kpi/templates/",
        "/kpi/templates/new/",
        "/kpi/templates/import/",
        "/kpi/templates/GT-SALESMAN/",
        "/kpi/templates/GT-SALESMAN/export/",
        "/kpi/targets/breakdown/",
        "/api/v1/kpi/templates/GT-SALESMAN/",
        "/api/v1/kpi/kpis/revenue/",
        f"/api/v1/kpi/kras/{kra.pk}/",
        "/api/v1/kpi/breakdown/?month=2026-06&kpi=revenue&total=10",
    ]


@pytest.mark.parametrize("name", EVERYONE)
def test_setup_pages_and_endpoints_are_404_for_everyone_but_configurers(client, june, name):
    web(client, june, name)
    client_api = api(june, name)
    for url in setup_urls(june):
        getter = client_api.get if url.startswith("/api/") else client.get
        expected = 200 if name in CONFIGURERS else 404
        assert getter(url).status_code == expected, url
    if name not in CONFIGURERS:
        assert client_api.get("/api/v1/kpi/templates/").json() == []
        assert client_api.get("/api/v1/kpi/kpis/").json()["count"] == 0
        assert client_api.get("/api/v1/kpi/kras/").json()["count"] == 0


@pytest.mark.parametrize("name", sorted(set(EVERYONE) - CONFIGURERS))
def test_setup_writes_are_404_for_everyone_but_configurers(client, june, name):
    web(client, june, name)
    revenue = KPIDefinition.objects.get(code="revenue")
    kra = revenue.kra
    posts = {
        "/kpi/kras/new/": {"name": "Sneaky"},
        f"/kpi/kras/{kra.pk}/": {"name": "Renamed"},
        "/kpi/kpis/revenue/": {"name_id": "x", "name_en": "x", "kra": kra.pk},
        "/kpi/templates/GT-SALESMAN/delete/": {},
        "/kpi/templates/GT-SALESMAN/assign/": {"salesman": "A1"},
        "/kpi/scorecards/compute/": {"month": "2026-06"},
        "/kpi/targets/?month=2026-06": {f"v-{june.andi.id}-{revenue.id}": "1"},
        "/kpi/targets/breakdown/": {"month": "2026-06", "kpi": revenue.pk, "total": "1"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    client_api = api(june, name)
    target = {"month": "2026-06", "salesman": "A1", "kpi": "revenue", "value": 1}
    assert client_api.post("/api/v1/kpi/targets/", target, format="json").status_code == 404
    document = gt_document()
    assert (
        client_api.put("/api/v1/kpi/templates/GT-SALESMAN/", document, format="json").status_code
        == 404
    )
    document["code"] = "NEW"
    document["applies_to"]["role"] = "supervisor"
    assert client_api.post("/api/v1/kpi/templates/", document, format="json").status_code == 404
    # nothing changed
    assert KRA.objects.filter(name__in=["Sneaky", "Renamed"]).count() == 0
    assert list(ScorecardTemplate.objects.values_list("code", flat=True)) == [
        "GT-SALESMAN",
        "MT-SALESMAN",
    ]
    assert Target.objects.get(salesman=june.andi, kpi=revenue).value == 100
    assert not AuditEntry.objects.filter(actor=user_of(june, name)).exists()


def test_another_managers_people_cannot_be_touched(client, june):
    """manager_b configures, but Andi is not his: grid cells, breakdown lines, assignments,
    recomputes and API targets that name Andi change nothing."""
    revenue = KPIDefinition.objects.get(code="revenue")
    web(client, june, "manager_b")
    computed_at = Scorecard.objects.get(salesman=june.andi).computed_at
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.post("/kpi/targets/?month=2026-06", {f"v-{june.andi.id}-{revenue.id}": "1"})
    client.post(
        "/kpi/targets/breakdown/",
        {
            "month": "2026-06",
            "kpi": revenue.pk,
            "total": "10",
            "history_months": "3",
            f"p-{june.andi.id}": "7",
            f"p-{june.dewi.id}": "10",
        },
    )
    assert client.post("/kpi/templates/GT-SALESMAN/assign/", {"salesman": "A1"}).status_code == 404
    client.post("/kpi/scorecards/compute/", {"month": "2026-06"})
    assert Scorecard.objects.get(salesman=june.andi).computed_at == computed_at
    body = {"month": "2026-06", "salesman": "A1", "kpi": "revenue", "value": 1}
    response = api(june, "manager_b").post("/api/v1/kpi/targets/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"salesman": ["Unknown salesman code."]}
    assert Target.objects.get(salesman=june.andi, kpi=revenue).value == 100
    # nothing recorded during these attempts is about Andi (entries name the salesman's code)
    recorded = AuditEntry.objects.filter(pk__gt=last_entry)
    assert not [entry for entry in recorded if june.andi.code in entry.object_repr]
    assert recorded.filter(object_type="kpi.target").exists()  # Dewi's line below was recorded
    # his own salesman's breakdown line was saved: Dewi is the only one in his scope
    assert Target.objects.get(salesman=june.dewi, kpi=revenue).value == 10


@pytest.mark.parametrize("name", EVERYONE)
def test_the_sheet_calculator_and_preview_are_for_everyone_signed_in(client, june, name):
    web(client, june, name)
    assert client.get("/kpi/sheet/").status_code == 200
    row = {"kpi": "x", "weight": 100, "direction": "higher", "target": 10, "actual": 12}
    response = api(june, name).post("/api/v1/kpi/preview/", {"rows": [row]}, format="json")
    assert response.json()["total"] == "120.00"


def test_api_needs_a_login(june):
    anonymous = APIClient()
    for url in (
        "/api/v1/kpi/scorecards/",
        "/api/v1/kpi/targets/",
        "/api/v1/kpi/actuals/",
        "/api/v1/kpi/templates/",
        "/api/v1/kpi/kpis/",
        "/api/v1/kpi/kras/",
        "/api/v1/kpi/breakdown/?month=2026-06&kpi=revenue&total=1",
    ):
        assert anonymous.get(url).status_code in (401, 403), url

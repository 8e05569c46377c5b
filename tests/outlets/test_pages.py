"""Outlet and metric pages: each shows only the user's scope; outside it is 404."""

import re

import pytest

from tests.outlets.factories import build_field, user_of

OUTLETS_SEEN = {
    "andi": {"OA"},
    "budi": {"OB"},
    "supervisor_a": {"OA", "OB"},
    "manager_a": {"OA", "OB"},
    "supervisor_b": {"OD"},
    "manager_b": {"OD"},
    "hr": {"OA", "OB", "OD", "ON"},
    "admin": {"OA", "OB", "OD", "ON"},
}


@pytest.fixture
def field(world):
    return build_field(world)


@pytest.mark.parametrize(("name", "codes"), OUTLETS_SEEN.items())
def test_outlet_list_shows_only_the_scope(client, field, name, codes):
    client.force_login(user_of(field, name))
    response = client.get("/outlets/")
    assert response.status_code == 200
    assert {row.record.code for row in response.context["table"].paginated_rows} == codes


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("channel=MT", {"OD"}),
        ("q=budi", {"OB"}),
        ("key_account=true", {"OD"}),
        ("active=false", set()),
        ("sort=-code", {"OA", "OB", "OD", "ON"}),
    ],
)
def test_outlet_list_filters(client, field, query, codes):
    client.force_login(field.hr)
    response = client.get(f"/outlets/?{query}")
    assert {row.record.code for row in response.context["table"].paginated_rows} == codes


def test_outlet_list_filters_by_salesman_within_the_scope(client, field):
    client.force_login(field.supervisor_a)
    response = client.get("/outlets/?salesman=A2")
    assert [row.record.code for row in response.context["table"].paginated_rows] == ["OB"]
    # a typed code with suggestions from the salesmen API, not a select of the whole scope
    html = response.content.decode()
    field_html = re.search(r'<(\w+)[^>]*name="salesman"[^>]*>', html)
    assert field_html[1] == "input" and 'list="salesman-options"' in field_html[0]
    assert 'value="A2"' in field_html[0] and '<datalist id="salesman-options">' in html
    # someone outside the scope is not a choice: the filter is invalid and shows nothing of his
    response = client.get("/outlets/?salesman=B1")
    assert "OD" not in {row.record.code for row in response.context["table"].paginated_rows}


def test_outlet_detail_groups_the_order_lines_by_order(client, field):
    client.force_login(field.andi.user)
    response = client.get("/outlets/o/OA/")
    assert response.status_code == 200
    [order] = response.context["orders"]
    assert order["order_no"] == "ORD-A"
    assert [line.product.sku for line in order["lines"]] == ["P1", "P2"]
    assert order["total"] == 150000
    content = response.content.decode()
    assert "Rp 150.000" in content and "V-A" in content


def test_outlet_detail_shows_the_audits(client, field):
    client.force_login(field.supervisor_b)
    content = client.get("/outlets/o/OD/").content.decode()
    assert "AU-D" in content and "92,50" in content  # Indonesian number format


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("andi", "OB"),
        ("budi", "OA"),
        ("supervisor_a", "OD"),
        ("manager_a", "OD"),
        ("manager_b", "OA"),
        ("andi", "ON"),
        ("manager_a", "ON"),
        ("andi", "NOPE"),
    ],
)
def test_outlet_detail_outside_the_scope_is_404(client, field, name, code):
    client.force_login(user_of(field, name))
    assert client.get(f"/outlets/o/{code}/").status_code == 404


def test_a_salesman_sees_every_metric_of_his_month(client, field):
    client.force_login(field.andi.user)
    response = client.get("/outlets/metrics/A1/2026-06/")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.context["rows"]}
    assert len(rows) == 22  # the catalogue, lines_per_call and outlet_coverage included
    assert rows["revenue"]["display"] == "Rp 150.000"
    assert rows["orders"]["display"] == "1"
    assert rows["hit_rate"]["display"] == "100,00 %"
    assert rows["osa"]["value"] is None
    content = response.content.decode()
    assert "Rp 150.000" in content
    assert 'data-metric="osa"' in content


def test_the_metrics_page_switches_months(client, field):
    client.force_login(field.andi.user)
    response = client.get("/outlets/metrics/A1/2026-07/")
    assert response.status_code == 200
    assert response.context["computed"] is False
    assert response.context["previous"] == "2026-06"
    assert "metrics-not-computed" in response.content.decode()
    assert client.get("/outlets/metrics/A1/?month=2026-06").context["month"].month == 6
    assert client.get("/outlets/metrics/A1/2026-13/").status_code == 404


def test_my_metrics_leads_each_role_to_its_page(client, field):
    client.force_login(field.andi.user)
    assert client.get("/outlets/metrics/").url == "/outlets/metrics/A1/"
    client.force_login(field.supervisor_a)
    assert client.get("/outlets/metrics/").url == "/outlets/teams/"


@pytest.mark.parametrize(
    ("name", "code", "status"),
    [
        ("andi", "A1", 200),
        ("andi", "A2", 404),
        ("andi", "B1", 404),
        ("supervisor_a", "A2", 200),
        ("supervisor_a", "B1", 404),
        ("manager_a", "A1", 200),
        ("manager_b", "A1", 404),
        ("manager_b", "B1", 200),
        ("hr", "B1", 200),
    ],
)
def test_salesman_metrics_visibility(client, field, name, code, status):
    client.force_login(user_of(field, name))
    assert client.get(f"/outlets/metrics/{code}/2026-06/").status_code == status


def test_the_team_page_shows_totals_members_and_pareto(client, field):
    client.force_login(field.supervisor_a)
    response = client.get(f"/outlets/teams/{field.team_a.pk}/2026-06/")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.context["rows"]}
    assert rows["revenue"]["display"] == "Rp 200.000"
    assert rows["orders"]["display"] == "2"
    assert [r["person"].code for r in response.context["member_rows"]] == ["A1", "A2"]
    # 2 outlets: the top 20% is one outlet, OA with 150.000 of 200.000
    outlets = response.context["pareto_outlets"]
    assert (outlets["items"], outlets["top_items"], outlets["share"]) == (2, 1, 75)
    assert '<div class="display-6">75,0%</div>' in response.content.decode()


def test_the_team_page_defaults_to_the_first_team_and_latest_month(client, field):
    client.force_login(field.manager_b)
    response = client.get("/outlets/teams/")
    assert response.context["team"] == field.team_b
    assert response.context["month"].month == 6


@pytest.mark.parametrize(
    ("name", "team", "status"),
    [
        ("supervisor_a", "team_a", 200),
        ("supervisor_a", "team_b", 404),
        ("manager_b", "team_a", 404),
        ("manager_b", "team_b", 200),
        ("andi", "team_a", 404),
        ("hr", "team_b", 200),
        ("admin", "team_a", 200),
    ],
)
def test_team_metrics_visibility(client, field, name, team, status):
    client.force_login(user_of(field, name))
    team_id = getattr(field, team).pk
    assert client.get(f"/outlets/teams/{team_id}/2026-06/").status_code == status
    assert client.get(f"/outlets/teams/?team={team_id}").status_code == status


def test_navigation_links_by_role(client, field):
    client.force_login(field.andi.user)
    content = client.get("/outlets/").content.decode()
    assert 'id="nav-my-metrics"' in content and 'id="nav-team-metrics"' not in content
    client.force_login(field.manager_a)
    content = client.get("/outlets/").content.decode()
    assert 'id="nav-team-metrics"' in content and 'id="nav-outlets"' in content


def test_pages_need_a_login(client, field):
    assert client.get("/outlets/").status_code == 302
    assert client.get("/outlets/metrics/A1/2026-06/").status_code == 302


def test_the_home_panel_shows_the_teams_in_scope(client, field):
    client.force_login(field.supervisor_a)
    content = client.get("/").content.decode()
    assert 'id="outlets-panel"' in content
    assert "Team A" in content and "Rp 200.000" in content and "Team B" not in content
    client.force_login(field.andi.user)
    assert 'id="outlets-panel"' not in client.get("/").content.decode()


def test_every_unit_of_the_catalogue_reads_in_the_users_language(client, field):
    from outlets.metrics import METRICS
    from outlets.views import UNIT_LABELS

    assert {metric.unit for metric in METRICS.values()} <= set(UNIT_LABELS)
    client.force_login(field.andi.user)
    rows = {r["code"]: r for r in client.get("/outlets/metrics/A1/2026-06/").context["rows"]}
    assert (str(rows["visits_per_day"]["unit_label"]), rows["visits_per_day"]["unit"]) == (
        "kunjungan/hari",
        "visit/day",
    )
    assert str(rows["field_days"]["unit_label"]) == "hari"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get("/outlets/metrics/A1/2026-06/").content.decode()
    assert '<td class="small">visit/day</td>' in content


def test_outlet_list_filters_by_territory_with_bootstrap_controls(client, field):
    from outlets.models import Outlet

    oa = Outlet.objects.select_related("territory").get(code="OA")
    client.force_login(field.hr)
    response = client.get(f"/outlets/?territory={oa.territory.pk}")
    assert [row.record.code for row in response.context["table"].paginated_rows] == ["OA"]
    form = response.context["filter"].form
    assert form.fields["territory"].widget.attrs["class"] == "form-select form-select-sm"
    assert form.fields["q"].widget.attrs["class"] == "form-control form-control-sm"


def test_outlet_api_filters_by_territory_name(field):
    from rest_framework.test import APIClient

    from outlets.models import Outlet

    territory = Outlet.objects.get(code="OB").territory.name
    api = APIClient()
    api.force_authenticate(field.hr)
    rows = api.get("/api/v1/outlets/", {"territory": territory}).json()["results"]
    assert [row["code"] for row in rows] == ["OB"]
    api.force_authenticate(field.andi.user)
    assert api.get("/api/v1/outlets/", {"territory": territory}).json()["results"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/people/",
        "/people/A1/",
        "/teams/",
        "/audit/",
        "/outlets/",
        "/outlets/o/OA/",
        "/outlets/metrics/",
        "/outlets/metrics/A1/",
        "/outlets/teams/",
        "/outlets/teams/1/2026-06/",
        "/outlets/import/",
    ],
)
def test_every_page_sends_anonymous_visitors_to_the_login(client, field, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"

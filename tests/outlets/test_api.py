"""The field's read API: lists hold only the caller's scope, details outside it are 404."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from org.models import Salesman
from outlets.metrics import METRICS, compute_month_metrics
from outlets.models import MetricValue, OrderLine, TeamMetricValue
from tests.outlets.factories import build_field, user_of

# endpoint → (key of a row, {user: keys he sees})
SCOPES = {
    "outlets": (
        "code",
        {
            "andi": {"OA"},
            "supervisor_a": {"OA", "OB"},
            "manager_b": {"OD"},
            "hr": {"OA", "OB", "OD", "ON"},
        },
    ),
    "visits": (
        "visit_id",
        {
            "andi": {"V-A"},
            "supervisor_a": {"V-A", "V-B"},
            "manager_b": {"V-D"},
            "hr": {"V-A", "V-B", "V-D"},
        },
    ),
    "orders": (
        "order_no",
        {
            "andi": {"ORD-A"},
            "supervisor_a": {"ORD-A", "ORD-B"},
            "manager_b": {"ORD-D"},
            "hr": {"ORD-A", "ORD-B", "ORD-D"},
        },
    ),
    "audits": (
        "audit_id",
        {"andi": set(), "supervisor_a": set(), "manager_b": {"AU-D"}, "hr": {"AU-D"}},
    ),
    "metrics": (
        "salesman",
        {
            "andi": {"A1"},
            "supervisor_a": {"A1", "A2"},
            "manager_b": {"B1"},
            "hr": {"A1", "A2", "B1"},
        },
    ),
    "team-metrics": (
        "team_name",
        {
            "andi": set(),
            "supervisor_a": {"Team A"},
            "manager_b": {"Team B"},
            "hr": {"Team A", "Team B"},
        },
    ),
}
CASES = [
    (endpoint, name, keys)
    for endpoint, (_, by_user) in SCOPES.items()
    for name, keys in by_user.items()
]


@pytest.fixture
def field(world):
    return build_field(world)


def api_for(world, name):
    api = APIClient()
    api.force_authenticate(user_of(world, name))
    return api


def all_rows(api, url):
    rows = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        rows += response.json()["results"]
        url = response.json()["next"]
    return rows


@pytest.mark.parametrize(("endpoint", "name", "keys"), CASES)
def test_lists_hold_only_the_scope(field, endpoint, name, keys):
    key = SCOPES[endpoint][0]
    rows = all_rows(api_for(field, name), f"/api/v1/{endpoint}/?page_size=500")
    assert {row[key] for row in rows} == keys


def _detail_urls(world):
    line = OrderLine.objects.get(order_no="ORD-B")
    metric = MetricValue.objects.get(salesman=world.budi, metric="revenue")
    team = TeamMetricValue.objects.get(team=world.team_a, metric="revenue")
    return {
        "outlet": "/api/v1/outlets/OB/",
        "visit": "/api/v1/visits/V-B/",
        "order": f"/api/v1/orders/{line.pk}/",
        "metric": f"/api/v1/metrics/{metric.pk}/",
        "team": f"/api/v1/team-metrics/{team.pk}/",
    }


@pytest.mark.parametrize(
    ("name", "status"),
    [("budi", 200), ("supervisor_a", 200), ("andi", 404), ("manager_b", 404), ("hr", 200)],
)
def test_details_of_budi_and_team_a_outside_the_scope_are_404(field, name, status):
    api = api_for(field, name)
    for kind, url in _detail_urls(field).items():
        expected = 404 if kind == "team" and name == "budi" else status
        assert api.get(url).status_code == expected, (kind, url)


def test_an_audit_outside_the_scope_is_404(field):
    assert api_for(field, "supervisor_a").get("/api/v1/audits/AU-D/").status_code == 404
    response = api_for(field, "dewi").get("/api/v1/audits/AU-D/")
    assert response.status_code == 200
    assert response.json() == {
        "audit_id": "AU-D",
        "date": "2026-06-05",
        "salesman": "B1",
        "outlet": "OD",
        "planogram_compliance": "92.50",
        "osa": "96.00",
        "share_of_shelf": "30.00",
    }


def test_order_lines_filter_by_order_salesman_and_month(field):
    api = api_for(field, "hr")
    rows = api.get("/api/v1/orders/?order_no=ORD-A").json()["results"]
    assert sorted((r["sku"], r["amount"]) for r in rows) == [
        ("P1", "100000.00"),
        ("P2", "50000.00"),
    ]
    assert rows[0]["salesman"] == "A1" and rows[0]["outlet"] == "OA"
    assert api.get("/api/v1/orders/?salesman=A2").json()["results"].__len__() == 1
    assert api.get("/api/v1/orders/?month=2026-06").json()["results"].__len__() == 4
    assert api.get("/api/v1/orders/?month=2026-07").json()["results"].__len__() == 0
    assert api.get("/api/v1/orders/?sku=P2").json()["results"].__len__() == 2


def test_a_bad_month_is_400_naming_the_field(field):
    response = api_for(field, "hr").get("/api/v1/metrics/?month=June")
    assert response.status_code == 400
    assert "month" in response.json()


def test_metric_snapshot_filters_by_salesman_month_and_metric(field):
    api = api_for(field, "supervisor_a")
    rows = api.get("/api/v1/metrics/?salesman=A1&month=2026-06&metric=revenue").json()["results"]
    assert len(rows) == 1
    assert rows[0] | {"id": 0, "computed_at": ""} == {
        "id": 0,
        "salesman": "A1",
        "month": "2026-06",
        "metric": "revenue",
        "value": "150000.0000",
        "unit": "Rp",
        "computed_at": "",
    }
    no_data = api.get("/api/v1/metrics/?salesman=A1&metric=osa").json()["results"]
    assert [row["value"] for row in no_data] == [None]
    # another team's salesman: filtered out by the scope, not an error
    assert api.get("/api/v1/metrics/?salesman=B1").json() == {"next": None, "results": []}


def test_team_metrics_filter_by_team_and_metric(field):
    api = api_for(field, "hr")
    rows = api.get(f"/api/v1/team-metrics/?team={field.team_a.pk}&metric=revenue").json()
    assert [(r["team_name"], r["value"]) for r in rows["results"]] == [("Team A", "200000.0000")]


def test_outlets_filter_and_products_are_the_catalogue(field):
    api = api_for(field, "hr")
    codes = [r["code"] for r in api.get("/api/v1/outlets/?channel=MT").json()["results"]]
    assert codes == ["OD"]
    assert api.get("/api/v1/outlets/?salesman=A2").json()["results"][0]["code"] == "OB"
    assert len(api.get("/api/v1/outlets/?q=warung").json()["results"]) == 1
    products = api_for(field, "andi").get("/api/v1/products/").json()
    assert [p["sku"] for p in products["results"]] == ["P1", "P2"]
    assert api_for(field, "andi").get("/api/v1/products/P2/").json()["name"] == "Kopi"


def test_the_api_needs_authentication(field):
    assert APIClient().get("/api/v1/outlets/").status_code in {401, 403}
    assert APIClient().get("/api/v1/metrics/").status_code in {401, 403}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/me/",
        "/api/v1/salesmen/",
        "/api/v1/salesmen/A1/",
        "/api/v1/teams/",
        "/api/v1/outlets/",
        "/api/v1/outlets/OA/",
        "/api/v1/products/",
        "/api/v1/products/P1/",
        "/api/v1/visits/",
        "/api/v1/visits/V-A/",
        "/api/v1/orders/",
        "/api/v1/audits/",
        "/api/v1/audits/AU-D/",
        "/api/v1/metrics/",
        "/api/v1/team-metrics/",
    ],
)
def test_every_endpoint_refuses_anonymous_callers(field, url):
    response = APIClient().get(url)
    assert response.status_code in {401, 403}
    assert "results" not in response.json() and "code" not in response.json()
    assert APIClient().post("/api/v1/imports/", {}).status_code in {401, 403}


def test_field_lists_page_by_keyset_newest_first_without_counting(field):
    """Visits, orders and audits page with a cursor (no count, no offset): following `next`
    one row at a time gives every row once, newest first, ties by the key descending."""
    api = api_for(field, "hr")
    seen, url = [], "/api/v1/orders/?page_size=1"
    while url:
        page = api.get(url).json()
        assert set(page) == {"next", "results"}
        seen += [(r["date"], r["order_no"], r["sku"]) for r in page["results"]]
        url = page["next"]
    assert len(seen) == OrderLine.objects.count() == 4
    assert [key[:2] for key in seen] == sorted((key[:2] for key in seen), reverse=True)
    assert len(set(seen)) == 4
    visits = api.get("/api/v1/visits/?page_size=2").json()
    assert [r["visit_id"] for r in visits["results"]] == ["V-D", "V-B"]
    rest = api.get(visits["next"]).json()
    assert ([r["visit_id"] for r in rest["results"]], rest["next"]) == (["V-A"], None)
    assert api.get("/api/v1/visits/?cursor=not-a-cursor").status_code == 404


def test_outlets_page_by_keyset_in_code_order_without_counting(field):
    """Outlets grow with the sales force and every month's new outlets: they page by code with
    a cursor (no count, no offset), ascending; a filter holds across the pages."""
    api = api_for(field, "hr")
    first = api.get("/api/v1/outlets/?page_size=3").json()
    assert set(first) == {"next", "results"}
    assert [r["code"] for r in first["results"]] == ["OA", "OB", "OD"]
    rest = api.get(first["next"]).json()
    assert ([r["code"] for r in rest["results"]], rest["next"]) == (["ON"], None)
    gt = api.get("/api/v1/outlets/?channel=GT&page_size=1").json()
    codes = [r["code"] for r in gt["results"]]
    while gt["next"]:
        gt = api.get(gt["next"]).json()
        codes += [r["code"] for r in gt["results"]]
    assert codes == ["OA", "OB", "ON"]
    assert api.get("/api/v1/outlets/?cursor=xyz").status_code == 404


def test_metric_values_page_by_keyset_newest_month_first(field):
    """The metric values (22 a salesman a month, a view of the monthly snapshots) page with a
    cursor like the field data: newest month first, then by salesman and metric, descending;
    every value once; a filter holds across the pages."""
    compute_month_metrics(month=date(2026, 5, 1))  # a second month, before June
    api = api_for(field, "hr")
    seen, url = [], "/api/v1/metrics/?page_size=7"
    while url:
        page = api.get(url).json()
        assert set(page) == {"next", "results"}
        assert len(page["results"]) <= 7
        seen += [(r["month"], r["salesman"], r["metric"]) for r in page["results"]]
        url = page["next"]
    people = MetricValue.objects.values("salesman").distinct().count()
    assert len(seen) == len(set(seen)) == MetricValue.objects.count() == 2 * people * len(METRICS)
    assert [m for m, _s, _x in seen] == ["2026-06"] * (len(seen) // 2) + ["2026-05"] * (
        len(seen) // 2
    )
    codes = {pk: code for pk, code in Salesman.objects.values_list("pk", "code")}
    keys = [
        (v.month, v.salesman_id, v.metric)
        for v in MetricValue.objects.order_by("-month", "-salesman_id", "-metric")
    ]
    assert seen == [(f"{m:%Y-%m}", codes[s], x) for m, s, x in keys]
    revenue = api.get("/api/v1/metrics/?metric=revenue&page_size=1").json()
    months = [(r["month"], r["salesman"]) for r in revenue["results"]]
    while revenue["next"]:
        revenue = api.get(revenue["next"]).json()
        months += [(r["month"], r["salesman"]) for r in revenue["results"]]
    assert len(months) == 2 * people
    assert api.get("/api/v1/metrics/?cursor=xyz").status_code == 404

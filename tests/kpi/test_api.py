"""The KPI API: the preview contract, 400s naming the field, templates (weights ≠ 100 refused),
and every read endpoint scoped like the pages (outsiders get 404 / nothing)."""

from datetime import date
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from kpi.documents import save_template_document
from kpi.models import KPIDefinition, ManualActual, ScorecardTemplate, Target
from kpi.scorecards import compute_scorecards
from tests.kpi.factories import gt_document
from tests.outlets.factories import set_metric

pytestmark = pytest.mark.django_db
JUNE = date(2026, 6, 1)


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_preview_contract_example(world):
    body = {
        "rounding": "exact",
        "rows": [
            {
                "kpi": "Sales growth",
                "weight": 19,
                "direction": "higher",
                "target": 20,
                "actual": 27,
                "cap": None,
            }
        ],
    }
    response = api_for(world.andi.user).post("/api/v1/kpi/preview/", body, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "rows": [{"kpi": "Sales growth", "score": "135.00", "final_score": "25.65"}],
        "total": "25.65",
    }


def test_preview_row_mode_gives_whole_numbers(world):
    rows = [
        {"kpi": "Volume", "weight": 25, "direction": "higher", "target": 500, "actual": 550},
        {"kpi": "Growth", "weight": 20, "direction": "higher", "target": 15, "actual": 17},
        {"kpi": "Territories", "weight": 15, "direction": "higher", "target": 3, "actual": 4},
        {"kpi": "Per customer", "weight": 20, "direction": "higher", "target": 20, "actual": 18},
        {
            "kpi": "Turnover",
            "weight": 20,
            "direction": "lower",
            "target": 5,
            "actual": 4,
            "cap": 150,
        },
    ]
    response = api_for(world.manager_a).post(
        "/api/v1/kpi/preview/", {"rounding": "row", "rows": rows}, format="json"
    )
    assert response.status_code == 200
    data = response.json()
    assert [(r["score"], r["final_score"]) for r in data["rows"]] == [
        ("110", "28"),
        ("113", "23"),
        ("133", "20"),
        ("90", "18"),
        ("125", "25"),
    ]
    assert data["total"] == "114"


def test_preview_no_data_row_scores_zero(world):
    rows = [{"kpi": "x", "weight": 50, "direction": "higher", "target": 10, "actual": None}]
    response = api_for(world.manager_a).post("/api/v1/kpi/preview/", {"rows": rows}, format="json")
    assert response.json() == {
        "rows": [{"kpi": "x", "score": "0.00", "final_score": "0.00"}],
        "total": "0.00",
    }


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"kpi": "x", "direction": "higher", "target": 1, "actual": 1}, "weight", "required"),
        (
            {"kpi": "x", "weight": "abc", "direction": "higher", "target": 1, "actual": 1},
            "weight",
            "A valid number is required.",
        ),
        (
            {"kpi": "x", "weight": 10, "direction": "up", "target": 1, "actual": 1},
            "direction",
            "not a valid choice",
        ),
        (
            {"kpi": "x", "weight": 10, "direction": "lower", "target": 1, "actual": 1},
            "cap",
            "needs a cap",
        ),
        ({"weight": 10, "direction": "higher", "target": 1, "actual": 1}, "kpi", "required"),
        ({"kpi": "x", "weight": 10, "direction": "higher", "actual": 1}, "target", "required"),
    ],
)
def test_preview_bad_input_is_400_naming_the_field(world, row, field, message):
    response = api_for(world.manager_a).post(
        "/api/v1/kpi/preview/", {"rounding": "exact", "rows": [row]}, format="json"
    )
    assert response.status_code == 400
    # One entry per row, aligned with the rows: {"rows": [{"weight": [...]}]}
    (errors,) = response.json()["rows"]
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_preview_row_errors_line_up_with_the_rows(world):
    good = {"kpi": "Sales growth", "weight": 19, "direction": "higher", "target": 20, "actual": 27}
    rows = [
        good,
        good | {"kpi": "Cost", "weight": "ten"},
        good,
        good | {"kpi": "Cycle", "direction": "sideways", "cap": 150, "floor": 200},
    ]
    response = api_for(world.manager_a).post(
        "/api/v1/kpi/preview/", {"rounding": "exact", "rows": rows}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "rows": [
            {},
            {"weight": ["A valid number is required."]},
            {},
            {"direction": ['"sideways" is not a valid choice.']},
        ]
    }


def test_preview_floor_above_the_cap_names_the_floor(world):
    row = {"kpi": "x", "weight": 100, "direction": "higher", "target": 1, "actual": 1}
    response = api_for(world.manager_a).post(
        "/api/v1/kpi/preview/", {"rows": [row | {"cap": 120, "floor": 130}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"rows": [{"floor": ["Cannot be above the cap."]}]}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "This list may not be empty."),
        ({"kpi": "x"}, 'Expected a list of items but got type "dict".'),
        (None, "This field may not be null."),
    ],
)
def test_preview_a_bad_rows_list_is_named_as_a_whole(world, rows, message):
    response = api_for(world.manager_a).post(
        "/api/v1/kpi/preview/", {"rounding": "exact", "rows": rows}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"rows": [message]}


def test_preview_unknown_rounding_and_missing_rows(world):
    client = api_for(world.manager_a)
    response = client.post("/api/v1/kpi/preview/", {"rounding": "half"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "rounding": ['"half" is not a valid choice.'],
        "rows": ["This field is required."],
    }


def test_preview_needs_login():
    response = APIClient().post("/api/v1/kpi/preview/", {"rows": []}, format="json")
    assert response.status_code in (401, 403)


def test_template_api_create_and_read_back(world):
    client = api_for(world.manager_a)
    response = client.post("/api/v1/kpi/templates/", gt_document(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json() == gt_document()
    assert client.get("/api/v1/kpi/templates/GT-SALESMAN/").json() == gt_document()


def test_template_api_refuses_weights_not_totalling_100(world):
    document = gt_document()
    document["items"][2]["weight"] = 10
    response = api_for(world.manager_a).post("/api/v1/kpi/templates/", document, format="json")
    assert response.status_code == 400
    assert response.json() == {"items": ["The weights total 90, not 100."]}
    assert not ScorecardTemplate.objects.exists()


def test_template_api_update_names_the_bad_field(world):
    save_template_document(document=gt_document(), by=None)
    document = gt_document()
    document["items"][1]["weight"] = "thirty"
    response = api_for(world.manager_a).put(
        "/api/v1/kpi/templates/GT-SALESMAN/", document, format="json"
    )
    assert response.status_code == 400
    assert response.json()["items[1].weight"] == ["A valid number is required."]
    document["items"][0]["weight"] = 40
    document["items"][1]["weight"] = 40
    response = api_for(world.manager_a).put(
        "/api/v1/kpi/templates/GT-SALESMAN/", document, format="json"
    )
    assert response.status_code == 200
    assert response.json()["items"][0]["weight"] == 40


@pytest.mark.parametrize("name", ["supervisor_a", "hr"])
def test_definitions_and_templates_are_the_managers_setup(world, name):
    save_template_document(document=gt_document(), by=None)
    client = api_for(getattr(world, name))
    assert client.get("/api/v1/kpi/templates/").json() == []
    assert client.get("/api/v1/kpi/templates/GT-SALESMAN/").status_code == 404
    assert client.get("/api/v1/kpi/kpis/revenue/").status_code == 404
    assert client.get("/api/v1/kpi/kras/").json()["count"] == 0
    assert client.post("/api/v1/kpi/templates/", gt_document(), format="json").status_code == 404
    andi = api_for(world.andi.user)
    assert andi.get("/api/v1/kpi/kpis/").json()["count"] == 0
    manager = api_for(world.manager_a)
    assert manager.get("/api/v1/kpi/kpis/revenue/").json()["kra"] == "Revenue & Volume"
    assert manager.get("/api/v1/kpi/kras/").json()["count"] == 3


@pytest.fixture
def scored(world):
    save_template_document(document=gt_document(), by=None)
    doc = gt_document()
    doc.update(code="MT-SALESMAN", applies_to={"role": "salesman", "channel": "MT"})
    doc.pop("kpis")
    save_template_document(document=doc, by=None)
    revenue = KPIDefinition.objects.get(code="revenue")
    for person, value in ((world.andi, 100), (world.budi, 200), (world.dewi, 300)):
        Target.objects.create(month=JUNE, salesman=person, kpi=revenue, value=value)
    manual = KPIDefinition.objects.create(
        code="manual_kpi", name_id="M", name_en="M", kra=revenue.kra, source="manual"
    )
    ManualActual.objects.create(month=JUNE, salesman=world.dewi, kpi=manual, value=D(5))
    compute_scorecards(month=JUNE)
    return world


# user → the salesman codes whose targets/scorecards he sees
SCOPE = {
    "andi": {"A1"},
    "supervisor_a": {"A1", "A2"},
    "manager_a": {"A1", "A2"},
    "manager_b": {"B1"},
    "hr": {"A1", "A2", "B1"},
}


def user_of(world, name):
    return world.andi.user if name == "andi" else getattr(world, name)


@pytest.mark.parametrize(("name", "codes"), SCOPE.items())
def test_targets_actuals_and_scorecards_api_are_scoped(scored, name, codes):
    client = api_for(user_of(scored, name))
    targets = client.get("/api/v1/kpi/targets/?month=2026-06").json()["results"]
    assert {t["salesman"] for t in targets} == codes
    cards = client.get("/api/v1/kpi/scorecards/?month=2026-06").json()["results"]
    assert {c["salesman"] for c in cards} == codes
    actuals = client.get("/api/v1/kpi/actuals/").json()["results"]
    assert {a["salesman"] for a in actuals} == codes & {"B1"}


@pytest.mark.parametrize(
    ("name", "outsider"),
    [("andi", "A2"), ("supervisor_a", "B1"), ("manager_a", "B1"), ("manager_b", "A1")],
)
def test_outsiders_scorecard_and_target_are_404(scored, name, outsider):
    from kpi.models import Scorecard

    client = api_for(user_of(scored, name))
    card = Scorecard.objects.get(salesman__code=outsider)
    target = Target.objects.get(salesman__code=outsider)
    assert client.get(f"/api/v1/kpi/scorecards/{card.id}/").status_code == 404
    assert client.get(f"/api/v1/kpi/targets/{target.id}/").status_code == 404
    assert client.get(f"/api/v1/kpi/scorecards/?salesman={outsider}").json()["results"] == []


def test_scorecard_api_detail_has_rows(scored):
    from kpi.models import Scorecard

    card = Scorecard.objects.get(salesman__code="A1")
    data = api_for(scored.andi.user).get(f"/api/v1/kpi/scorecards/{card.id}/").json()
    assert data["salesman"] == "A1"
    assert data["month"] == "2026-06"
    assert data["template"] == "GT-SALESMAN"
    assert [r["kpi"] for r in data["rows"]] == ["revenue", "new_outlets", "visits_per_day"]
    assert data["rows"][0]["target"] == "100.0000"
    assert data["rows"][0]["no_data"] is True


def test_manager_sets_a_target_through_the_api_with_audit(scored):
    from org.models import AuditEntry

    client = api_for(scored.manager_a)
    body = {"month": "2026-06", "salesman": "A2", "kpi": "revenue", "value": "250"}
    response = client.post("/api/v1/kpi/targets/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "250.0000"
    assert Target.objects.get(salesman__code="A2", month=JUNE, kpi__code="revenue").value == 250
    assert AuditEntry.objects.filter(action="target.update", actor=scored.manager_a).count() == 1


def test_target_api_names_the_bad_field_and_hides_outsiders(scored):
    client = api_for(scored.manager_a)
    bad = {"month": "June", "salesman": "A2", "kpi": "revenue", "value": "x"}
    response = client.post("/api/v1/kpi/targets/", bad, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"month", "value"}
    outsider = {"month": "2026-06", "salesman": "B1", "kpi": "revenue", "value": 1}
    response = client.post("/api/v1/kpi/targets/", outsider, format="json")
    assert response.json() == {"salesman": ["Unknown salesman code."]}
    assert Target.objects.get(salesman__code="B1").value == 300
    supervisor = api_for(scored.supervisor_a)
    body = {"month": "2026-06", "salesman": "A1", "kpi": "revenue", "value": 1}
    assert supervisor.post("/api/v1/kpi/targets/", body, format="json").status_code == 404


def test_target_api_refuses_a_locked_month(scored):
    from django.utils import timezone

    from org.models import Period

    Period.objects.filter(month=JUNE).update(locked_at=timezone.now())
    body = {"month": "2026-06", "salesman": "A1", "kpi": "revenue", "value": 1}
    response = api_for(scored.manager_a).post("/api/v1/kpi/targets/", body, format="json")
    assert response.status_code == 400
    assert "locked" in response.json()["month"][0]


def test_breakdown_api_proposes_within_the_scope(scored):

    for person, value in ((scored.andi, 300), (scored.budi, 100), (scored.dewi, 600)):
        set_metric(salesman=person, month=date(2026, 5, 1), metric="revenue", value=value)
    client = api_for(scored.manager_a)
    response = client.get("/api/v1/kpi/breakdown/?month=2026-06&kpi=revenue&total=1000")
    assert response.status_code == 200
    teams = response.json()
    assert [(t["name"], t["proposed"]) for t in teams] == [("Team A", 1000)]  # B is not his
    assert [(ln["salesman"], ln["share"], ln["proposed"]) for ln in teams[0]["lines"]] == [
        ("A1", "75.0", 750),
        ("A2", "25.0", 250),
    ]
    assert client.get("/api/v1/kpi/breakdown/?month=2026-06&kpi=nope&total=1").status_code == 400
    assert (
        api_for(scored.andi.user)
        .get("/api/v1/kpi/breakdown/?month=2026-06&kpi=revenue&total=1")
        .status_code
        == 404
    )


def test_manager_sets_a_manual_actual_through_the_api(scored):
    from org.models import AuditEntry

    client = api_for(scored.manager_b)
    body = {"month": "2026-06", "salesman": "B1", "kpi": "manual_kpi", "value": "7.5"}
    response = client.post("/api/v1/kpi/actuals/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "7.5000"
    assert ManualActual.objects.get(salesman__code="B1").value == D("7.5")
    entry = AuditEntry.objects.get(action="actual.update", actor=scored.manager_b)
    assert (entry.object_repr, entry.before["value"], entry.after["value"]) == (
        "2026-06 B1 manual_kpi",
        "5.0000",
        "7.5000",
    )
    # a metric KPI's actual comes from the metric snapshot, not from here
    body["kpi"] = "revenue"
    response = client.post("/api/v1/kpi/actuals/", body, format="json")
    assert response.json() == {"kpi": ["Unknown KPI code, or not a manual KPI."]}
    # outside his scope, and anyone who may not configure
    body = {"month": "2026-06", "salesman": "A1", "kpi": "manual_kpi", "value": "1"}
    assert client.post("/api/v1/kpi/actuals/", body, format="json").json() == {
        "salesman": ["Unknown salesman code."]
    }
    assert (
        api_for(scored.supervisor_b).post("/api/v1/kpi/actuals/", body, format="json").status_code
        == 404
    )
    # null removes it
    body = {"month": "2026-06", "salesman": "B1", "kpi": "manual_kpi", "value": None}
    assert client.post("/api/v1/kpi/actuals/", body, format="json").status_code == 204
    assert not ManualActual.objects.exists()

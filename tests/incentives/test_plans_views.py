"""The plan editor pages: who may use them, creating and editing plans and rules, validation
messages in place, JSON import with every problem listed, the audit history."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from incentives.demo_plans import GT_PLAN, bilingual, seed_plans
from incentives.models import Plan, PlanStatus
from incentives.plans.documents import dumps, export_plan
from org.history import Change
from org.models import AuditEntry, Role
from tests.factories import UserFactory

GT_PLAN_PATH = Path(__file__).parent / "gt_plan.json"


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the source language); the default is Indonesian."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def plans(world):
    seed_plans()
    return world


def login(client, user):
    client.force_login(user)
    return client


PAGES = [
    ("incentives:plans", {}),
    ("incentives:plan-create", {}),
    ("incentives:plan-import", {}),
    ("incentives:simulate", {}),
    ("incentives:plan", {"code": "GT-SALESMAN"}),
    ("incentives:plan-edit", {"code": "GT-SALESMAN"}),
    ("incentives:plan-json", {"code": "GT-SALESMAN"}),
    ("incentives:plan-history", {"code": "GT-SALESMAN"}),
    ("incentives:rule-edit", {"code": "GT-SALESMAN", "rule_code": "visits"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_managers_and_admins_open_every_editor_page(client, plans, name, kwargs):
    admin = UserFactory(username="boss", role=Role.ADMIN)
    for user in (plans.manager_a, admin):
        login(client, user)
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_salesmen_supervisors_and_hr_get_404(client, plans, name, kwargs):
    hr = UserFactory(username="hr1", role=Role.HR)
    for user in (plans.andi.user, plans.supervisor_a, hr):
        login(client, user)
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, plans):
    response = client.get(reverse("incentives:plans"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_salesman_cannot_change_a_plan_by_post(client, plans):
    login(client, plans.andi.user)
    url = reverse("incentives:rule-delete", kwargs={"code": "GT-SALESMAN", "rule_code": "visits"})
    assert client.post(url).status_code == 404
    assert [r["code"] for r in export_plan(code="GT-SALESMAN")["rules"]][-1] == "visits"


@pytest.mark.django_db
def test_plan_list_shows_the_plans_and_the_nav_link(client, plans):
    login(client, plans.manager_a)
    page = client.get(reverse("incentives:plans")).content.decode()
    assert "GT-SALESMAN" in page and "MT-SALESMAN" in page
    assert reverse("incentives:plans") in page  # navigation
    login(client, plans.andi.user)
    assert reverse("incentives:plans") not in client.get("/").content.decode()


def header_data(**overrides):
    data = {
        "code": "GT-2027",
        "name": "GT 2027",
        "role": "salesman",
        "channel": "GT",
        "valid_from": "2027-01-01",
        "valid_to": "",
        "gate_total_score": "80",
        "cap": "5000000",
        "level_multipliers": "1: 1.0\n2: 1.1",
        "status": "draft",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_create_a_plan_then_a_tiers_rule_with_rows(client, plans):
    login(client, plans.manager_a)
    response = client.post(reverse("incentives:plan-create"), header_data())
    assert response.status_code == 302
    plan = Plan.objects.get(code="GT-2027")
    assert plan.status == PlanStatus.DRAFT
    assert plan.updated_by == plans.manager_a

    url = reverse("incentives:rule-add", kwargs={"code": "GT-2027"}) + "?type=tiers"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "type": "tiers",
            "rule-code": "new-outlets",
            "rule-label": "New outlets",
            "rule-kpi": "new_outlets",
            "rule-basis": "actual",
            "tiers-TOTAL_FORMS": "3",
            "tiers-INITIAL_FORMS": "0",
            "tiers-0-from_": "20",
            "tiers-0-amount": "200000",
            "tiers-1-from_": "30",
            "tiers-1-amount": "450000",
            "tiers-2-from_": "",  # an empty row added and left blank
            "tiers-2-amount": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    document = export_plan(code="GT-2027")
    assert document == {
        "code": "GT-2027",
        "name": "GT 2027",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "valid_from": "2027-01-01",
        "valid_to": None,
        "gate_total_score": 80,
        "cap": 5000000,
        "level_multipliers": {"1": Decimal("1.0"), "2": Decimal("1.1")},
        "rules": [
            {
                "code": "new-outlets",
                "label": "New outlets",
                "type": "tiers",
                "kpi": "new_outlets",
                "basis": "actual",
                "tiers": [{"from": 20, "amount": 200000}, {"from": 30, "amount": 450000}],
            }
        ],
    }  # fmt: skip
    actions = list(
        AuditEntry.objects.filter(object_id=str(plan.pk)).values_list("action", "actor__username")
    )
    assert sorted(actions) == [("plan.created", "manager_a"), ("plan.updated", "manager_a")]


@pytest.mark.django_db
def test_invalid_header_shows_messages_in_place(client, plans):
    login(client, plans.manager_a)
    response = client.post(
        reverse("incentives:plan-create"),
        header_data(valid_to="2026-01-01", level_multipliers="two: x", cap="-1"),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["valid_to"] == ["Must not be before valid from."]
    assert "Line 1" in form.errors["level_multipliers"][0]
    assert "cap" in form.errors
    assert not Plan.objects.filter(code="GT-2027").exists()


@pytest.mark.django_db
def test_create_refuses_an_existing_code(client, plans):
    login(client, plans.manager_a)
    response = client.post(reverse("incentives:plan-create"), header_data(code="GT-SALESMAN"))
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["A plan with this code exists already."]


@pytest.mark.django_db
def test_invalid_tier_rows_show_messages_and_store_nothing(client, plans):
    login(client, plans.manager_a)
    url = reverse(
        "incentives:rule-edit", kwargs={"code": "GT-SALESMAN", "rule_code": "new-outlets"}
    )
    response = client.post(
        url,
        {
            "rule-code": "new-outlets",
            "rule-label": "New outlets",
            "rule-kpi": "new_outlets",
            "rule-basis": "actual",
            "tiers-TOTAL_FORMS": "2",
            "tiers-INITIAL_FORMS": "2",
            "tiers-0-from_": "30",
            "tiers-0-amount": "200000",
            "tiers-1-from_": "20",
            "tiers-1-amount": "-5",
        },
    )
    assert response.status_code == 400
    formset = response.context["formset"]
    assert formset.forms[1].errors["amount"] == ["Ensure this value is greater than or equal to 0."]
    page = response.content.decode()
    assert "invalid-feedback" in page
    assert export_plan(code="GT-SALESMAN")["rules"][2]["tiers"][1]["amount"] == 400000


@pytest.mark.django_db
def test_tiers_out_of_order_are_refused(client, plans):
    login(client, plans.manager_a)
    url = reverse(
        "incentives:rule-edit", kwargs={"code": "GT-SALESMAN", "rule_code": "new-outlets"}
    )
    response = client.post(
        url,
        {
            "rule-code": "new-outlets",
            "rule-label": "New outlets",
            "rule-kpi": "new_outlets",
            "rule-basis": "actual",
            "tiers-TOTAL_FORMS": "2",
            "tiers-INITIAL_FORMS": "2",
            "tiers-0-from_": "30",
            "tiers-0-amount": "200000",
            "tiers-1-from_": "20",
            "tiers-1-amount": "400000",
        },
    )
    assert response.status_code == 400
    assert response.context["formset"].non_form_errors() == [
        "Each tier's 'from' must be above the previous tier's."
    ]


@pytest.mark.django_db
def test_edit_a_tier_amount_and_the_history_shows_before_and_after(client, plans):
    login(client, plans.manager_a)
    url = reverse(
        "incentives:rule-edit", kwargs={"code": "GT-SALESMAN", "rule_code": "new-outlets"}
    )
    page = client.get(url).content.decode()
    assert 'value="400000"' in page
    # The demo's label in both languages comes back in its two inputs, as a browser posts it.
    assert 'value="Outlet baru"' in page and 'value="New outlets"' in page
    response = client.post(
        url,
        {
            "rule-code": "new-outlets",
            "rule-label": "Outlet baru",
            "rule-label_en": "New outlets",
            "rule-kpi": "new_outlets",
            "rule-basis": "actual",
            "tiers-TOTAL_FORMS": "2",
            "tiers-INITIAL_FORMS": "2",
            "tiers-0-from_": "20",
            "tiers-0-amount": "200000",
            "tiers-1-from_": "30",
            "tiers-1-amount": "600000",
        },
    )
    assert response.status_code == 302
    assert export_plan(code="GT-SALESMAN")["rules"][2]["tiers"] == [
        {"from": 20, "amount": 200000},
        {"from": 30, "amount": 600000},
    ]
    entry = AuditEntry.objects.get(action="plan.updated")
    assert entry.actor == plans.manager_a
    history = client.get(reverse("incentives:plan-history", kwargs={"code": "GT-SALESMAN"}))
    changes = history.context["entries"][0]["changes"]
    # in words, not as the JSON path document.rules[2].tiers[1].amount (these pages are English)
    assert changes == [Change("rule «New outlets», tier 2, amount", "Rp 400,000", "Rp 600,000")]
    assert f"changed the incentive plan {entry.object_repr}" in history.content.decode()
    assert entry.object_repr.endswith("(GT-SALESMAN)")
    assert "manager_a" in history.content.decode() or str(plans.manager_a) in (
        history.content.decode()
    )


@pytest.mark.django_db
def test_rule_code_collision_is_shown_on_the_code_field(client, plans):
    login(client, plans.manager_a)
    url = reverse("incentives:rule-add", kwargs={"code": "GT-SALESMAN"}) + "?type=step"
    response = client.post(
        url,
        {
            "type": "step",
            "rule-code": "visits",
            "rule-label": "Again",
            "rule-kpi": "revenue",
            "rule-basis": "attainment",
            "rule-start": "100",
            "rule-every": "5",
            "rule-amount": "100000",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["duplicate rule code 'visits'"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule_type", "fields", "expected"),
    [
        (
            "rate",
            {"rule-kpi": "revenue", "rule-basis": "actual", "rule-mode": "marginal",
             "tiers-TOTAL_FORMS": "2", "tiers-INITIAL_FORMS": "0", "tiers-0-from_": "0",
             "tiers-0-rate": "0.5", "tiers-1-from_": "500000000", "tiers-1-rate": "1.0"},
            {"kpi": "revenue", "basis": "actual", "mode": "marginal",
             "tiers": [{"from": 0, "rate": "0.5"}, {"from": 500000000, "rate": 1}]},
        ),
        (
            "per_unit",
            {"rule-kpi": "new_outlets", "rule-basis": "actual", "rule-start": "20",
             "rule-amount": "25000", "rule-max_amount": "500000"},
            {"kpi": "new_outlets", "basis": "actual", "start": 20, "amount": 25000,
             "max_amount": 500000},
        ),
        (
            "okr_bonus",
            {"rule-objective": "GT-1000", "rule-min_score": "0.7", "rule-amount": "1000000"},
            {"objective": "GT-1000", "min_score": "0.7", "amount": 1000000},
        ),
        (
            "ranking",
            {"rule-metric": "new_outlets", "rule-window": "semester", "rule-scope": "all",
             "rule-amounts": "5000000"},
            {"metric": "new_outlets", "window": "semester", "scope": "all", "amounts": [5000000]},
        ),
        (
            "reward",
            {"rule-basis": "total_score", "tiers-TOTAL_FORMS": "1", "tiers-INITIAL_FORMS": "0",
             "tiers-0-from_": "115", "tiers-0-reward": "Trip ke Bali"},
            {"basis": "total_score", "tiers": [{"from": 115, "reward": "Trip ke Bali"}]},
        ),
    ],
)  # fmt: skip
def test_a_form_per_rule_type(client, plans, rule_type, fields, expected):
    login(client, plans.manager_a)
    url = reverse("incentives:rule-add", kwargs={"code": "GT-SALESMAN"}) + f"?type={rule_type}"
    assert client.get(url).status_code == 200
    data = {"type": rule_type, "rule-code": "extra", "rule-label": "Extra", **fields}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    rule = export_plan(code="GT-SALESMAN")["rules"][-1]
    assert json.loads(json.dumps(rule, default=str)) == {
        "code": "extra",
        "label": "Extra",
        "type": rule_type,
        **expected,
    }


@pytest.mark.django_db
def test_move_and_delete_rules(client, plans):
    login(client, plans.manager_a)
    kwargs = {"code": "GT-SALESMAN", "rule_code": "visits"}
    client.post(reverse("incentives:rule-move", kwargs={**kwargs, "direction": "up"}))
    codes = [r["code"] for r in export_plan(code="GT-SALESMAN")["rules"]]
    assert codes == ["rev-full", "rev-step", "visits", "new-outlets"]
    client.post(reverse("incentives:rule-delete", kwargs=kwargs))
    codes = [r["code"] for r in export_plan(code="GT-SALESMAN")["rules"]]
    assert codes == ["rev-full", "rev-step", "new-outlets"]


@pytest.mark.django_db
def test_json_page_shows_and_downloads_the_document(client, plans):
    login(client, plans.manager_a)
    url = reverse("incentives:plan-json", kwargs={"code": "GT-SALESMAN"})
    assert "rev-step" in client.get(url).content.decode()
    download = client.get(url + "?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="GT-SALESMAN.json"'
    # The demo's GT plan (the contract's, with its name and labels in both languages), as
    # it was written.
    assert json.loads(download.content) == json.loads(dumps(bilingual(GT_PLAN)))


@pytest.mark.django_db
def test_json_import_lists_every_problem_and_stores_nothing(client, plans):
    login(client, plans.manager_a)
    document = json.loads(GT_PLAN_PATH.read_text())
    document["code"] = "GT-NEW"
    document["rules"][0]["tiers"][0]["from"] = "a hundred"
    document["rules"][1]["basis"] = "feeling"
    response = client.post(reverse("incentives:plan-import"), {"document": json.dumps(document)})
    assert response.status_code == 400
    assert response.context["problems"] == [
        "rules[0].tiers[0].from: must be a number",
        "rules[1].basis: must be one of attainment, actual, total_score",
    ]
    assert "2 problems, nothing stored" in response.content.decode()
    assert not Plan.objects.filter(code="GT-NEW").exists()

    response = client.post(reverse("incentives:plan-import"), {"document": "{not json"})
    assert response.context["problems"] == [
        "invalid JSON at line 1 column 2: Expecting property name enclosed in double quotes"
    ]


@pytest.mark.django_db
def test_json_upload_imports_a_plan(client, plans):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, plans.manager_a)
    document = json.loads(GT_PLAN_PATH.read_text())
    document["code"] = "GT-UPLOADED"
    upload = SimpleUploadedFile("plan.json", json.dumps(document).encode(), "application/json")
    response = client.post(reverse("incentives:plan-import"), {"file": upload, "status": "draft"})
    assert response.status_code == 302
    plan = Plan.objects.get(code="GT-UPLOADED")
    assert plan.status == PlanStatus.DRAFT
    assert AuditEntry.objects.get(object_id=str(plan.pk)).note == "JSON import"


@pytest.mark.django_db
def test_json_page_of_a_plan_keeps_its_code(client, plans):
    login(client, plans.manager_a)
    document = json.loads(GT_PLAN_PATH.read_text())
    document["code"] = "OTHER"
    url = reverse("incentives:plan-json", kwargs={"code": "GT-SALESMAN"})
    response = client.post(url, {"document": json.dumps(document)})
    assert response.status_code == 400
    assert not Plan.objects.filter(code="OTHER").exists()

"""The plan editor's inputs for the FMCG features: the entry ticket on the plan header, a rule's
prerequisites and booster days; the document they make, the problems shown in place, and the
plan page's summary."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from incentives.demo_plans import seed_plans
from incentives.plans.documents import export_plan


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def editor(client, world):
    seed_plans()
    client.force_login(world.manager_a)
    return client


def header(**overrides):
    data = {
        "code": "DIST-GT",
        "name": "Distributor GT",
        "role": "salesman",
        "channel": "GT",
        "valid_from": "2026-01-01",
        "valid_to": "",
        "gate_total_score": "",
        "cap": "",
        "level_multipliers": "",
        "status": "draft",
        "entry_kpi": "outlet_coverage",
        "entry_basis": "actual",
        "entry_label": "Tiket masuk coverage",
        "entry_label_en": "Coverage entry ticket",
        "entry_bands": "0: 0.5\n80: 0.8\n95: 1.1",
    }
    data.update(overrides)
    return data


def rule(**overrides):
    data = {
        "type": "tiers",
        "rule-code": "focus",
        "rule-label": "Focus SKU revenue",
        "rule-kpi": "revenue",
        "rule-basis": "actual",
        "rule-requires": "lines_per_call: 3\nrevenue (attainment): 90",
        "rule-window_from": "2026-09-07",
        "rule-window_to": "2026-09-20",
        "tiers-TOTAL_FORMS": "1",
        "tiers-INITIAL_FORMS": "0",
        "tiers-0-from_": "10000000",
        "tiers-0-amount": "500000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_entry_ticket_prerequisites_and_booster_from_the_editor(editor):
    response = editor.post(reverse("incentives:plan-create"), header())
    assert response.status_code == 302, response.content.decode()
    url = reverse("incentives:rule-add", kwargs={"code": "DIST-GT"}) + "?type=tiers"
    page = editor.get(url).content.decode()
    assert 'name="rule-requires"' in page and 'name="rule-window_from"' in page
    response = editor.post(url, rule())
    assert response.status_code == 302, response.content.decode()
    document = export_plan(code="DIST-GT")
    assert document["multipliers"] == [
        {
            "code": "entry",
            "label": {"id": "Tiket masuk coverage", "en": "Coverage entry ticket"},
            "kpi": "outlet_coverage",
            "basis": "actual",
            "bands": [
                {"from": 0, "factor": D("0.5")},
                {"from": 80, "factor": D("0.8")},
                {"from": 95, "factor": D("1.1")},
            ],
        }
    ]
    assert document["rules"][0]["requires"] == [
        {"kpi": "lines_per_call", "basis": "actual", "min": 3},
        {"kpi": "revenue", "basis": "attainment", "min": 90},
    ]
    assert document["rules"][0]["window"] == {"from": "2026-09-07", "to": "2026-09-20"}

    # the pages read them back
    edit = editor.get(reverse("incentives:plan-edit", kwargs={"code": "DIST-GT"})).content
    assert "80: 0.8" in edit.decode()
    rule_page = editor.get(
        reverse("incentives:rule-edit", kwargs={"code": "DIST-GT", "rule_code": "focus"})
    ).content.decode()
    assert "lines_per_call: 3" in rule_page and 'value="2026-09-07"' in rule_page
    detail = editor.get(reverse("incentives:plan", kwargs={"code": "DIST-GT"})).content.decode()
    assert "Coverage entry ticket: Outlet coverage: ≥ 0: × 0.5; ≥ 80: × 0.8; ≥ 95: × 1.1" in detail
    assert "only if Lines per call (LPC) ≥ 3; only if Revenue ≥ 90%" in detail
    assert "over 7 Sep 2026–20 Sep 2026" in detail


@pytest.mark.django_db
def test_header_edit_keeps_a_plan_without_multipliers_as_it_was(editor):
    before = export_plan(code="GT-SALESMAN")
    url = reverse("incentives:plan-edit", kwargs={"code": "GT-SALESMAN"})
    form = editor.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "code"}
    data["valid_from"] = before["valid_from"]
    editor.post(url, data)
    assert "multipliers" not in export_plan(code="GT-SALESMAN")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (header(entry_bands="10: 0.5\n80: 0.8"), "entry_bands", "the first band must start at 0"),
        (
            header(entry_bands="0: 0.5\n80: 0.8\n70: 1"),
            "entry_bands",
            "must be above the previous band's from (80)",
        ),
        (header(entry_bands="0 = half"), "entry_bands", "Line 1: write from: factor"),
        (header(entry_kpi=""), "entry_kpi", "Choose the KPI or metric the entry ticket reads."),
    ],
)
def test_bad_entry_ticket_is_shown_in_place(editor, data, field, message):
    response = editor.post(reverse("incentives:plan-create"), data)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (rule(**{"rule-requires": "lpc: 3"}), "requires", "unknown KPI or metric 'lpc'"),
        (rule(**{"rule-requires": "lines_per_call at least 3"}), "requires", "Line 1"),
        (
            rule(**{"rule-window_to": "2026-10-02"}),
            "window_to",
            "a booster window lies inside one month (from 2026-09-07)",
        ),
        (
            rule(**{"rule-window_to": "2026-09-01"}),
            "window_to",
            "must not be before the window's from",
        ),
        (rule(**{"rule-window_from": ""}), "window_from", "required"),
    ],
)
def test_bad_prerequisite_or_booster_is_shown_in_place(editor, data, field, message):
    url = reverse("incentives:rule-add", kwargs={"code": "GT-SALESMAN"}) + "?type=tiers"
    response = editor.post(url, data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors

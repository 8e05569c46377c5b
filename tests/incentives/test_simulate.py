"""What-if simulation: the service, the API (`POST /api/v1/plans/simulate/` and the plan
resources) and the page, on stored scorecards of a past month, scoped to the user's teams."""

import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from incentives.demo_plans import seed_plans
from incentives.models import Plan
from incentives.plans.documents import export_plan
from incentives.plans.simulation import simulate
from kpi.models import Scorecard, ScorecardRow
from org.models import AuditEntry, Role
from org.visibility import all_salesmen_for_system, salesmen_visible_to
from outlets.models import MetricValue
from tests.factories import UserFactory
from tests.incentives.gt_plan import gt_plan
from tests.outlets.factories import set_metric

JUNE = date(2026, 6, 1)
SIMULATE = "/api/v1/plans/simulate/"


def store_scorecard(salesman, month, total, rows):
    """A stored scorecard snapshot: rows {kpi: (target, actual, attainment)}."""
    card = Scorecard.objects.create(
        salesman=salesman,
        month=month,
        template_code="GT-SALESMAN",
        template_name="Scorecard Salesman GT",
        rounding="exact",
        total=total,
        computed_at=timezone.now(),
    )
    for position, (code, (target, actual, attainment)) in enumerate(rows.items()):
        ScorecardRow.objects.create(
            scorecard=card,
            position=position,
            kpi_code=code,
            kpi_name_id=code,
            kpi_name_en=code,
            kra="KRA",
            weight=D(100) / len(rows),
            direction="higher",
            source=f"metric:{code}",
            target=target,
            actual=actual,
            attainment=attainment,
            score=attainment or 0,
            final_score=0,
            no_data=actual is None,
        )
    return card


@pytest.fixture
def june(world):
    """Andi's worked month, Budi's weaker one (GT), Dewi's MT month."""
    seed_plans()
    store_scorecard(
        world.andi,
        JUNE,
        D("112.22"),
        {
            "revenue": (D(500_000_000), D(550_000_000), D(110)),
            "new_outlets": (D(30), D(35), D("116.6666666667")),
            "visits_per_day": (D(18), D(20), D("111.1111111111")),
        },
    )
    store_scorecard(
        world.budi,
        JUNE,
        D("90.10"),
        {
            "revenue": (D(500_000_000), D(475_000_000), D(95)),
            "new_outlets": (D(30), D(22), D("73.3333333333")),
            "visits_per_day": (D(18), D("17.5"), D("97.2222222222")),
        },
    )
    for metric, value in {
        "planogram_compliance": D(92),
        "osa": D(94),
        "new_product_listings": D(5),
    }.items():
        set_metric(salesman=world.dewi, month=JUNE, metric=metric, value=value)
    return world


def draft_document():
    """GT plan with new outlets tiers moved: 25 → 200,000, 30 → 600,000."""
    document = gt_plan()
    document["code"] = "GT-DRAFT"
    document["rules"][2]["tiers"] = [{"from": 25, "amount": 200000}, {"from": 30, "amount": 600000}]
    return document


# --- the service ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_simulate_a_stored_plan_on_a_past_month(june):
    result = simulate(plan_code="GT-SALESMAN", month=JUNE, people=all_salesmen_for_system())
    totals = {person.salesman.code: person.total for person in result.people}
    assert totals == {"A1": D(3_400_000), "A2": D(200_000)}
    andi = result.people[0].statement
    assert [(line.rule, line.amount) for line in andi.lines] == [
        ("rev-full", D(2_000_000)),
        ("rev-step", D(500_000)),
        ("new-outlets", D(400_000)),
        ("visits", D(500_000)),
    ]
    assert result.total == D(3_600_000)


@pytest.mark.django_db
def test_mt_plan_reads_metric_snapshots(june):
    result = simulate(plan_code="MT-SALESMAN", month=JUNE, people=all_salesmen_for_system())
    (dewi,) = result.people
    assert [line.amount for line in dewi.statement.lines] == [D(1_000_000), D(0), D(2_000_000)]


@pytest.mark.django_db
def test_draft_against_the_stored_plan_shows_who_gains_and_who_loses(june):
    result = simulate(
        plan_document=draft_document(),
        month=JUNE,
        compare_with="GT-SALESMAN",
        people=all_salesmen_for_system(),
    )
    rows = {p.salesman.code: (p.total, p.compare_total, p.difference) for p in result.people}
    assert rows == {
        "A1": (D(3_600_000), D(3_400_000), D(200_000)),
        "A2": (D(0), D(200_000), D(-200_000)),
    }
    assert (result.total, result.compare_total, result.difference) == (
        D(3_600_000),
        D(3_600_000),
        D(0),
    )
    assert [p.salesman.code for p in result.gainers] == ["A1"]
    assert [p.salesman.code for p in result.losers] == ["A2"]
    assert not Plan.objects.filter(code="GT-DRAFT").exists()  # nothing stored


@pytest.mark.django_db
def test_a_manager_simulates_his_teams_only(june):
    manager_a = simulate(
        plan_code="MT-SALESMAN", month=JUNE, people=salesmen_visible_to(june.manager_a)
    )
    assert manager_a.people == []
    manager_b = simulate(
        plan_code="MT-SALESMAN", month=JUNE, people=salesmen_visible_to(june.manager_b)
    )
    assert [p.salesman.code for p in manager_b.people] == ["B1"]
    gt = simulate(plan_code="GT-SALESMAN", month=JUNE, people=salesmen_visible_to(june.manager_b))
    assert gt.people == []


# --- the API ----------------------------------------------------------------------------------


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


ANDI_VALUES = {
    "plan": "GT-SALESMAN",
    "period": "2026-06",
    "values": {
        "revenue": {"actual": 550000000, "attainment": 110},
        "new_outlets": {"actual": 35, "attainment": 116.67},
        "visits_per_day": {"actual": 20, "attainment": 111.11},
    },
    "level": 1,
    "total_score": 112.22,
}


@pytest.mark.django_db
def test_api_explicit_values_give_andis_3_400_000(world):
    seed_plans()
    response = api(world.manager_a).post(SIMULATE, ANDI_VALUES, format="json")
    assert response.status_code == 200, response.data
    assert response.data["total"] == "3400000"
    assert [(line["rule"], line["amount"]) for line in response.data["lines"]] == [
        ("rev-full", "2000000"),
        ("rev-step", "500000"),
        ("new-outlets", "400000"),
        ("visits", "500000"),
    ]
    assert response.data["lines"][1]["detail"]["steps"] == 1
    assert "1 full step(s) of 10 above 100" in response.data["lines"][1]["explanation"]


@pytest.mark.django_db
def test_api_explicit_values_with_a_plan_document(world):
    document = gt_plan()
    document["level_multipliers"] = {"2": 1.1}
    body = {**ANDI_VALUES, "plan": document, "level": 2}
    response = api(world.manager_a).post(SIMULATE, body, format="json")
    assert response.status_code == 200, response.data
    # 2,200,000 + 550,000 + 440,000 + 550,000
    assert response.data["total"] == "3740000"
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_api_period_mode_per_salesman(june):
    response = api(june.manager_a).post(
        SIMULATE,
        {"plan": draft_document(), "period": "2026-06", "compare_with": "GT-SALESMAN"},
        format="json",
    )
    assert response.status_code == 200, response.data
    data = response.data
    rows = [
        (p["salesman"], p["total"], p["compare_total"], p["difference"]) for p in data["people"]
    ]
    assert rows == [
        ("A1", "3600000", "3400000", "200000"),
        ("A2", "0", "200000", "-200000"),
    ]  # fmt: skip
    assert (data["total"], data["compare_total"], data["difference"]) == ("3600000", "3600000", "0")
    assert (data["gainers"], data["losers"]) == (["A1"], ["A2"])


@pytest.mark.django_db
def test_api_period_mode_is_scoped_to_the_users_teams(june):
    body = {"plan": "GT-SALESMAN", "period": "2026-06"}
    assert api(june.manager_b).post(SIMULATE, body, format="json").data["people"] == []
    admin = UserFactory(username="root", role=Role.ADMIN)
    people = api(admin).post(SIMULATE, body, format="json").data["people"]
    assert [p["salesman"] for p in people] == ["A1", "A2"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"period": "2026-06"}, "plan", "required: a plan code or a plan document"),
        ({"plan": "NOPE", "period": "2026-06"}, "plan", "no plan with code 'NOPE'"),
        ({"plan": "GT-SALESMAN", "period": "June"}, "period", "must be a month YYYY-MM"),
        ({"plan": "GT-SALESMAN"}, "period", "required without explicit values"),
        ({"plan": 12, "period": "2026-06"}, "plan", "a plan code or a plan document (JSON object)"),
        ({**ANDI_VALUES, "level": 0}, "level", "must be a whole number from 1"),
        ({**ANDI_VALUES, "values": {"revenue": {"actual": "lots"}}}, "values.revenue.actual",
         "must be a number"),
        ({**ANDI_VALUES, "values": {"revenue": 5}}, "values.revenue",
         "must be an object with actual and attainment"),
        ({**ANDI_VALUES, "total_score": True}, "total_score", "must be a number"),
        ({**ANDI_VALUES, "colour": "red"}, "colour", "unknown field"),
        ({**ANDI_VALUES, "compare_with": "GT-SALESMAN"}, "compare_with",
         "only with a period, not with explicit values"),
        ({"plan": "GT-SALESMAN", "period": "2026-06", "compare_with": "NOPE"}, "compare_with",
         "no plan with code 'NOPE'"),
    ],
)  # fmt: skip
def test_api_bad_input_is_400_naming_the_field(world, body, field, message):
    seed_plans()
    response = api(world.manager_a).post(SIMULATE, body, format="json")
    assert response.status_code == 400
    assert message in response.data[field]


@pytest.mark.django_db
def test_api_invalid_plan_document_names_the_path(world):
    document = gt_plan()
    document["rules"][2]["tiers"][0]["from"] = "twenty"
    response = api(world.manager_a).post(SIMULATE, {**ANDI_VALUES, "plan": document}, format="json")
    assert response.status_code == 400
    assert response.data == {"plan.rules[2].tiers[0].from": ["must be a number"]}


@pytest.mark.django_db
def test_api_is_for_managers_and_admins(world):
    seed_plans()
    hr = UserFactory(username="hr1", role=Role.HR)
    for user in (world.andi.user, world.supervisor_a, hr):
        client = api(user)
        # Not theirs to know of: 404, as on the editor pages.
        assert client.post(SIMULATE, ANDI_VALUES, format="json").status_code == 404
        assert client.get("/api/v1/plans/").status_code == 404
        assert client.get("/api/v1/plans/GT-SALESMAN/").status_code == 404
        assert client.put("/api/v1/plans/GT-SALESMAN/", {}, format="json").status_code == 404
        assert client.post("/api/v1/plans/", {}, format="json").status_code == 404
    assert APIClient().post(SIMULATE, ANDI_VALUES, format="json").status_code in (401, 403)


@pytest.mark.django_db
def test_plan_resources_over_the_api(world):
    client = api(world.manager_a)
    document = gt_plan()
    created = client.post("/api/v1/plans/?status=draft", document, format="json")
    assert created.status_code == 201
    assert created.data["status"] == "draft"
    assert created.data["document"] == document
    assert [p["code"] for p in client.get("/api/v1/plans/").data] == ["GT-SALESMAN"]
    assert client.get("/api/v1/plans/GT-SALESMAN/").data["document"] == document
    assert client.get("/api/v1/plans/NOPE/").status_code == 404

    document["rules"][3]["tiers"][0]["amount"] = 550000
    updated = client.put("/api/v1/plans/GT-SALESMAN/", document, format="json")
    assert updated.status_code == 200
    assert export_plan(code="GT-SALESMAN")["rules"][3]["tiers"][0]["amount"] == 550000
    assert AuditEntry.objects.filter(action="plan.updated", actor=world.manager_a).count() == 1

    document["rules"][0]["type"] = "bonus"
    document["cap"] = -1
    refused = client.put("/api/v1/plans/GT-SALESMAN/", document, format="json")
    assert refused.status_code == 400
    assert refused.data == {
        "cap": ["must be at least 0"],
        "rules[0].type": ["must be one of tiers, step, per_unit, rate, okr_bonus, ranking, reward"],
    }
    other = client.put("/api/v1/plans/OTHER/", document, format="json")
    assert other.status_code == 404


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db
def test_simulate_page_runs_a_draft_document_beside_the_stored_plan(client, june, english):
    client.force_login(june.manager_a)
    response = client.post(
        reverse("incentives:simulate"),
        {
            "document": json.dumps(draft_document()),
            "compare_with": "GT-SALESMAN",
            "month": "2026-06",
        },
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert [(p.salesman.code, p.difference) for p in result.people] == [
        ("A1", D(200_000)),
        ("A2", D(-200_000)),
    ]
    page = response.content.decode()
    # an English page: English notation
    assert "Rp 3,600,000" in page and "Rp 3,400,000" in page and "-Rp 200,000" in page
    assert "Andi (+Rp 200,000)" in page and "Budi (-Rp 200,000)" in page


@pytest.mark.django_db
def test_simulate_page_shows_only_the_managers_teams(client, june, english):
    client.force_login(june.manager_b)
    response = client.post(
        reverse("incentives:simulate"), {"plan": "GT-SALESMAN", "month": "2026-06"}
    )
    assert response.status_code == 200
    assert response.context["result"].people == []
    assert "Andi" not in response.content.decode()
    response = client.post(
        reverse("incentives:simulate"), {"plan": "MT-SALESMAN", "month": "2026-06"}
    )
    assert [p.salesman.code for p in response.context["result"].people] == ["B1"]
    assert response.context["result"].total == D(3_000_000)


@pytest.mark.django_db
def test_simulate_page_lists_plan_problems(client, june, english):
    client.force_login(june.manager_a)
    document = draft_document()
    document["rules"][0]["basis"] = "mood"
    response = client.post(
        reverse("incentives:simulate"), {"document": json.dumps(document), "month": "2026-06"}
    )
    assert response.status_code == 400
    assert response.context["problems"] == [
        "rules[0].basis: must be one of attainment, actual, total_score"
    ]
    response = client.post(reverse("incentives:simulate"), {"month": "2026-06"})
    assert response.status_code == 400
    assert response.context["form"].errors["plan"] == ["Choose a plan or paste a plan document."]


@pytest.mark.django_db
def test_simulate_page_from_the_json_page_prefills_the_document(client, june, english):
    client.force_login(june.manager_a)
    response = client.post(
        reverse("incentives:simulate"), {"from_json": "1", "document": '{"code": "X"}'}
    )
    assert response.status_code == 200
    assert response.context["form"].initial["document"] == '{"code": "X"}'
    assert response.context["result"] is None


# --- explanations in the user's language ------------------------------------------------------


def test_lines_are_explained_in_english_and_indonesian():
    from django.utils import translation

    from incentives.engine import Facts, KpiFact, evaluate, parse_plan
    from incentives.payouts.explain import explain

    document = gt_plan()
    document["level_multipliers"] = {"2": D("1.1")}
    document["cap"] = 3000000
    facts = Facts(
        month=JUNE,
        level=2,
        kpis={
            "revenue": KpiFact(D(550_000_000), D(110)),
            "new_outlets": KpiFact(D(35), D(116)),
            "visits_per_day": KpiFact(None, None),
        },
    )
    lines = evaluate(parse_plan(document), facts).lines
    with translation.override("en"):
        # English is the engine's own text
        assert (
            explain(lines[1])
            == lines[1].explanation
            == (
                "Each further 10% of revenue: revenue attainment 110%; 1 full step(s) of 10 above "
                "100: 1 × 500,000; level 2 multiplier × 1.1; rounded to whole Rupiah: 550,000."
            )
        )
        assert explain(lines[4].as_dict()) == (
            "Plan cap: the cash lines total 3,190,000, above the plan's cap 3,000,000; "
            "-190,000 brings the total down to the cap."
        )
    with translation.override("id"):
        assert explain(lines[1]) == (
            "Each further 10% of revenue: pencapaian revenue 110%; 1 kelipatan penuh 10 di atas "
            "100; pengali level 2 × 1,1: Rp 550.000."
        )
        assert explain(lines[3]) == "Visits per day: tidak ada data bulan ini, tidak dibayar."
        assert explain(lines[4].as_dict()) == (
            "Batas atas skema: baris tunai berjumlah Rp 3.190.000, di atas batas Rp 3.000.000; "
            "-Rp 190.000 menurunkan total ke batas atas."
        )
    with translation.override("id"):
        assert explain(lines[2]) == (
            "New outlets: new_outlets aktual 35; tingkatan dari 30 tercapai; "
            "pengali level 2 × 1,1: Rp 440.000."
        )


@pytest.mark.django_db
def test_simulating_stores_nothing_anywhere(client, june, english):
    """Page and API, a draft document beside a stored plan: no plan, run, line, scorecard,
    metric or audit entry is written."""
    from incentives.models import Adjustment, PayoutLine, PayoutRun, PayoutStatement

    tables = (
        Plan,
        PayoutRun,
        PayoutStatement,
        PayoutLine,
        Adjustment,
        Scorecard,
        ScorecardRow,
        MetricValue,
        AuditEntry,
    )
    before = {model.__name__: model.objects.count() for model in tables}
    client.force_login(june.manager_a)
    response = client.post(
        reverse("incentives:simulate"),
        {
            "document": json.dumps(draft_document()),
            "compare_with": "GT-SALESMAN",
            "month": "2026-06",
        },
    )
    assert response.status_code == 200
    api = APIClient()
    api.force_authenticate(june.manager_a)
    response = api.post(SIMULATE, {"plan": draft_document(), "period": "2026-06"}, format="json")
    assert response.status_code == 200
    assert response.json()["total"] == "3600000"
    assert {model.__name__: model.objects.count() for model in tables} == before


@pytest.mark.django_db
def test_simulate_page_signs_a_higher_total_cost(client, june, english):
    """A plan that costs more shows the difference with its sign: +Rp 100.000."""
    document = gt_plan()
    document["code"] = "GT-RICHER"
    document["rules"][0]["tiers"] = [{"from": 100, "amount": 2100000}]
    client.force_login(june.manager_a)
    response = client.post(
        reverse("incentives:simulate"),
        {"document": json.dumps(document), "compare_with": "GT-SALESMAN", "month": "2026-06"},
    )
    assert response.context["result"].difference == D(100_000)
    page = response.content.decode()
    assert 'id="cost-difference">+Rp 100,000</div>' in page  # an English page


@pytest.mark.django_db
def test_simulate_page_starts_on_the_latest_month_with_scorecards(client, june, english):
    client.force_login(june.manager_a)
    response = client.get(reverse("incentives:simulate"))
    # today is later than June 2026 and June is the last month with scorecards in this world
    assert response.context["form"].initial["month"] == "2026-06"


@pytest.mark.django_db
def test_simulate_page_says_when_the_month_has_no_data(client, june, english):
    client.force_login(june.manager_a)
    response = client.post(
        reverse("incentives:simulate"), {"plan": "GT-SALESMAN", "month": "2026-03"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="simulate-no-data"' in page
    assert "There is no scorecard for March 2026 yet" in page
    assert "The latest month with scorecards is June 2026." in page
    response = client.post(
        reverse("incentives:simulate"), {"plan": "GT-SALESMAN", "month": "2026-06"}
    )
    assert 'id="simulate-no-data"' not in response.content.decode()

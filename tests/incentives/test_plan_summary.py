"""The plan page's rule summaries in the reader's language, numbers in the app's notation."""

from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import translation

from incentives.demo_plans import seed_plans
from incentives.plans.views import describe_rule
from tests.incentives.gt_plan import gt_plan

RATE = {
    "code": "commission",
    "type": "rate",
    "kpi": "revenue",
    "basis": "actual",
    "mode": "marginal",
    "tiers": [{"from": 0, "rate": D("0.5")}, {"from": 500000000, "rate": D("1.0")}],
}
RANKING = {
    "code": "hunter",
    "type": "ranking",
    "metric": "new_outlets",
    "window": "quarter",
    "scope": "team",
    "amounts": [300000, 150000],
}


def test_rate_and_ranking_summaries_in_both_languages():
    with translation.override("en"):
        # English notation in English (was 0,5% and 500.000.000 in both languages)
        assert describe_rule(RATE) == ("revenue (actual), marginal: ≥ 0: 0.5%; ≥ 500,000,000: 1%")
        assert describe_rule(RANKING) == (
            "new_outlets over the quarter within the team: Rp 300,000, Rp 150,000"
        )
    with translation.override("id"):
        assert describe_rule(RATE) == (
            "revenue (realisasi), marginal: ≥ 0: 0,5%; ≥ 500.000.000: 1%"
        )
        assert "kuartal" in describe_rule(RANKING) and "quarter" not in describe_rule(RANKING)


@pytest.mark.django_db
def test_indonesian_plan_page_names_types_and_bases_in_indonesian(world):
    seed_plans()
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.manager_a)
    page = client.get("/incentives/plans/GT-SALESMAN/").content.decode()
    table = page.split('id="rules-table"')[1].split("</table>")[0]
    assert "revenue (pencapaian): ≥ 100: Rp 2.000.000" in table
    assert "new_outlets (realisasi): ≥ 20: Rp 200.000; ≥ 30: Rp 400.000" in table
    assert ">Tingkatan</span>" in table and ">Kelipatan</span>" in table
    for english in ("(attainment)", "(actual)", ">tiers<", ">step<"):
        assert english not in table


@pytest.mark.django_db
def test_plan_problems_are_listed_in_the_readers_language(world):
    """The same problems as in English (test_plans_views), said in Indonesian on the page; the
    API and the command keep the English text."""
    import json

    from incentives.models import Plan
    from incentives.plans.documents import PlanInvalid, check_plan

    seed_plans()
    document = gt_plan()
    document["code"] = "GT-NEW"
    document["rules"][0]["tiers"][0]["from"] = "a hundred"
    document["rules"][1]["basis"] = "feeling"
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(world.manager_a)
    response = client.post("/incentives/plans/import/", {"document": json.dumps(document)})
    assert response.status_code == 400
    assert response.context["problems"] == [
        "rules[0].tiers[0].from: harus berupa angka",
        "rules[1].basis: harus salah satu dari attainment, actual, total_score",
    ]
    assert not Plan.objects.filter(code="GT-NEW").exists()
    with translation.override("id"), pytest.raises(PlanInvalid) as raised:
        check_plan(document)
    assert [str(p) for p in raised.value.problems] == [
        "rules[0].tiers[0].from: must be a number",
        "rules[1].basis: must be one of attainment, actual, total_score",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "kpi_option", "metric_option"),
    [
        ("id", "new_outlets — Outlet baru", "active_outlets — "),
        ("en", "new_outlets — New outlets", "active_outlets — "),
    ],
)
def test_rule_forms_name_kpis_and_metrics_in_the_readers_language(
    world, language, kpi_option, metric_option
):
    from kpi.documents import save_template_document
    from outlets.metrics import METRICS
    from tests.kpi.factories import gt_document

    seed_plans()
    save_template_document(document=gt_document(), by=None)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.manager_a)
    page = client.get("/incentives/plans/GT-SALESMAN/rules/new-outlets/edit/").content.decode()
    assert f">{kpi_option}</option>" in page
    page = client.get("/incentives/plans/GT-SALESMAN/rules/add/?type=ranking").content.decode()
    with translation.override(language):
        label = METRICS["active_outlets"].label
    assert f">{metric_option}{label}</option>" in page

"""The plan page's rule summaries in the reader's language, numbers in the app's notation."""

from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import translation

from incentives.demo_plans import seed_plans
from incentives.plan_views import describe_rule

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
        assert describe_rule(RATE) == ("revenue (actual), marginal: ≥ 0: 0,5%; ≥ 500.000.000: 1%")
        assert describe_rule(RANKING) == (
            "new_outlets over the quarter within the team: Rp 300.000, Rp 150.000"
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

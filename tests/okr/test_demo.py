"""The demo OKRs: the seed examples, the semester objective achieved, idempotent; pages in
Indonesian and English."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest

from okr import demo
from okr.models import CheckIn, Cycle, KeyResult, Objective
from okr.selectors import objective_outcomes
from org import demo as org_demo
from org.models import Salesman
from tests.outlets.factories import set_metric

TODAY = date(2026, 12, 3)  # the demo's worked semester is 2026-H1, its current quarter 2026-Q4


@pytest.fixture
def seeded(db):
    org_demo.seed(out=StringIO())
    # What the outlets demo gives: the three GT salesmen acquire 1,050 outlets in 2026-01 … 06.
    for code, monthly in {"andi": 60, "budi": 55, "citra": 60}.items():
        salesman = Salesman.objects.get(code=code)
        for month in range(1, 7):
            set_metric(
                salesman=salesman, month=date(2026, month, 1), metric="new_outlets", value=monthly
            )
    demo.seed(out=StringIO(), today=TODAY)


def counts():
    return [m.objects.count() for m in (Cycle, Objective, KeyResult, CheckIn)]


def test_demo_has_the_seed_examples(seeded):
    assert set(Cycle.objects.values_list("code", "start", "end")) == {
        ("Q2-2026", date(2026, 4, 1), date(2026, 6, 30)),
        ("H1-2026", date(2026, 1, 1), date(2026, 6, 30)),
        ("Q4-2026", date(2026, 10, 1), date(2026, 12, 31)),
    }
    q2 = Objective.objects.filter(cycle__code="Q2-2026", level="company")
    assert set(q2.values_list("title_id", flat=True)) == {
        "Perluas distribusi produk baru",
        "Tingkatkan omzet 20% dalam Q2",
    }
    distribution = q2.get(title_id="Perluas distribusi produk baru")
    assert distribution.key_results.count() == 3
    semester = Objective.objects.get(code="GT-NEW-OUTLETS-2026H1")
    assert semester.title_en == "1,000 new GT outlets this semester"
    assert set(semester.participants.values_list("code", flat=True)) == {"andi", "budi", "citra"}
    kr = semester.key_results.get()
    # 6 × (60 + 55 + 60) = 1,050 → clamped at 1.00
    assert (kr.metric, kr.current_value, kr.display_score) == (
        "new_outlets",
        Decimal(1050),
        Decimal("1.00"),
    )
    outcome = objective_outcomes(codes={semester.code}, month=date(2026, 6, 1))[semester.code]
    assert outcome.score == Decimal("1.00")
    assert outcome.cycle_end_month == date(2026, 6, 1)
    # the revenue objective: growth 17 of 20 (0.85, weight 2), returns 4 → 2.8 of 2 (0.6)
    revenue = Objective.objects.get(code="REVENUE-GROWTH-2026Q2")
    assert revenue.display_score == Decimal("0.77")  # (1.7 + 0.6) / 3 = 0.7667
    assert CheckIn.objects.exclude(note="").count() >= 5


def test_demo_twice_changes_nothing(seeded):
    before = counts()
    values = list(KeyResult.objects.order_by("pk").values_list("current_value", flat=True))
    demo.seed(out=StringIO(), today=TODAY)
    assert counts() == before
    assert list(KeyResult.objects.order_by("pk").values_list("current_value", flat=True)) == values


def test_pages_speak_indonesian_and_english(client, seeded):
    from org.models import User

    client.force_login(User.objects.get(username="sari"))
    page = client.get("/okr/objectives/GT-NEW-OUTLETS-2026H1/").content.decode()
    assert "1.000 outlet GT baru dalam semester ini" in page
    assert "Riwayat perubahan" in page
    assert "tercapai: periksa ambisinya" in page
    client.cookies["django_language"] = "en"
    page = client.get(
        "/okr/objectives/GT-NEW-OUTLETS-2026H1/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "1,000 new GT outlets this semester" in page
    assert "Change history" in page

"""Real headless Chromium on a 390 px phone: a salesman's scorecard shows every KPI as a compact
item (target → actual, skor, bobot, skor akhir, "no data") without scrolling sideways; on a
desktop the same page shows the full table."""

from datetime import date

import pytest

from tests.conftest import login
from tests.outlets.factories import set_metric

JUNE = date(2026, 6, 1)


@pytest.fixture
def andis_june(transactional_db):
    from kpi.documents import save_template_document
    from kpi.models import KPIDefinition, Target
    from kpi.scorecards import compute_scorecards
    from tests.factories import World
    from tests.kpi.factories import gt_document

    world = World()
    save_template_document(document=gt_document(), by=None)
    kpis = {k.code: k for k in KPIDefinition.objects.all()}
    for metric, value in (("revenue", 550_000_000), ("new_outlets", 35), ("visits_per_day", 20)):
        set_metric(salesman=world.andi, month=JUNE, metric=metric, value=value)
    # no visits/day target: that row has no data
    for code, value in (("revenue", 500_000_000), ("new_outlets", 30)):
        Target.objects.create(month=JUNE, salesman=world.andi, kpi=kpis[code], value=value)
    compute_scorecards(month=JUNE)
    return world


@pytest.mark.e2e
def test_salesman_reads_his_scorecard_on_a_phone(andis_june, phone_page):
    page = phone_page
    login(page, "andi")
    page.goto("/kpi/scorecards/A1/2026-06/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.locator("#scorecard-rows").is_visible()
    items = page.locator("#scorecard-list li[data-kpi]")
    assert items.count() == 3

    revenue = items.nth(0)
    assert revenue.is_visible()
    text = revenue.inner_text()
    assert "Omzet" in text
    assert "Rp 500.000.000" in text and "Rp 550.000.000" in text
    assert revenue.locator(".score").inner_text() == "110,00"
    assert revenue.locator(".final-score").inner_text() == "55,00"
    assert "bobot 50" in text
    box = revenue.locator(".target-actual").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    outlets = items.nth(1)
    assert outlets.locator(".score").inner_text() == "116,67"
    assert outlets.locator(".final-score").inner_text() == "35,00"

    visits = items.nth(2)
    assert "tidak ada data" in visits.inner_text()
    assert visits.locator(".score").count() == 0
    assert page.locator("#scorecard-total").inner_text() == "90,00"


@pytest.mark.e2e
def test_the_same_scorecard_is_a_table_on_a_desktop(andis_june, page):
    login(page, "andi")
    page.goto("/kpi/scorecards/A1/2026-06/")
    assert not page.locator("#scorecard-list").is_visible()
    rows = page.locator("#scorecard-rows tbody tr")
    assert rows.count() == 3
    assert page.locator("#scorecard-rows .final-score").all_inner_texts() == ["55,00", "35,00"]
    assert "tidak ada data" in rows.nth(2).inner_text()

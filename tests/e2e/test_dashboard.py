"""In real headless Chromium, on the demo seeded for today: the demo salesman on a 360 × 740
phone sees this month's pace, the projected incentive, the next tier, his rank and his badges (a
screenshot of the page is saved to tests/e2e/artifacts/my-month-360.png, ignored by git); the
manager sees the attainment heat map and the Pareto curve drawn by Chart.js."""

import io
from pathlib import Path

import pytest

from org.demo import demo_calendar
from spm.formats import month_label
from tests.conftest import login

PASSWORD = "kinerja-demo"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    return demo_calendar()


@pytest.fixture
def phone_360(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 360, "height": 740}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.e2e
def test_the_demo_salesman_sees_his_month_so_far_on_a_phone(demo, phone_360):
    page = phone_360
    login(page, "andi", PASSWORD)
    page.goto("/incentives/my-month/")
    month = page.locator("#my-month h2").first.inner_text()
    from django.utils import translation

    with translation.override("id"):
        assert month_label(demo.current_month) in month  # this month, by name
    if demo.data_end < demo.current_month:  # the 1st: no field data yet this month
        assert page.locator("#my-month-no-data").is_visible()
        return
    assert "data terakhir" in page.locator("#my-month-as-of").inner_text()
    assert page.locator("#pace-score").inner_text().strip()
    assert page.locator("#my-kpis li").count() == 3  # Andi's GT scorecard
    assert page.locator("#projected-incentive").inner_text().startswith("Rp ")
    assert "PROYEKSI" in page.locator("#my-incentive").inner_text().upper()
    tiers = page.locator("#next-tiers .next-tier")
    assert tiers.count() >= 1
    assert "per hari kerja" in page.locator("#next-tiers").inner_text()
    assert page.locator("#my-ranks .my-rank").count() >= 1
    assert page.locator("#my-badges [data-badge]").count() >= 1
    assert page.locator("#history-table tbody tr").count() == 6
    # the history chart drew (Chart.js sized its canvas) and the page fits the phone
    assert page.evaluate("document.getElementById('history-chart').width") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "my-month-360.png"), full_page=True)
    # the home page is the same month so far
    page.goto("/")
    assert page.locator("#my-month #pace-score").count() == 1


@pytest.mark.e2e
def test_the_manager_sees_the_heat_map_and_the_pareto_curve(demo, page):
    login(page, "maya", PASSWORD)
    page.goto("/")
    page.locator("#waiting-panel a").first.click()  # the draft run waits for her approval
    page.wait_for_url(f"**/incentives/runs/{demo.draft_month:%Y-%m}/")
    page.goto(f"/kpi/overview/?month={demo.draft_month:%Y-%m}")
    cells = page.locator("#heat-map td.heat")
    assert cells.count() >= 9  # 3 GT salesmen × 3 KPIs, and the MT ones
    assert cells.first.inner_text().endswith("%")
    assert "80%" in page.locator("#pareto-outlets .pareto-80").inner_text()
    assert page.locator("#pareto-outlets-table tbody tr").count() == 10
    assert page.evaluate("document.getElementById('pareto-chart').width") > 0
    assert page.evaluate("Chart.getChart('pareto-chart').data.datasets.length") == 3
    assert page.locator("#pace-table tbody tr").count() == 5
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename == f"team-overview-{demo.draft_month:%Y-%m}.xlsx"

"""In real headless Chromium: Andi reads his worked month on a phone; the supervisor sees the
team's totals, Pareto and members, and follows an outlet to its orders.

On the demo's field data seeded for today: Andi's worked month is that of the demo's calendar
(org.demo.demo_calendar: 2026-06 seeded on 2026-12-03, 2026-12 in 2027-01 … 2027-06)."""

from io import StringIO

import pytest

from org import demo as org_demo
from outlets import demo as outlets_demo
from spm.months import add_months, format_month
from tests.conftest import login


@pytest.fixture
def demo(transactional_db) -> org_demo.DemoCalendar:
    """The demo's people and field data seeded for today (the day its calendar was taken, also
    around midnight); its calendar."""
    calendar = org_demo.demo_calendar()
    org_demo.seed(out=StringIO())
    outlets_demo.seed(out=StringIO(), today=calendar.today)
    return calendar


@pytest.mark.e2e
def test_salesman_reads_his_month_on_a_phone(demo, phone_page):
    worked = format_month(demo.worked_month)
    login(phone_page, "andi", "kinerja-demo")
    phone_page.goto("/outlets/metrics/")
    phone_page.select_option("#month-form select", worked)
    phone_page.wait_for_url(f"**/outlets/metrics/andi/?month={worked}")
    revenue = phone_page.locator('tr[data-metric="revenue"] td.num')
    assert revenue.inner_text() == "Rp 550.000.000"
    assert phone_page.locator('tr[data-metric="visits_per_day"] td.num').inner_text() == "20,00"
    assert phone_page.locator('tr[data-metric="new_outlets"] td.num').inner_text() == "35"
    assert phone_page.locator('tr[data-metric="osa"] td.num').inner_text() == "tidak ada data"
    phone_page.click("#month-next")
    phone_page.wait_for_url(
        f"**/outlets/metrics/andi/{format_month(add_months(demo.worked_month, 1))}/"
    )
    assert phone_page.goto(f"/outlets/metrics/budi/{worked}/").status == 404


@pytest.mark.e2e
def test_supervisor_reads_the_team_page_and_opens_an_outlet(demo, page):
    worked = format_month(demo.worked_month)
    login(page, "sari", "kinerja-demo")
    page.click("#nav-group-outlets")
    page.click("#nav-team-metrics")
    page.wait_for_url("**/outlets/teams/")
    page.fill('#team-form input[name="month"]', worked)
    page.click('#team-form button[type="submit"]')
    page.wait_for_url(f"**month={worked}**")
    assert "GT Jakarta Timur" in page.locator("h1").inner_text()
    members = page.locator("#member-table tbody tr")
    assert {members.nth(i).get_attribute("data-code") for i in range(members.count())} == {
        "andi",
        "budi",
        "citra",
        "sari",
    }
    andi = page.locator('#member-table tr[data-code="andi"]')
    assert "Rp 550.000.000" in andi.inner_text()
    assert "%" in page.locator("#pareto-outlets").inner_text()
    page.locator("#top-outlets a").first.click()
    page.wait_for_url("**/outlets/o/**")
    assert page.locator("#outlet-orders-table tbody").count() >= 1

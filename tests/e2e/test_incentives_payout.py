"""In real headless Chromium: the manager approves June's payout run, HR locks it and downloads
the export, and Andi opens his statement on a phone and sees Rp 3.400.000."""

import csv
import io
from pathlib import Path

import pytest

from incentives.models import PayoutRun, RunStatus
from incentives.payouts.services import close_period
from org.periods import is_month_locked
from tests.conftest import login
from tests.factories import World
from tests.incentives.payout_factories import JUNE, andi_june


@pytest.fixture
def june(transactional_db):
    world = World()
    andi_june(world)
    close_period(month=JUNE, by=world.hr)
    return world


@pytest.fixture
def hr_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


@pytest.mark.e2e
def test_manager_approves_hr_locks_and_exports_salesman_reads_statement(
    june, page, hr_page, phone_page
):
    # The manager opens the runs, then June, and approves it.
    login(page, "manager_a")
    page.goto("/incentives/runs/")
    page.click("#runs-table >> text=2026-06")
    page.wait_for_url("**/incentives/runs/2026-06/")
    assert page.locator("#grand-total").inner_text() == "Rp 3.400.000"
    andi = page.locator('tbody.salesman-group[data-salesman="A1"]')
    assert andi.locator(".subtotal").inner_text() == "Rp 3.400.000"
    assert andi.locator("tr").count() == 5  # the salesman's row and his four lines
    assert page.locator("#lock-run").count() == 0  # a manager cannot lock
    # Approving goes through the review and a confirmation naming month, people and total.
    page.click("#review-run")
    page.wait_for_url("**/incentives/runs/2026-06/review/")
    confirmation = page.locator("#approve-form").inner_text()
    assert "Juni 2026" in confirmation and "2 orang" in confirmation
    assert "Rp 3.400.000" in confirmation
    page.check("#approve-confirm")
    with page.expect_navigation():
        page.click("#approve-run")
    assert PayoutRun.objects.get().status == RunStatus.APPROVED
    assert page.locator("#approve-run").count() == 0
    assert str(june.manager_a) in page.locator("#run-history").inner_text().splitlines()[-1]

    # HR locks the approved run and downloads the summary for payroll.
    login(hr_page, "hr")
    hr_page.goto("/incentives/runs/2026-06/")
    hr_page.check("#lock-confirm")  # locking cannot be undone: the box must be ticked
    with hr_page.expect_navigation():
        hr_page.click("#lock-run")
    assert PayoutRun.objects.get().status == RunStatus.LOCKED
    assert is_month_locked(JUNE)
    assert hr_page.locator("#lock-run").count() == 0
    with hr_page.expect_download() as download_info:
        hr_page.click("#export-csv")
    download = download_info.value
    assert download.suggested_filename == "payouts-2026-06.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == [
        "period",
        "salesman",
        "name",
        "team",
        "channel",
        "total_score",
        "amount",
        "rewards",
        "employee_id",
    ]
    assert ["2026-06", "A1", "Andi", "Team A", "GT", "112.22", "3400000", "", ""] in rows
    with hr_page.expect_download() as download_info:
        hr_page.click("#export-xlsx")
    assert download_info.value.suggested_filename == "payouts-2026-06.xlsx"

    # Andi, on his phone, opens his statements and June's lines.
    login(phone_page, "andi")
    phone_page.goto("/incentives/statements/")
    phone_page.wait_for_url("**/incentives/statements/A1/")
    phone_page.click("#statement-months >> a")
    phone_page.wait_for_url("**/incentives/statements/A1/2026-06/")
    assert phone_page.locator("#statement-total").inner_text() == "Rp 3.400.000"
    lines = phone_page.locator("#statement-lines .statement-line")
    assert lines.count() == 4
    assert "Rp 500.000" in lines.nth(1).inner_text()
    # Another salesman's statement and the run pages do not exist for him.
    assert phone_page.goto("/incentives/statements/A2/2026-06/").status == 404
    assert phone_page.goto("/incentives/runs/2026-06/").status == 404


@pytest.fixture
def demo(transactional_db):
    """The demo seeded for today (the day its calendar was taken, also around midnight); its
    calendar (org.demo.demo_calendar)."""
    from django.core.management import call_command

    from org.demo import demo_calendar

    calendar = demo_calendar()
    call_command("seed_demo", "--today", calendar.today.isoformat(), stdout=io.StringIO())
    return calendar


@pytest.mark.e2e
def test_demo_andi_reads_his_worked_month_statement_with_the_okr_bonus(demo, phone_page):
    """Andi's worked month (2026-06 in the demo seeded on 2026-12-03, 2026-12 in 2027-01 …
    2027-06): Rp 3.400.000 from the GT plan and the semester OKR bonus of Rp 1.000.000."""
    from spm.months import format_month

    login(phone_page, "andi", "kinerja-demo")
    phone_page.goto(f"/incentives/statements/andi/{format_month(demo.worked_month)}/")
    assert phone_page.locator("#statement-total").inner_text() == "Rp 4.400.000"
    rules = phone_page.locator("#statement-lines .statement-line")
    codes = [rules.nth(i).get_attribute("data-rule") for i in range(rules.count())]
    assert sorted(codes) == sorted(
        ["okr-new-outlets", "rev-full", "rev-step", "new-outlets", "visits"]
    )
    months = phone_page.locator("#statement-months a")
    # every closed month of the demo: the locked ones and last month's draft (org.demo)
    assert months.count() == len(demo.locked_months) + 1

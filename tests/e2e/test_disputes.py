"""In real headless Chromium: Andi disputes a line of his June statement on a 360×740 phone in
two taps and a message; HR accepts it on a desktop with an amount; Andi sees the line resolved
and the correction in his statement."""

import pytest

from incentives.models import Dispute
from incentives.payouts.services import close_period
from tests.conftest import login
from tests.e2e.test_accessibility import blocking_violations
from tests.factories import World
from tests.incentives.payout_factories import JUNE, andi_june


@pytest.fixture
def june(transactional_db):
    world = World()
    andi_june(world)
    close_period(month=JUNE, by=world.hr)
    return world


@pytest.fixture
def small_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


@pytest.mark.e2e
def test_salesman_disputes_a_line_hr_accepts_salesman_sees_it_resolved(june, small_phone, page):
    phone = small_phone
    login(phone, "andi")
    phone.goto("/incentives/statements/A1/2026-06/")
    line = phone.locator('#statement-lines .statement-line[data-rule="rev-step"]')
    # Tap one opens the line's form, tap two sends the message.
    line.locator("details.raise-dispute summary").tap()
    line.locator("textarea[name=message]").fill("Saya capai 112%, seharusnya 2 kelipatan.")
    with phone.expect_navigation():
        line.locator("button[type=submit]").tap()
    phone.wait_for_url("**/incentives/statements/A1/2026-06/")
    dispute = Dispute.objects.get()
    assert (dispute.rule_code, dispute.status, dispute.raised_by.username) == (
        "rev-step",
        "open",
        "andi",
    )
    badge = phone.locator('#statement-lines .statement-line[data-rule="rev-step"] .line-dispute')
    assert badge.get_attribute("data-status") == "open"
    assert f"#{dispute.pk}" in badge.inner_text()
    # The phone page fits 360 px, with its open dispute form accessible too.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert blocking_violations(phone) == []

    # HR, on a desktop, opens the queue, then the dispute, and accepts it with an amount.
    login(page, "hr")
    page.goto("/incentives/disputes/")
    row = page.locator(f'#dispute-queue tr[data-dispute="{dispute.pk}"]')
    assert row.get_attribute("data-status") == "open"
    row.locator("a").first.click()
    page.wait_for_url(f"**/incentives/disputes/{dispute.pk}/")
    assert "112%" in page.locator("#dispute-message").inner_text()
    assert blocking_violations(page) == []  # axe-core: no serious or critical violation
    page.check("#resolve-form input[value=accepted]")
    page.fill("#resolve-form input[name=amount]", "250.000")
    page.fill("#resolve-form textarea[name=note]", "Benar, kelipatan kedua terlewat.")
    with page.expect_navigation():
        page.click("#resolve-submit")
    assert page.locator("#dispute-status").get_attribute("data-status") == "accepted"
    assert "Rp 250.000" in page.locator("#dispute-outcome").inner_text()

    # Andi sees the outcome on the line and the correction in June (still a draft).
    phone.reload()
    badge = phone.locator('#statement-lines .statement-line[data-rule="rev-step"] .line-dispute')
    assert badge.get_attribute("data-status") == "accepted"
    assert "Rp 250.000" in badge.inner_text()
    assert phone.locator("#statement-total").inner_text() == "Rp 3.650.000"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

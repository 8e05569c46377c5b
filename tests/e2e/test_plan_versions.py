"""In real headless Chromium: a manager edits a published plan (a new draft version), simulates
the draft against last month beside the version in force then, publishes it from next month
after a confirmation naming that month, and sees both versions side by side."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from incentives.demo_plans import seed_plans
from incentives.models import PlanVersion
from spm import formats as fmt
from spm.months import add_months, current_month, format_month
from tests.conftest import login
from tests.factories import World
from tests.incentives.test_simulate import store_scorecard


@pytest.fixture
def last_month(transactional_db):
    world = World()
    seed_plans()
    month = add_months(current_month(), -1)
    store_scorecard(
        world.andi,
        month,
        D("112.22"),
        {
            "revenue": (D(500_000_000), D(550_000_000), D(110)),
            "new_outlets": (D(30), D(35), D("116.6666666667")),
            "visits_per_day": (D(18), D(20), D("111.1111111111")),
        },
    )
    store_scorecard(
        world.budi,
        month,
        D("131.00"),
        {
            "revenue": (D(500_000_000), D(600_000_000), D(120)),
            "new_outlets": (D(30), D(45), D(150)),
            "visits_per_day": (D(18), D(19), D("105.5555555556")),
        },
    )
    return month


@pytest.mark.e2e
def test_manager_edits_simulates_and_publishes_a_plan_version(last_month, page):
    next_month = add_months(current_month(), 1)
    with translation.override("id"):
        next_label = fmt.month_label(next_month)
        first_label = fmt.month_label(
            PlanVersion.objects.get(plan__code="GT-SALESMAN").effective_from
        )
    login(page, "manager_a")

    # Edit the published plan: new outlets from 30 now pay Rp 600.000 — a new draft version.
    page.goto("/incentives/plans/GT-SALESMAN/rules/new-outlets/edit/")
    page.fill("#id_tiers-1-amount", "600000")
    page.click("#save-rule")
    page.wait_for_url("**/incentives/plans/GT-SALESMAN/")
    assert "versi draf 2" in page.content() or "draft version 2" in page.content()

    # Both versions side by side; the draft pays nothing yet.
    page.click("#versions-tab")
    page.wait_for_url("**/incentives/plans/GT-SALESMAN/versions/")
    assert page.locator("#version-1").is_visible() and page.locator("#version-2").is_visible()
    table = page.locator("#versions-table").inner_text()
    assert "Rp 400.000" in table and "Rp 600.000" in table

    # Simulate version 2 against last month beside version 1, in force then.
    page.fill("#simulate-month-2", format_month(last_month))
    page.click("#simulate-2 button")
    page.wait_for_selector("#version-simulation")
    # Version 1: Andi 3.400.000 + Budi 3.900.000; version 2 pays 200.000 more to each.
    assert page.locator("#version-total").inner_text() == "Rp 7.700.000"
    assert page.locator("#in-force-total").inner_text() == "Rp 7.300.000"
    assert page.locator("#version-difference").inner_text() == "+Rp 400.000"

    # Publish from next month: the confirmation names the month; then it is published.
    page.fill("#publish-month-2", format_month(next_month))
    page.click("#publish-2 button")
    page.wait_for_selector("#publish-confirm")
    assert next_label in page.locator("#publish-confirm").inner_text()
    page.click("#publish-confirmed")
    page.wait_for_url("**/incentives/plans/GT-SALESMAN/versions/")
    months = page.locator("#versions-table .version-month").all_inner_texts()
    assert months == [first_label, next_label]
    assert page.locator("#publish-2").count() == 0  # published: nothing left to publish
    version = PlanVersion.objects.get(plan__code="GT-SALESMAN", number=2)
    assert (version.status, version.effective_from) == ("published", next_month)

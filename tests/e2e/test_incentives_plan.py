"""In real headless Chromium: a manager edits a tier of the GT plan (adding a tier row with the
page's own script), then simulates the plan against a past month beside a draft pasted as
JSON, and sees each salesman's amount."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from incentives.demo_plans import GT_PLAN, seed_plans
from tests.conftest import login
from tests.factories import World
from tests.incentives.test_simulate import store_scorecard

JUNE = date(2026, 6, 1)


@pytest.fixture
def june(transactional_db):
    world = World()
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
        D("131.00"),
        {
            "revenue": (D(500_000_000), D(600_000_000), D(120)),
            "new_outlets": (D(30), D(45), D(150)),
            "visits_per_day": (D(18), D(19), D("105.5555555556")),
        },
    )
    return world


def amount_of(page, code: str) -> str:
    return page.locator(f'#simulation-people tr[data-salesman="{code}"] td.amount').inner_text()


@pytest.mark.e2e
def test_manager_edits_a_tier_and_simulates_the_plan_on_a_past_month(june, page):
    login(page, "manager_a")
    page.goto("/incentives/plans/")
    page.click("text=GT-SALESMAN")
    page.wait_for_url("**/incentives/plans/GT-SALESMAN/")

    # Edit the new-outlets rule: 30 → Rp 600.000, and a new row 40 → Rp 800.000.
    page.click("#rule-new-outlets a.btn-outline-primary")
    page.wait_for_url("**/rules/new-outlets/edit/")
    assert page.locator("#tier-rows tr").count() == 2
    page.fill("#id_tiers-1-amount", "600000")
    page.click("#add-tier")
    assert page.locator("#tier-rows tr").count() == 3
    page.fill("#id_tiers-2-from_", "40")
    page.fill("#id_tiers-2-amount", "800000")
    page.click("#save-rule")
    page.wait_for_url("**/incentives/plans/GT-SALESMAN/")
    summary = page.locator("#rule-new-outlets").inner_text()
    assert "Rp 600.000" in summary and "Rp 800.000" in summary

    # A negative amount is refused in place.
    page.click("#rule-visits a.btn-outline-primary")
    page.fill("#id_tiers-0-amount", "-1")
    page.click("#save-rule")
    assert page.locator(".invalid-feedback").count() == 1
    page.goto("/incentives/plans/GT-SALESMAN/")

    # Simulate the edited plan on June beside a draft pasted as JSON (unsaved).
    page.click('.nav-tabs a[href*="simulate"]')
    page.wait_for_url("**/incentives/plans/simulate/?plan=GT-SALESMAN")
    draft = dict(GT_PLAN, code="GT-DRAFT")
    page.select_option("#id_plan", "")
    page.fill("#id_document", json.dumps(draft))
    page.select_option("#id_compare_with", "GT-SALESMAN")
    page.fill("#id_month", "2026-06")
    page.click("#run-simulation")
    page.wait_for_selector("#simulation-result")

    # Draft (the original plan): Andi 2,000,000 + 500,000 + 400,000 + 500,000 = 3,400,000;
    # Budi 2,000,000 + 1,000,000 + 400,000 + 500,000 = 3,900,000.
    # Edited GT-SALESMAN: Andi 3,600,000 (tier 30 → 600,000); Budi 4,300,000 (tier 40).
    assert amount_of(page, "A1") == "Rp 3.400.000"
    assert amount_of(page, "A2") == "Rp 3.900.000"
    andi_row = page.locator('#simulation-people tr[data-salesman="A1"]').inner_text()
    assert "Rp 3.600.000" in andi_row and "-Rp 200.000" in andi_row
    budi_row = page.locator('#simulation-people tr[data-salesman="A2"]').inner_text()
    assert "Rp 4.300.000" in budi_row and "-Rp 400.000" in budi_row
    assert page.locator("#total-cost").inner_text() == "Rp 7.300.000"
    assert page.locator("#compare-cost").inner_text() == "Rp 7.900.000"
    assert page.locator("#cost-difference").inner_text() == "-Rp 600.000"
    assert page.locator("#gain-loss").inner_text() == "0 / 2"

    # The line explanations are one click away.
    andi_lines = page.locator('#simulation-people tr[data-salesman="A1"] details')
    andi_lines.locator("summary").click()
    # in Indonesian, the page's language
    assert "new_outlets aktual 35; tingkatan dari 30 tercapai" in andi_lines.inner_text()

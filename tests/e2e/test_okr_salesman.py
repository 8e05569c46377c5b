"""Real headless Chromium on a phone: a salesman sees his OKRs at home and checks in on his own."""

from datetime import date
from decimal import Decimal

import pytest

from okr.models import Level
from tests.conftest import login


@pytest.fixture
def own_objective(transactional_db, monkeypatch):
    from tests.factories import World
    from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory

    monkeypatch.setattr("okr.dashboard.today", lambda: date(2026, 11, 20))
    world = World()
    cycle = CycleFactory(
        code="Q4-2026",
        name="Q4 2026",
        kind="quarter",
        start=date(2026, 10, 1),
        end=date(2026, 12, 31),
    )
    objective = ObjectiveFactory(
        code="ANDI-Q4",
        cycle=cycle,
        level=Level.PERSON,
        owner=world.andi,
        title_id="Andi: 40 outlet tidur kembali order",
        participants=[world.andi],
    )
    kr = KeyResultFactory(
        objective=objective,
        start_value=Decimal(0),
        target_value=Decimal(40),
        current_value=Decimal(10),
    )
    team = ObjectiveFactory(
        code="TEAM-Q4", cycle=cycle, level=Level.TEAM, team=world.team_a, title_id="Tim A"
    )
    KeyResultFactory(objective=team, current_value=Decimal(50))
    return objective, kr


@pytest.mark.e2e
def test_salesman_checks_in_on_his_own_objective_from_the_phone(own_objective, phone_page):
    objective, kr = own_objective
    page = phone_page
    login(page, "andi")
    panel = page.locator("#okr-panel")
    assert "Andi: 40 outlet tidur kembali order" in panel.inner_text()
    assert "Tim A" in panel.inner_text()

    panel.locator("text=Andi: 40 outlet tidur kembali order").click()
    page.wait_for_url("**/okr/objectives/ANDI-Q4/")
    assert page.locator("#objective-score .okr-score-value").inner_text() == "0,25"
    page.click(f"#kr-{kr.pk} a[href$='/check-in/']")
    page.fill("#id_date", "2026-11-19")
    page.fill("#id_value", "22")
    page.fill("#id_confidence", "7")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url("**/okr/objectives/ANDI-Q4/")
    assert page.locator("#objective-score .okr-score-value").inner_text() == "0,55"

    # the team objective is his to read, not to check in on
    page.goto("/okr/objectives/TEAM-Q4/")
    assert page.locator("a[href$='/check-in/']").count() == 0

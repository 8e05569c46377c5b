"""Real headless Chromium: a supervisor records a check-in and sees the objective's score move."""

from datetime import date
from decimal import Decimal

import pytest

from okr.models import Level
from tests.conftest import login


@pytest.fixture
def team_objective(transactional_db):
    from tests.factories import World
    from tests.okr.factories import CheckInFactory, CycleFactory, KeyResultFactory, ObjectiveFactory

    world = World()
    cycle = CycleFactory(
        code="Q4-2026",
        name="Q4 2026",
        kind="quarter",
        start=date(2026, 10, 1),
        end=date(2026, 12, 31),
    )
    objective = ObjectiveFactory(
        code="GT-REACTIVATE",
        cycle=cycle,
        level=Level.TEAM,
        team=world.team_a,
        title_id="Aktifkan kembali outlet GT yang tidur",
        participants=[world.andi, world.budi],
    )
    kr = KeyResultFactory(
        objective=objective,
        title_id="120 outlet tidur kembali order",
        start_value=Decimal(0),
        target_value=Decimal(120),
        weight=Decimal(1),
        current_value=Decimal(48),
    )
    CheckInFactory(key_result=kr, date=date(2026, 11, 6), value=Decimal(48), by=world.supervisor_a)
    KeyResultFactory(
        objective=objective,
        title_id="Retur turun dari 4% ke 2%",
        start_value=Decimal(4),
        target_value=Decimal(2),
        direction="lower",
        weight=Decimal(1),
        current_value=Decimal(3),
    )
    return objective, kr


@pytest.mark.e2e
def test_supervisor_records_a_check_in_and_sees_the_score_move(team_objective, page):
    objective, kr = team_objective
    login(page, "supervisor_a")
    page.goto("/okr/")
    page.click(f"#objective-{objective.code} a")
    page.wait_for_url(f"**/okr/objectives/{objective.code}/")
    score = page.locator("#objective-score .okr-score-value")
    # (48 / 120 = 0.4) and ((4 − 3) / 2 = 0.5): mean 0.45
    assert score.inner_text() == "0,45"  # Indonesian notation

    page.click(f"#kr-{kr.pk} a[href$='/check-in/']")
    page.wait_for_url(f"**/okr/key-results/{kr.pk}/check-in/")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_value", "90")
    page.fill("#id_confidence", "8")
    page.fill("#id_note", "Program diskon reaktivasi jalan")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"**/okr/objectives/{objective.code}/")

    # 90 / 120 = 0.75 and 0.5: mean 0.625 → 0.63 half up
    assert score.inner_text() == "0,63"
    assert page.locator(f"#kr-{kr.pk} .okr-score-value").inner_text() == "0,75"
    history = page.locator(f"#kr-{kr.pk} table.check-ins tbody tr").first.inner_text()
    assert "20 Nov 2026" in history  # the Indonesian page's one date style (DATE_FORMAT)
    assert "Program diskon reaktivasi jalan" in history
    assert "8/10" in history


@pytest.mark.e2e
def test_check_in_form_shows_the_field_error_in_the_browser(team_objective, page):
    objective, kr = team_objective
    login(page, "supervisor_a")
    page.goto(f"/okr/key-results/{kr.pk}/check-in/")
    page.fill("#id_date", "2027-01-05")
    page.fill("#id_value", "90")
    page.fill("#id_confidence", "8")
    page.click("form button[type=submit].btn-primary")
    assert "2026-10-01" in page.locator(".errorlist").first.inner_text()
    assert kr.check_ins.count() == 1

"""Real headless Chromium: a manager builds a scorecard template (watching the weight total reach
100), sets targets in the grid, recomputes and opens a salesman's scorecard."""

from datetime import date

import pytest

from tests.conftest import login
from tests.outlets.factories import set_metric

JUNE = date(2026, 6, 1)


@pytest.fixture
def kpi_world(transactional_db):
    from kpi.models import KRA, KPIDefinition
    from tests.factories import World

    world = World()
    kras = {name: KRA.objects.create(name=name) for name in ("Revenue & Volume", "Coverage")}
    kpis = {}
    for code, name, kra, unit in (
        ("revenue", "Omzet", "Revenue & Volume", "Rp"),
        ("new_outlets", "Outlet baru", "Coverage", "outlet"),
        ("visits_per_day", "Kunjungan per hari", "Coverage", "visit/day"),
    ):
        kpis[code] = KPIDefinition.objects.create(
            code=code,
            name_id=name,
            name_en=code,
            kra=kras[kra],
            unit=unit,
            source=f"metric:{code}",
        )
    for metric, value in (("revenue", 550_000_000), ("new_outlets", 35), ("visits_per_day", 20)):
        set_metric(salesman=world.andi, month=JUNE, metric=metric, value=value)
    return world, kpis


@pytest.mark.e2e
def test_manager_builds_a_template_sets_targets_and_opens_a_scorecard(kpi_world, page):
    world, kpis = kpi_world
    login(page, "manager_a")

    # 1. The template, with the live weight total.
    page.goto("/kpi/templates/new/")
    page.fill("#id_code", "GT-SALESMAN")
    page.fill("#id_name", "Scorecard Salesman GT")
    page.select_option("#id_role", "salesman")
    page.select_option("#id_channel", "GT")
    page.select_option("#id_rounding", "exact")
    page.select_option("#id_items-0-kpi", str(kpis["revenue"].pk))
    page.fill("#id_items-0-weight", "50")
    page.fill("#id_items-0-cap", "150")
    total = page.locator("#weight-total")
    assert total.inner_text() == "50"
    assert "text-danger" in total.get_attribute("class")
    page.select_option("#id_items-1-kpi", str(kpis["new_outlets"].pk))
    page.fill("#id_items-1-weight", "30")
    page.fill("#id_items-1-cap", "150")
    assert total.inner_text() == "80"
    page.click("#add-item")
    page.select_option("#id_items-2-kpi", str(kpis["visits_per_day"].pk))
    page.fill("#id_items-2-weight", "20")
    page.fill("#id_items-2-cap", "120")
    assert total.inner_text() == "100"
    assert "text-success" in total.get_attribute("class")
    page.click("#save-template")
    page.wait_for_url("**/kpi/templates/")
    assert "GT-SALESMAN" in page.locator("#template-table").inner_text()

    # 2. Andi's targets for June in the grid.
    page.goto("/kpi/targets/?month=2026-06")
    # typed the Indonesian way, shown back the same way
    for code, value in (
        ("revenue", "500.000.000"),
        ("new_outlets", "30"),
        ("visits_per_day", "18"),
    ):
        page.fill(f"#v-{world.andi.id}-{kpis[code].id}", value)
    page.click("#save-targets")
    page.wait_for_selector(".alert-success")
    assert page.input_value(f"#v-{world.andi.id}-{kpis['revenue'].id}") == "500.000.000"

    # 3. Recompute June and open Andi's scorecard from the team table.
    page.goto("/kpi/scorecards/?month=2026-06")
    page.click("#compute")
    page.wait_for_selector("#scorecard-table")
    page.click("#scorecard-table a:text-is('A1')")
    page.wait_for_url("**/kpi/scorecards/A1/2026-06/")
    assert page.locator("#scorecard-total").inner_text() == "112,22"
    rows = page.locator("#scorecard-rows tbody tr")
    assert rows.count() == 3
    assert "Rp 550.000.000" in rows.nth(0).inner_text()
    assert page.locator("#scorecard-rows .final-score").all_inner_texts() == [
        "55,00",
        "35,00",
        "22,22",
    ]


@pytest.mark.e2e
def test_score_a_sheet_answers_as_the_manager_types(kpi_world, page):
    login(page, "manager_a")
    page.goto("/kpi/sheet/")
    page.fill("[name=r0-kpi]", "Sales growth")
    page.fill("[name=r0-weight]", "19")
    page.fill("[name=r0-target]", "20")
    page.fill("[name=r0-actual]", "27")
    row = page.locator("tr.sheet-row").nth(0)
    # an Indonesian page: the API's 25.65 is shown as 25,65
    page.wait_for_function("() => document.getElementById('sheet-total').textContent === '25,65'")
    assert row.locator(".score").inner_text() == "135,00"
    assert row.locator(".final-score").inner_text() == "25,65"
    page.select_option("[name=rounding]", "row")
    page.wait_for_function("() => document.getElementById('sheet-total').textContent === '26'")
    assert row.locator(".score").inner_text() == "135"
    # A lower-is-better row without a cap: the API's 400 names the field on the page.
    page.fill("[name=r1-kpi]", "Cost")
    page.fill("[name=r1-weight]", "10")
    page.select_option("[name=r1-direction]", "lower")
    page.fill("[name=r1-target]", "2,5")  # an Indonesian page
    page.fill("[name=r1-actual]", "2,4")
    errors = page.locator("#sheet-errors")
    errors.wait_for(state="visible")
    assert "Cost · cap" in errors.inner_text()


@pytest.mark.e2e
def test_the_articles_supervisor_sheet_scores_114_live(kpi_world, page):
    login(page, "manager_a")
    page.goto("/kpi/sheet/")
    page.click("#example-supervisor")
    page.wait_for_function("() => document.getElementById('sheet-total').textContent === '114'")
    finals = page.locator("tr.sheet-row .final-score").all_inner_texts()
    assert finals[:5] == ["28", "23", "20", "18", "25"]

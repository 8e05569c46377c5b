"""In real headless Chromium: the pick lists typed with suggestions from the API instead of
selects of every option (static/js/salesman_search.js) — HR's team filter on the team overview
when there are more than 50 teams, and the outlet list's salesman filter."""

from io import StringIO

import pytest
from playwright.sync_api import expect

from kpi.overview import PICK_LIST_MAX
from org import demo as org_demo
from org.models import Channel
from tests.conftest import login
from tests.factories import SalesmanFactory, TeamFactory


@pytest.fixture
def demo_with_many_teams(transactional_db):
    """The demo's people, and one salesman in each of PICK_LIST_MAX more teams."""
    org_demo.seed(out=StringIO())
    for number in range(PICK_LIST_MAX):
        team = TeamFactory(name=f"Area {number:02d}", channel=Channel.GT)
        SalesmanFactory(code=f"area{number:02d}", name=f"Salesman {number:02d}", team=team)


def suggestions(page, selector: str) -> list[str]:
    return [option.get_attribute("value") for option in page.locator(selector).all()]


@pytest.mark.e2e
def test_hr_types_a_team_with_suggestions_and_filters_the_overview(demo_with_many_teams, page):
    login(page, "hana", "kinerja-demo")
    page.goto("/kpi/overview/")
    assert page.locator('select[name="team"]').count() == 0
    page.locator("#team-search").press_sequentially("Area 0", delay=20)
    # every word typed, in any order (the API's search): "Area" and "0"
    expect(page.locator("#team-options option")).to_have_count(14)
    found = set(suggestions(page, "#team-options option"))
    assert found == {f"Area 0{n}" for n in range(10)} | {f"Area {n}0" for n in range(1, 5)}
    page.fill("#team-search", "area 07")
    page.click('#overview-form button[type="submit"]')
    page.wait_for_url("**team=area+07**")
    assert page.locator("#team-search").input_value() == "Area 07"
    codes = page.locator("#pace-table tbody tr td:first-child").all_inner_texts()
    assert codes == ["area07"]


@pytest.mark.e2e
def test_the_outlet_lists_salesman_filter_suggests_the_supervisors_people(
    demo_with_many_teams, page
):
    login(page, "sari", "kinerja-demo")
    page.goto("/outlets/")
    field = page.locator('input[name="salesman"]')
    field.press_sequentially("an", delay=20)
    expect(page.locator("#salesman-options option").first).to_be_attached()
    found = suggestions(page, "#salesman-options option")
    assert "andi" in found
    assert not any(code.startswith("area") for code in found)  # not in Sari's team

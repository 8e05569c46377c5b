"""In real headless Chromium: the demo manager logs in, sees the teams, switches language."""

import pytest
from django.core.management import call_command

from tests.conftest import login


@pytest.fixture
def demo(transactional_db):
    from io import StringIO

    call_command("seed_demo", stdout=StringIO())


@pytest.mark.e2e
def test_manager_logs_in_sees_teams_and_switches_language(demo, page):
    login(page, "maya", "kinerja-demo")
    assert page.locator("h1").first.inner_text().startswith("Halo")

    page.click("#nav-group-org")
    page.click("#nav-teams")
    page.wait_for_url("**/teams/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "GT Jakarta Timur" in rows.nth(0).inner_text()
    assert "MT Jabodetabek" in rows.nth(1).inner_text()
    assert page.locator("h1").inner_text() == "Tim"

    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("h1").inner_text() == "Teams"
    assert page.locator("html").get_attribute("lang") == "en"

    with page.expect_navigation():
        page.select_option("#language-select", "id")
    assert page.locator("h1").inner_text() == "Tim"


@pytest.mark.e2e
def test_salesman_sees_only_himself_in_people(demo, phone_page):
    login(phone_page, "andi", "kinerja-demo")
    phone_page.goto("/people/")
    rows = phone_page.locator("table tbody tr")
    assert rows.count() == 1
    assert "andi" in rows.first.inner_text()
    response = phone_page.goto("/people/budi/")
    assert response.status == 404


@pytest.mark.e2e
def test_wrong_password_is_refused(demo, page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "maya")
    page.fill("#id_password", "nope")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger").is_visible()

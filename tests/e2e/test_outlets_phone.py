"""In real headless Chromium on a phone-sized screen: no page of the field scrolls sideways as a
whole (wide tables scroll inside their own box)."""

import pytest

from tests.conftest import login

PAGE_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def field(transactional_db):
    from tests.factories import World
    from tests.outlets.factories import build_field

    return build_field(World())


@pytest.mark.e2e
def test_the_field_pages_fit_a_phone(field, phone_page):
    login(phone_page, "supervisor_a")
    urls = [
        "/outlets/",
        "/outlets/o/OA/",
        "/outlets/metrics/A1/2026-06/",
        f"/outlets/teams/{field.team_a.pk}/2026-06/",
        "/outlets/import/",
    ]
    for url in urls:
        response = phone_page.goto(url)
        assert response.status == 200, url
        assert phone_page.locator("table").count() >= 1, url
        assert phone_page.evaluate(PAGE_OVERFLOW) <= 0, url
    # The metrics page holds all 22 metrics of the catalogue, readable on the phone.
    phone_page.goto("/outlets/metrics/A1/2026-06/")
    assert (
        phone_page.locator("#metric-table tbody tr").count() == 22
    )  # the catalogue: 20 metrics + lines_per_call and outlet_coverage
    assert phone_page.locator('tr[data-metric="revenue"] td.num').inner_text() == "Rp 150.000"

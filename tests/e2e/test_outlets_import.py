"""In real headless Chromium: a supervisor imports outlets, meets a bad row, fixes it, imports."""

import pytest

from tests.conftest import login

HEADER = "code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by\n"
GOOD = "O100,Warung Bu Siti,GT,warung,Jakarta Timur,A1,false,2026-05-03,A1\n"
BAD = "O101,Toko Jaya,GT,toko,Bekasi,A2,no,2026-05-32,A2\n"
FIXED = "O101,Toko Jaya,GT,toko,Bekasi,A2,no,2026-05-30,A2\n"


@pytest.fixture
def people(transactional_db):
    from tests.factories import World

    return World()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.e2e
def test_supervisor_fixes_a_bad_row_and_imports_outlets(people, page, tmp_path):
    from outlets.models import Outlet

    bad_file = tmp_path / "outlets.csv"
    bad_file.write_text(HEADER + GOOD + BAD)
    fixed_file = tmp_path / "outlets-fixed.csv"
    fixed_file.write_text(HEADER + GOOD + FIXED)

    login(page, "supervisor_a")
    page.goto("/outlets/import/")
    page.select_option("#id_kind", "outlets")
    page.set_input_files("#id_file", str(bad_file))
    page.click("#import-check")

    # The dry run names the bad row, column and value; nothing is stored, nothing to confirm.
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    cells = errors.first.locator("td").all_inner_texts()
    assert cells[:3] == ["3", "acquired_on", "2026-05-32"]
    assert "YYYY-MM-DD" in cells[3]
    assert page.locator("#import-confirm").count() == 0
    assert not Outlet.objects.exists()

    # The corrected file passes the dry run; confirming imports both outlets.
    page.select_option("#id_kind", "outlets")
    page.set_input_files("#id_file", str(fixed_file))
    page.click("#import-check")
    assert page.locator("#count-created").inner_text() == "2"
    assert not Outlet.objects.exists()
    page.click("#import-confirm")
    page.wait_for_selector("#import-summary.alert-success")
    assert page.locator("#count-created").inner_text() == "2"

    outlet = Outlet.objects.select_related("salesman", "territory").get(code="O101")
    assert outlet.name == "Toko Jaya"
    assert outlet.salesman.code == "A2"
    assert outlet.territory.name == "Bekasi"
    assert str(outlet.acquired_on) == "2026-05-30"
    assert Outlet.objects.count() == 2

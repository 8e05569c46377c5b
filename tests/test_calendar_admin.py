"""The company calendar kept by HR and admins (docs/contracts.md "Working days"): the page and
its forms, `/api/v1/holidays/`, the `holidays` import kind; every change audited; anyone else
gets 404."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from org import calendar
from org.models import AuditEntry, CompanyDayOff
from outlets.imports import import_file

pytestmark = pytest.mark.django_db


def client_of(client, user):
    client.force_login(user)
    return client


def test_hr_adds_edits_and_deletes_a_day_off_in_the_browser(client, world):
    client_of(client, world.hr)
    page = client.get(reverse("org:calendar") + "?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hari Kemerdekaan" in text or "Independence Day" in text
    response = client.post(
        reverse("org:day-off-add"), {"date": "2026-08-18", "name": "Cuti bersama", "working": ""}
    )
    assert response.status_code == 302
    day_off = CompanyDayOff.objects.get(date=date(2026, 8, 18))
    assert day_off.created_by == world.hr
    assert calendar.working_days(date(2026, 8, 1)) == 23
    # The public holiday of 25 August turned into a working day.
    client.post(
        reverse("org:day-off-edit", args=[day_off.pk]),
        {"date": "2026-08-25", "name": "Masuk kerja", "working": "on"},
    )
    assert calendar.working_days(date(2026, 8, 1)) == 25  # 26 − 17 August
    page = client.get(reverse("org:calendar") + "?year=2026").content.decode()
    assert "Masuk kerja" in page
    client.post(reverse("org:day-off-delete", args=[day_off.pk]))
    assert not CompanyDayOff.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_type="org.companydayoff")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "calendar.day_off.create",
        "calendar.day_off.update",
        "calendar.day_off.delete",
    ]


def test_a_duplicate_date_is_refused_on_the_form(client, world):
    CompanyDayOff.objects.create(date=date(2026, 8, 18), name="Cuti")
    client_of(client, world.admin)
    response = client.post(reverse("org:day-off-add"), {"date": "2026-08-18", "name": "Again"})
    assert response.status_code == 200
    assert "date" in response.context["form"].errors


@pytest.mark.parametrize("who", ["andi", "supervisor_a", "manager_a"])
def test_others_get_404(client, world, who):
    day_off = CompanyDayOff.objects.create(date=date(2026, 8, 18), name="Cuti")
    user = getattr(world, who)
    user = getattr(user, "user", user)  # a salesman's login
    client_of(client, user)
    assert client.get(reverse("org:calendar")).status_code == 404
    assert client.get(reverse("org:day-off-edit", args=[day_off.pk])).status_code == 404
    assert client.post(reverse("org:day-off-delete", args=[day_off.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/holidays/").status_code == 404
    assert api.post("/api/v1/holidays/", {"date": "2026-08-19", "name": "x"}).status_code == 404
    assert CompanyDayOff.objects.count() == 1


def test_the_holidays_api(world):
    api = APIClient()
    api.force_authenticate(world.hr)
    created = api.post(
        "/api/v1/holidays/", {"date": "2026-08-18", "name": "Cuti bersama"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["working"] is False and created.json()["created_by"] == "hr"
    api.post(
        "/api/v1/holidays/",
        {"date": "2025-12-26", "name": "Boxing", "working": False},
        format="json",
    )
    listed = api.get("/api/v1/holidays/?year=2026").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(row["date"], row["name"]) for row in rows] == [("2026-08-18", "Cuti bersama")]
    duplicate = api.post("/api/v1/holidays/", {"date": "2026-08-18", "name": "Again"})
    assert duplicate.status_code == 400 and "date" in duplicate.json()
    bad = api.post("/api/v1/holidays/", {"date": "18-08-2026", "name": "Bad"})
    assert bad.status_code == 400 and "date" in bad.json()
    nameless = api.post("/api/v1/holidays/", {"date": "2026-08-19"})
    assert nameless.status_code == 400 and "name" in nameless.json()
    pk = created.json()["id"]
    assert api.delete(f"/api/v1/holidays/{pk}/").status_code == 204
    assert not CompanyDayOff.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(action="calendar.day_off.delete").count() == 1


def test_the_holidays_import_kind(world, tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text(
        "date,name,working\n2026-08-18,Cuti bersama,false\n2026-08-25,Masuk kerja,true\n"
    )
    report = import_file(kind="holidays", path=path)
    assert report.ok and (report.created, report.updated) == (2, 0)
    assert calendar.working_days(date(2026, 8, 1)) == 24  # 26 − 17th − 18th; the 25th worked
    again = import_file(kind="holidays", path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,name,working\n2026-13-01,Nope,maybe\n")
    report = import_file(kind="holidays", path=bad)
    assert not report.ok
    assert {(e.row, e.column) for e in report.errors} == {(2, "date"), (2, "working")}
    assert CompanyDayOff.objects.count() == 2


def test_only_hr_and_admins_may_import_holidays(world):
    from outlets.imports import get_kind

    kind = get_kind("holidays")
    assert kind.allowed_for(world.hr) and kind.allowed_for(world.admin)
    assert not kind.allowed_for(world.manager_a)

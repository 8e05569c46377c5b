"""The import page (upload → dry run → confirm, each run an import job) and
`POST /api/v1/imports/` (synchronous up to IMPORT_SYNC_MAX_BYTES; jobs: test_import_jobs.py)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from outlets.models import ImportJob, Outlet, Product, Visit

OUTLETS = (
    "code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by\n"
    "O1,Warung Bu Siti,GT,warung,Jakarta Timur,A1,false,2026-05-03,A1\n"
    "O2,Toko Jaya,GT,toko,Bekasi,A2,no,,\n"
)
BAD_OUTLETS = OUTLETS.replace("O2,Toko Jaya,GT", "O2,Toko Jaya,XX")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def stored_uploads(settings) -> list[Path]:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(directory.iterdir()) if directory.exists() else []


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST, run the job it queues (Celery is eager in tests, as without a broker) and open the
    page it redirects to: (the POST's response, the job page's or None)."""

    def send(client, url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data, **extra)
        if response.status_code != 302:
            return response, None
        return response, client.get(response["Location"], **extra)

    return send


# --- page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["andi", "hr"])
def test_only_managers_supervisors_and_admins_reach_the_page(client, world, name):
    user = world.andi.user if name == "andi" else world.hr
    client.force_login(user)
    assert client.get("/outlets/import/").status_code == 403
    response = client.post(
        "/outlets/import/", {"kind": "outlets", "file": upload("o.csv", OUTLETS)}
    )
    assert response.status_code == 403
    assert client.post("/outlets/import/jobs/1/confirm/").status_code == 403
    assert Outlet.objects.count() == 0


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/outlets/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_kinds_offered_depend_on_the_role(client, world):
    client.force_login(world.supervisor_a)
    choices = dict(client.get("/outlets/import/").context["form"].fields["kind"].choices)
    assert {"outlets", "visits", "orders", "audits"} <= set(choices)
    assert "products" not in choices and "salesmen" not in choices
    client.force_login(world.admin)
    choices = dict(client.get("/outlets/import/").context["form"].fields["kind"].choices)
    assert {"salesmen", "products", "outlets"} <= set(choices)


def test_the_kind_of_the_link_is_preselected(client, world):
    client.force_login(world.manager_a)
    page = client.get("/outlets/import/?kind=targets").content.decode()
    assert '<option value="targets" selected>' in page
    page = client.get("/outlets/import/").content.decode()
    assert '<option value="" selected>' in page and '<option value="targets" selected>' not in page
    # a kind the user may not import is not preselected (nor offered)
    page = client.get("/outlets/import/?kind=salesmen").content.decode()
    assert 'value="salesmen"' not in page


def test_dry_run_then_confirm_imports_the_same_upload(client, world, settings, send):
    client.force_login(world.supervisor_a)
    response, page = send(
        client, "/outlets/import/", {"kind": "outlets", "file": upload("o.csv", OUTLETS)}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/outlets/import/jobs/{job.pk}/"
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.ok, report.rows, report.created) == (True, 2, 2)
    assert Outlet.objects.count() == 0  # a dry run stores nothing
    assert 'id="import-confirm">Konfirmasi impor</button>' in page.content.decode()
    assert (job.status, job.dry_run, job.rows_processed, job.rows_total) == ("checked", True, 2, 2)
    assert (job.file_name, job.uploaded_by, job.kind) == ("o.csv", world.supervisor_a, "outlets")
    assert [path.name for path in stored_uploads(settings)] == [job.path]
    assert b'http-equiv="refresh"' not in page.content  # nothing left to wait for

    response, page = send(client, f"/outlets/import/jobs/{job.pk}/confirm/", {})
    assert response["Location"] == f"/outlets/import/jobs/{job.pk}/"
    assert page.context["done"] is True
    assert page.context["report"].created == 2
    assert set(Outlet.objects.values_list("code", flat=True)) == {"O1", "O2"}
    assert stored_uploads(settings) == []  # deleted after the confirmation
    job.refresh_from_db()
    assert (job.status, job.dry_run, job.path) == ("done", False, "")
    assert job.finished_at is not None
    # Confirming twice imports nothing more: the upload is gone.
    response = client.post(f"/outlets/import/jobs/{job.pk}/confirm/")
    assert response.status_code == 302 and response["Location"] == "/outlets/import/"
    assert Outlet.objects.count() == 2


def test_bad_rows_are_listed_and_nothing_waits_for_confirmation(client, world, settings, send):
    client.force_login(world.manager_a)
    _response, page = send(
        client, "/outlets/import/", {"kind": "outlets", "file": upload("o.csv", BAD_OUTLETS)}
    )
    errors = [(e.row, e.column, e.value) for e in page.context["report"].errors]
    assert errors == [(3, "channel", "XX")]
    assert b"<td>XX</td>" in page.content
    assert page.context["may_confirm"] is False
    assert b'id="import-confirm"' not in page.content
    assert ImportJob.objects.get().status == "refused"
    assert stored_uploads(settings) == []
    assert Outlet.objects.count() == 0


def test_someone_elses_job_cannot_be_confirmed(client, world, settings, send):
    client.force_login(world.supervisor_a)
    send(client, "/outlets/import/", {"kind": "outlets", "file": upload("o.csv", OUTLETS)})
    job = ImportJob.objects.get()
    for user in (world.manager_b, world.manager_a, world.admin):
        other = type(client)()
        other.force_login(user)
        response = other.post(f"/outlets/import/jobs/{job.pk}/confirm/")
        assert response.status_code == 404
    assert Outlet.objects.count() == 0
    assert len(stored_uploads(settings)) == 1  # still waiting for its owner
    assert ImportJob.objects.get().status == "checked"


def test_unusable_file_is_named_on_the_file_field(client, world, settings):
    client.force_login(world.supervisor_a)
    png = b"\x89PNG\r\n\x1a\n" + bytes(50)
    response = client.post("/outlets/import/", {"kind": "outlets", "file": upload("x.png", png)})
    assert response.status_code == 400
    # The site speaks Indonesian unless the browser asks otherwise.
    assert response.context["form"].errors == {"file": ["Berkas bukan berkas CSV atau XLSX."]}
    response = client.post(
        "/outlets/import/",
        {"kind": "outlets", "file": upload("x.png", png)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["form"].errors == {"file": ["The file is not a CSV or XLSX file."]}
    # Refused before any job: no job, no file kept.
    assert ImportJob.objects.count() == 0
    assert stored_uploads(settings) == []
    response = client.post(
        "/outlets/import/", {"kind": "products", "file": upload("o.csv", OUTLETS)}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["kind"]  # not a kind a supervisor imports


def test_oversize_upload_is_refused(client, world, settings):
    settings.IMPORT_MAX_BYTES = 50
    client.force_login(world.admin)
    response = client.post(
        "/outlets/import/", {"kind": "outlets", "file": upload("o.csv", OUTLETS)}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["file"]
    assert stored_uploads(settings) == []


# --- API ----------------------------------------------------------------------------------------


def api_for(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def test_api_imports_a_clean_file(world):
    api = api_for(world.supervisor_a)
    response = api.post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json() == {
        "kind": "outlets",
        "dry_run": False,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "error_count": 0,
        "errors": [],
    }
    assert Outlet.objects.count() == 2


def test_api_dry_run_stores_nothing(world):
    api = api_for(world.admin)
    content = "sku,name,category,new_product\nP1,Teh,Minuman,false\n"
    response = api.post(
        "/api/v1/imports/",
        {"kind": "products", "file": upload("p.csv", content), "dry_run": "true"},
        format="multipart",
    )
    assert response.status_code == 200
    assert (response.json()["dry_run"], response.json()["created"]) == (True, 1)
    assert Product.objects.count() == 0


def test_api_bad_rows_answer_400_with_every_row(world):
    api = api_for(world.manager_a)
    content = "visit_id,date,salesman,outlet\nV1,2026-02-30,A1,O1\nV2,2026-05-03,B1,O1\n"
    api.post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    response = api.post(
        "/api/v1/imports/", {"kind": "visits", "file": upload("v.csv", content)}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "column": "date", "value": "2026-02-30", "reason": "not a date (YYYY-MM-DD)"},
        # B1 is in manager_b's team: outside manager_a's scope, so unknown to him.
        {"row": 3, "column": "salesman", "value": "B1", "reason": "unknown salesman code"},
    ]
    assert Visit.objects.count() == 0


def test_api_names_the_field_for_a_bad_kind_or_file(world):
    api = api_for(world.admin)
    response = api.post(
        "/api/v1/imports/",
        {"kind": "shipments", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]
    response = api.post("/api/v1/imports/", {"kind": "outlets"}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    response = api.post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", "a,b\n1,2\n")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "Wrong header for outlets: missing column(s): code, name, channel, type, territory, "
            "salesman, key_account, acquired_on, acquired_by; unknown column(s): a, b. Expected: "
            "code,name,channel,type,territory,salesman,key_account,acquired_on,acquired_by."
        ]
    }


@pytest.mark.parametrize("name", ["andi", "hr"])
def test_api_refuses_other_roles(world, name):
    user = world.andi.user if name == "andi" else world.hr
    response = api_for(user).post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    assert response.status_code == 403
    assert Outlet.objects.count() == 0


def test_api_refuses_anonymous(db):
    response = APIClient().post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    assert response.status_code in (401, 403)


def test_api_leaves_no_file_behind(world, settings):
    api_for(world.admin).post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    assert stored_uploads(settings) == []


def test_api_takes_an_xlsx_file(world, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for line in OUTLETS.strip().splitlines():
        workbook.active.append(line.split(","))
    path = tmp_path / "outlets.xlsx"
    workbook.save(path)
    response = api_for(world.supervisor_a).post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": SimpleUploadedFile("outlets.xlsx", path.read_bytes())},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["rows"], response.json()["created"]) == (2, 2)
    assert Outlet.objects.get(code="O2").territory.name == "Bekasi"


def test_page_and_api_refuse_rows_of_a_locked_month(client, world, send):
    from datetime import date

    from django.utils import timezone

    from org.models import Period

    Period.objects.create(month=date(2026, 5, 1), locked_at=timezone.now())
    client.force_login(world.supervisor_a)
    _response, page = send(
        client,
        "/outlets/import/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert [(e.row, e.column, e.value, e.reason) for e in page.context["report"].errors] == [
        (2, "acquired_on", "2026-05-03", "month 2026-05 is locked")
    ]
    assert ImportJob.objects.get().status == "refused"
    response = api_for(world.supervisor_a).post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": upload("o.csv", OUTLETS)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "row": 2,
            "column": "acquired_on",
            "value": "2026-05-03",
            "reason": "month 2026-05 is locked",
        }
    ]
    assert Outlet.objects.count() == 0

"""Import jobs (outlets/imports/jobs.py): files above IMPORT_SYNC_MAX_BYTES through the API,
every upload of the page; their progress, who sees them, and no file left behind in any end."""

import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from kombu.exceptions import OperationalError as BrokerError
from rest_framework.test import APIClient

from outlets import tasks
from outlets.imports import import_file, jobs
from outlets.models import ImportJob, Outlet
from tests.outlets.test_import_pages import OUTLETS, stored_uploads, upload

HEADER = OUTLETS.splitlines()[0]


def outlets_csv(count: int) -> str:
    rows = [f"O{n},Warung {n},GT,warung,Jakarta Timur,A1,false,," for n in range(1, count + 1)]
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api_post(django_capture_on_commit_callbacks):
    """POST a file to the API as `user`, running the job it queues (Celery eager)."""

    def post(user, name, content, **data):
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.force_authenticate(user)
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(
                "/api/v1/imports/",
                {"file": upload(name, content), **data},
                format="multipart",
            )

    return post


def api_get(user, url):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api.get(url)


# --- the service's progress ---------------------------------------------------------------------


def test_progress_is_told_after_the_header_and_every_n_rows(world, settings, tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(outlets_csv(7))
    calls = []
    report = import_file(
        kind="outlets",
        path=path,
        by=world.supervisor_a,
        progress=lambda rows, total: calls.append((rows, total)),
        progress_every=3,
    )
    assert report.ok and report.created == 7
    # A CSV announces no total: None (the job counts the lines itself).
    assert calls == [(0, None), (3, None), (6, None)]


# --- the API: 202 above the threshold ----------------------------------------------------------


def test_api_runs_a_file_above_the_threshold_as_a_job(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 100
    content = outlets_csv(3)
    assert len(content.encode()) == 219  # 78 bytes of header, 3 rows of 47: a job
    response = api_post(world.supervisor_a, "o.csv", content, kind="outlets")
    assert response.status_code == 202
    job = ImportJob.objects.get()
    body = response.json()
    url = f"http://testserver/api/v1/imports/{job.pk}/"
    assert response["Location"] == url
    assert body["url"] == url
    # The task is queued when the request's transaction commits (here: after the answer).
    assert (body["status"], body["kind"], body["file_name"], body["dry_run"]) == (
        "queued",
        "outlets",
        "o.csv",
        False,
    )
    assert (body["rows_processed"], body["rows_total"], body["result"]) == (0, None, None)
    assert Outlet.objects.count() == 3
    assert stored_uploads(settings) == []

    status = api_get(world.supervisor_a, url)
    assert status.status_code == 200
    body = status.json()
    assert (body["status"], body["rows_processed"], body["rows_total"]) == ("done", 3, 3)
    assert body["uploaded_by"] == "supervisor_a"
    assert body["result"] == {
        "kind": "outlets",
        "dry_run": False,
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "error_count": 0,
        "errors": [],
    }


def test_api_keeps_the_synchronous_answer_up_to_the_threshold(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 219
    response = api_post(world.supervisor_a, "o.csv", outlets_csv(3), kind="outlets")
    assert response.status_code == 200
    assert response.json()["created"] == 3
    assert ImportJob.objects.count() == 0


def test_a_job_with_bad_rows_is_refused_with_every_bad_row(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 10
    content = outlets_csv(3).replace("O2,Warung 2,GT", "O2,Warung 2,XX")
    response = api_post(world.manager_a, "o.csv", content, kind="outlets", dry_run="true")
    assert response.status_code == 202
    body = api_get(world.manager_a, response["Location"]).json()
    assert body["status"] == "refused"
    assert body["dry_run"] is True
    assert body["result"]["error_count"] == 1
    assert body["result"]["errors"] == [
        {"row": 3, "column": "channel", "value": "XX", "reason": "channel must be GT or MT"}
    ]
    assert Outlet.objects.count() == 0
    assert stored_uploads(settings) == []


def test_a_file_refused_as_a_whole_never_becomes_a_job(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 10
    response = api_post(world.admin, "o.csv", "a,b\n1,2\n", kind="outlets")
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert ImportJob.objects.count() == 0
    assert stored_uploads(settings) == []


def test_a_job_sees_its_uploader_hr_and_admins_only(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 10
    response = api_post(world.manager_b, "o.csv", outlets_csv(1), kind="outlets", dry_run="true")
    url = response["Location"]
    for user in (world.manager_b, world.hr, world.admin):
        assert api_get(user, url).status_code == 200
    for user in (world.manager_a, world.supervisor_b, world.supervisor_a, world.dewi.user):
        assert api_get(user, url).status_code == 404
    assert APIClient().get(url).status_code in (401, 403)
    page = f"/outlets/import/jobs/{ImportJob.objects.get().pk}/"
    from django.test import Client

    for user, status in ((world.hr, 200), (world.manager_a, 404), (world.dewi.user, 404)):
        client = Client()
        client.force_login(user)
        assert client.get(page).status_code == status


# --- every end deletes the file ----------------------------------------------------------------


def test_a_file_unreadable_past_its_header_is_refused_and_deleted(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 10
    # The first 8 KB are good UTF-8 (they pass the check at upload); a bad byte after them. The
    # reader decodes 8,192 bytes at a time: the header (78 bytes) and 163 whole rows fit in the
    # first block, so the last row read is row 164 of the file.
    content = outlets_csv(300).encode() + b"O999,Warung \xff,GT,warung,Jakarta Timur,A1,false,,\n"
    response = api_post(world.admin, "o.csv", content, kind="outlets")
    assert response.status_code == 202
    body = api_get(world.admin, response["Location"]).json()
    assert body["status"] == "refused"
    assert body["result"] == {"message": "The file is not UTF-8 text (after row 164)."}
    assert stored_uploads(settings) == []
    assert Outlet.objects.count() == 0


def test_a_job_that_fails_keeps_no_file(world, settings, api_post, monkeypatch):
    settings.IMPORT_SYNC_MAX_BYTES = 10

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(jobs, "import_file", broken)
    response = api_post(world.admin, "o.csv", outlets_csv(2), kind="outlets")
    body = api_get(world.admin, response["Location"]).json()
    assert body["status"] == "failed"
    assert body["result"] == {
        "message": "The import failed unexpectedly; nothing was stored. Please try again later."
    }
    assert body["finished_at"] is not None
    assert stored_uploads(settings) == []


def test_a_job_that_cannot_be_queued_fails_and_keeps_no_file(
    world, settings, api_post, monkeypatch
):
    settings.IMPORT_SYNC_MAX_BYTES = 10

    def no_broker(*args, **kwargs):
        raise BrokerError("connection refused")

    monkeypatch.setattr(tasks.run_import_job, "delay", no_broker)
    response = api_post(world.admin, "o.csv", outlets_csv(2), kind="outlets")
    assert response.status_code == 202
    body = api_get(world.admin, response["Location"]).json()
    assert body["status"] == "failed"
    assert body["result"] == {
        "message": "The task queue cannot be reached: the file was not imported."
    }
    assert stored_uploads(settings) == []


def test_a_second_delivery_of_an_ended_job_does_nothing(world, settings, api_post):
    settings.IMPORT_SYNC_MAX_BYTES = 10
    api_post(world.admin, "o.csv", outlets_csv(2), kind="outlets")
    job = ImportJob.objects.get()
    assert tasks.run_import_job(job.pk) == "done"
    assert Outlet.objects.count() == 2


def test_a_new_upload_drops_the_dry_run_waiting_for_confirmation(
    client, world, settings, django_capture_on_commit_callbacks
):
    client.force_login(world.supervisor_a)
    for name in ("first.csv", "second.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/outlets/import/", {"kind": "outlets", "file": upload(name, OUTLETS)})
    first, second = ImportJob.objects.order_by("pk")
    assert (first.status, first.path) == ("checked", "")
    assert [path.name for path in stored_uploads(settings)] == [second.path]
    assert client.post(f"/outlets/import/jobs/{first.pk}/confirm/").status_code == 302
    assert Outlet.objects.count() == 0


# --- the job's page ---------------------------------------------------------------------------


def test_the_page_of_a_running_job_refreshes_itself_and_shows_the_rows(client, world):
    job = ImportJob.objects.create(
        kind="orders",
        file_name="orders.csv",
        path="x" * 32,
        status=ImportJob.Status.RUNNING,
        rows_processed=20_000,
        rows_total=50_000,
        uploaded_by=world.manager_a,
    )
    client.force_login(world.manager_a)
    response = client.get(f"/outlets/import/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "20,000 of about 50,000 rows checked." in html
    assert 'id="import-progress" value="20000" max="50000"' in html
    assert "<script>" not in html  # the CSP forbids inline scripts
    response = client.get(f"/outlets/import/jobs/{job.pk}/")
    assert "20.000 dari sekitar 50.000 baris sudah diperiksa." in response.content.decode()

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.REFUSED, result={"message": "The file is empty."}
    )
    response = client.get(f"/outlets/import/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert 'http-equiv="refresh"' not in html
    assert (
        '<div class="alert alert-danger" role="alert" id="import-refused">The file is empty.'
        in (html)
    )


# --- a real worker ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
# Progress is read from a second connection while the import's transaction is open: SQLite (the
# laptop default) allows one writer at a time and writes only the final counts there.
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="progress from a second connection: PostgreSQL"
)
def test_a_real_worker_imports_a_large_file_with_progress_seen_midway(
    celery_worker_redis, settings, monkeypatch
):
    """Through Redis and a real worker: the job's progress is readable from another connection
    while the import's transaction is still open, then the job is done and its file gone."""
    from tests.factories import World

    world = World()
    settings.IMPORT_SYNC_MAX_BYTES = 1000
    settings.IMPORT_PROGRESS_EVERY_ROWS = 1000
    seen = threading.Event()
    paused = threading.Event()
    write = jobs.ProgressWriter.__call__

    def write_then_wait(self, rows, total):
        write(self, rows, total)
        if rows == 1000:
            paused.set()
            assert seen.wait(timeout=30)

    monkeypatch.setattr(jobs.ProgressWriter, "__call__", write_then_wait)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(world.supervisor_a)
    response = api.post(
        "/api/v1/imports/",
        {"kind": "outlets", "file": SimpleUploadedFile("big.csv", outlets_csv(2500).encode())},
        format="multipart",
    )
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    url = response["Location"]

    assert paused.wait(timeout=30), "the worker never reported 1,000 rows"
    midway = api.get(url).json()
    assert (midway["status"], midway["rows_processed"], midway["rows_total"]) == (
        "running",
        1000,
        2500,
    )
    assert Outlet.objects.count() == 0  # the import's transaction is still open
    assert len(stored_uploads(settings)) == 1
    seen.set()

    deadline = time.monotonic() + 60
    while (body := api.get(url).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, body
        time.sleep(0.1)
    assert (body["status"], body["rows_processed"], body["rows_total"]) == ("done", 2500, 2500)
    assert body["result"]["created"] == 2500
    assert Outlet.objects.count() == 2500
    assert stored_uploads(settings) == []
    assert not list((Path(settings.MEDIA_ROOT) / "imports").iterdir())

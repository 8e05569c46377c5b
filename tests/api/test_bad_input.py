"""Bad input answers 4xx with a message naming the field, never 500 (issue 12 item 5): months out
of range, closes of a month that can no longer be closed, a close while the broker is down."""

import pytest
import redis
from django.utils import translation
from rest_framework.test import APIClient

from incentives.models import PayoutRun, RunStatus
from incentives.payouts.services import close_period
from org.periods import lock_month
from spm.celery import app
from tests.conftest import TEST_REDIS_URL
from tests.incentives.payout_factories import JUNE, andi_june

pytestmark = pytest.mark.django_db

MONTH_ERROR = "Enter a month as YYYY-MM (2000-01 to 2100-12), e.g. 2026-10."
BAD_MONTHS = ["2026-13", "2026-00", "0000-01", "1999-12", "2101-01", "2026-1", "26-01", ""]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def api_for(user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


@pytest.fixture
def june(world):
    andi_june(world)
    return close_period(month=JUNE)


@pytest.mark.parametrize("endpoint", ["targets", "actuals"])
@pytest.mark.parametrize("month", BAD_MONTHS)
def test_a_value_for_a_month_out_of_range_is_refused_naming_the_month(world, june, endpoint, month):
    response = api_for(world.manager_a).post(
        f"/api/v1/kpi/{endpoint}/",
        {"month": month, "salesman": "A1", "kpi": "revenue", "value": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"month": [MONTH_ERROR]}


def test_a_month_that_is_not_a_string_is_refused(world, june):
    response = api_for(world.manager_a).post(
        "/api/v1/kpi/targets/",
        {"month": 202606, "salesman": "A1", "kpi": "revenue", "value": 1},
        format="json",
    )
    assert (response.status_code, response.json()) == (400, {"month": [MONTH_ERROR]})


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/kpi/breakdown/?month={}&kpi=revenue&total=1000",
        "/api/v1/kpi/targets/?month={}",
        "/api/v1/kpi/actuals/?month={}",
        "/api/v1/kpi/scorecards/?month={}",
        "/api/v1/metrics/?month={}",
    ],
)
@pytest.mark.parametrize("month", ["2026-13", "2026-00", "0000-01"])
def test_a_month_out_of_range_in_a_query_is_refused_naming_the_month(world, june, path, month):
    response = api_for(world.manager_a).get(path.format(month))
    assert (response.status_code, response.json()) == (400, {"month": [MONTH_ERROR]})


def test_a_good_month_still_filters(world, june):
    response = api_for(world.manager_a).get("/api/v1/kpi/targets/?month=2026-06&kpi=revenue")
    assert response.status_code == 200
    assert [(t["month"], t["salesman"], t["value"]) for t in response.json()["results"]] == [
        ("2026-06", "A1", "500000000.0000")
    ]


def test_the_month_error_is_in_indonesian_for_an_indonesian_request(world, june):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    api.force_authenticate(world.manager_a)
    response = api.get("/api/v1/kpi/targets/?month=2026-13")
    assert response.json() == {
        "month": ["Isi bulan sebagai YYYY-MM (2000-01 sampai 2100-12), mis. 2026-10."]
    }


# The close: without a broker (eager, the settings' default), with one, and with it down.


def _close(world, month="2026-06"):
    return api_for(world.hr).post("/api/v1/payout-runs/close/", {"month": month}, format="json")


@pytest.mark.parametrize("month", ["2026-13", "0000-01"])
def test_closing_a_month_out_of_range_is_refused(world, month):
    response = _close(world, month)
    assert (response.status_code, response.json()) == (400, {"month": [MONTH_ERROR]})


def test_closing_a_locked_month_without_a_broker_is_a_conflict(
    world, june, django_capture_on_commit_callbacks
):
    lock_month(JUNE, by=world.hr)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _close(world)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "2026-06 is locked: its payout run is final and its data can no longer change."
    }
    assert callbacks == []


def test_closing_an_approved_month_without_a_broker_is_a_conflict(
    world, june, django_capture_on_commit_callbacks
):
    PayoutRun.objects.filter(pk=june.pk).update(status=RunStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _close(world)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The payout run of 2026-06 is Approved: it can no longer be recomputed."
    }
    assert callbacks == []


@pytest.fixture
def broker(request):
    """Celery out of eager mode, publishing to `request.param` (no worker consumes)."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=request.param, task_always_eager=False)
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    try:
        yield request.param
    finally:
        app.conf.update(saved)
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None


def _queued() -> int:
    return redis.Redis.from_url(TEST_REDIS_URL).llen("celery")


@pytest.mark.parametrize("broker", [TEST_REDIS_URL], indirect=True)
def test_with_a_broker_a_locked_month_is_refused_before_anything_is_queued(
    world, june, broker, django_capture_on_commit_callbacks
):
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    lock_month(JUNE, by=world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = _close(world)
    assert response.status_code == 409
    assert _queued() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = _close(world, "2026-07")
    assert (response.status_code, response.json()) == (202, {"detail": "queued"})
    assert _queued() == 1
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()


# Outside a test transaction, as in a request: the task is published inside the view.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker", ["redis://127.0.0.1:1/0"], indirect=True)
def test_with_the_broker_down_the_close_answers_503_and_does_nothing(world, broker):
    response = _close(world)
    assert response.status_code == 503
    assert response.json() == {
        "detail": "The task queue cannot be reached: 2026-06 was not queued. Try again later."
    }
    assert not PayoutRun.objects.exists()


def test_the_close_page_refuses_a_locked_month_with_its_reason(
    client, world, june, django_capture_on_commit_callbacks
):
    lock_month(JUNE, by=world.hr)
    client.force_login(world.hr)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/incentives/runs/close/", {"month": "2026-06"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 409
    assert callbacks == []
    assert "2026-06 is locked: its payout run is final" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broker", ["redis://127.0.0.1:1/0"], indirect=True)
def test_the_close_page_says_when_the_queue_is_down(client, world, broker):
    client.force_login(world.hr)
    response = client.post(
        "/incentives/runs/close/", {"month": "2026-06"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 503
    assert "The task queue cannot be reached: 2026-06 was not queued." in (
        response.content.decode()
    )

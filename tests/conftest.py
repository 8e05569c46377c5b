"""Shared fixtures: fast hashing, a real Celery worker on Redis, and headless Chromium."""

import os

import pytest

# Playwright's sync API keeps an event loop in the main thread; the ORM calls our tests make
# around it are plain synchronous calls, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test cached (a published refresh, a
    board, a battle) must not answer for another test's data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Messages built outside a request (services, commands) read in English in tests, whatever
    language an earlier request left active in this thread; pages still follow the middleware."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """Two teams, two managers, two supervisors, three salesmen, HR and admin."""
    from tests.factories import World

    return World()


@pytest.fixture
def celery_worker_redis(transactional_db):
    """A real Celery worker (in a thread) consuming from the local Redis.

    The app leaves eager mode for the test and returns to it afterwards. The test database is
    transactional so the worker's own connection sees committed rows.
    """
    import redis
    from celery.contrib.testing.worker import start_worker

    from spm.celery import app

    def forget_backend():
        # Celery caches the result backend and the broker connection pool it built from the
        # settings in force at first use (eager: no backend, default broker); drop both.
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(
        broker_url=TEST_REDIS_URL, result_backend=TEST_REDIS_URL, task_always_eager=False
    )
    forget_backend()
    try:
        with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
            yield app
    finally:
        app.conf.update(saved)
        forget_backend()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page, for the salesman's journey."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str = "pass") -> None:
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

"""The production shape: static files built with production settings (DEBUG=0, hashed names,
whitenoise), gunicorn serving the three journeys (manager, salesman, HR) behind what a TLS proxy
would send, with real sessions in headless Chromium; every page answers 200, its CSS and JS are
served under their hashed names, and the Content-Security-Policy blocks nothing on the page.
"""

import re
import subprocess
import sys
import urllib.request

import pytest

from tests.prod.conftest import BASE_DIR, child_env, database_url, free_port, stop, wait_until

# django_db: so that pytest-django creates the test database (it sets up only the databases
# that marked tests use).
pytestmark = [pytest.mark.prod, pytest.mark.e2e, pytest.mark.django_db]

SECRET = "production-shape-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
HASHED_ASSET = re.compile(r"/static/.+\.[0-9a-f]{12}\.(css|js)$")

# The main pages of each journey (docs/architecture.md: who does what).
JOURNEYS = {
    "maya": [
        "/",
        "/people/",
        "/teams/",
        "/kpi/targets/",
        "/kpi/scorecards/",
        "/kpi/templates/",
        "/okr/",
        "/incentives/plans/",
        "/incentives/runs/",
        "/audit/",
        "/api/docs/",
    ],
    "andi": [
        "/",
        "/kpi/scorecards/me/",
        "/incentives/statements/",
        "/okr/",
        "/outlets/metrics/",
    ],
    "hana": ["/", "/incentives/runs/", "/people/"],
}


@pytest.fixture(scope="module")
def demo_database(django_db_setup):
    """The demo, committed in the test database by `manage.py seed_demo` so that gunicorn's own
    connections see it; emptied again by `manage.py flush` afterwards, as a transactional test
    leaves it. Both run as commands of their own: this process keeps no connection open."""
    url = database_url()
    assert url.rsplit("/", 1)[1].startswith("test_"), url  # never the developer's database
    manage("seed_demo", env=child_env(DATABASE_URL=url))
    yield url
    manage("flush", "--noinput", env=child_env(DATABASE_URL=url))


def manage(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def production_server(demo_database, tmp_path_factory):
    """collectstatic with production settings into a fresh STATIC_ROOT, then gunicorn."""
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    env = child_env(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        # The browser talks plain HTTP to gunicorn; what Caddy adds is sent as headers, so the
        # HTTPS redirect, secure cookies and the CSRF origin check work as behind the proxy.
        TRUSTED_PROXY_COUNT="1",
        CSRF_TRUSTED_ORIGINS=origin,
        DATABASE_URL=demo_database,
        STATIC_ROOT=str(tmp_path_factory.mktemp("staticfiles")),
    )
    manage("collectstatic", "--noinput", env=env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "spm.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )

    def answers():
        if server.poll() is not None:
            pytest.fail("gunicorn exited:\n" + server.stdout.read())
        request = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
            f"{origin}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    try:
        wait_until(answers, timeout=30, what="gunicorn answering /accounts/login/")
        yield origin
    finally:
        output = stop(server)
        print(output)  # shown by pytest when a test failed


class Visit:
    """A browser session on the production server that records what the pages loaded and what
    the console reported."""

    def __init__(self, browser, origin):
        self.context = browser.new_context(
            base_url=origin,
            locale="id-ID",
            extra_http_headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
        )
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        self.assets: dict[str, tuple[int, str]] = {}
        self.console: list[str] = []
        self.page.on("response", self._response)
        self.page.on("console", lambda message: self.console.append(message.text))

    def _response(self, response):
        if "/static/" in response.url:
            self.assets[response.url] = (response.status, response.headers.get("content-type"))

    def open(self, path: str):
        response = self.page.goto(path)
        self.page.wait_for_load_state("load")
        return response

    def login(self, username: str):
        self.open("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "kinerja-demo")
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def csp_violations(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text]


def assert_assets_served(visit: Visit, *, css: int, js: int):
    """Every static file the pages loaded has a hashed name and came back 200 with its type."""
    styles = [url for url in visit.assets if url.endswith(".css")]
    scripts = [url for url in visit.assets if url.endswith(".js")]
    assert len(styles) >= css and len(scripts) >= js, visit.assets
    for url, (status, content_type) in visit.assets.items():
        if not url.endswith((".css", ".js")):
            continue
        assert HASHED_ASSET.search(url), f"not a hashed name: {url}"
        assert status == 200, (url, status)
        expected = "text/css" if url.endswith(".css") else "javascript"
        assert expected in content_type, (url, content_type)


def test_public_pages_and_admin_login_answer_200(production_server, browser):
    visit = Visit(browser, production_server)
    try:
        for path in ("/accounts/login/", "/admin/login/"):
            response = visit.open(path)
            assert response.status == 200, path
            assert "default-src 'self'" in response.headers["content-security-policy"]
            assert response.headers["strict-transport-security"].startswith("max-age=")
        assert_assets_served(visit, css=3, js=1)
        assert visit.csp_violations() == []
    finally:
        visit.context.close()


@pytest.mark.parametrize("username", list(JOURNEYS))
def test_each_journey_is_served_with_its_css_and_js(production_server, browser, username):
    visit = Visit(browser, production_server)
    try:
        visit.login(username)
        for path in JOURNEYS[username]:
            response = visit.open(path)
            assert response.status == 200, path
            assert "/accounts/login/" not in visit.page.url, path
            if path == "/api/docs/":
                # Swagger UI started (its script ran) and read the schema.
                visit.page.wait_for_selector(".swagger-ui .info")
        names = {url.rsplit("/", 1)[-1].split(".")[0] for url in visit.assets}
        assert {"bootstrap", "kinerja"} <= names
        assert_assets_served(visit, css=2, js=2)
        assert visit.csp_violations() == []
    finally:
        visit.context.close()

"""Security behind the proxy: the login throttling counts the client Caddy saw, not the proxy;
HTTPS is believed only from a trusted proxy; every page carries a Content-Security-Policy that
the templates keep to (no inline script, no inline event handler)."""

import re

import pytest
from django.test import RequestFactory

from spm.proxy import client_ip
from tests.factories import UserFactory
from tests.prod.conftest import BASE_DIR

PROXY = "172.18.0.5"  # the address gunicorn sees: Caddy's, for every client


def login(client, username, password, *, client_address):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
        HTTP_X_FORWARDED_PROTO="https",
    )


@pytest.mark.django_db
def test_failures_behind_the_proxy_lock_out_that_client_only(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_LOCKOUT_PARAMETERS = ["ip_address"]
    UserFactory(username="maya", role="manager")
    UserFactory(username="andi", role="salesman")
    for _ in range(5):
        login(client, "maya", "wrong", client_address="198.51.100.1")
    # The guesser is blocked, even with the right password...
    assert login(client, "maya", "pass", client_address="198.51.100.1").status_code == 429
    # ...and also when he writes another address in front of his own (Caddy appends the real one).
    assert (
        login(client, "andi", "pass", client_address="192.0.2.77, 198.51.100.1").status_code == 429
    )
    # Everyone else, reaching the app through the same proxy, signs in.
    client.cookies.clear()
    assert login(client, "andi", "pass", client_address="198.51.100.2").status_code == 302


def test_client_address_is_read_from_the_trusted_proxies_only(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77, 198.51.100.1, 10.0.0.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.1"
    # Around the proxy (no header): the connection's address.
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="203.0.113.4")) == "203.0.113.4"


def test_https_is_believed_only_behind_a_trusted_proxy(settings):
    # The test settings run with no proxy configured (TRUSTED_PROXY_COUNT unset: 0).
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    client.force_login(UserFactory(username="maya", role="manager"))
    for path in ("/accounts/login/", "/", "/api/docs/"):
        policy = client.get(path).headers["Content-Security-Policy"]
        directives = dict(
            part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip()
        )
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def test_no_template_has_an_inline_script_handler_or_style_element():
    templates = [
        path
        for path in BASE_DIR.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]
    assert len(templates) > 20
    offenders = []
    for path in templates:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE_ELEMENT):
            offenders += [
                f"{path.relative_to(BASE_DIR)}: {m.group(0)}" for m in pattern.finditer(text)
            ]
    assert offenders == []

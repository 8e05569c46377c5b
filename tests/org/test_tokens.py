"""API tokens: issued and revoked by their user, refused once expired (API_TOKEN_TTL_DAYS) and
while the user is locked out by the login throttling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


def token_client(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def maya(db):
    return UserFactory(username="maya", role="manager")


def test_a_user_issues_his_token_and_it_expires_after_the_configured_days(maya, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    api = APIClient()
    api.force_authenticate(maya)
    response = api.post("/api/v1/me/token/")
    assert response.status_code == 201
    body = response.json()
    token = Token.objects.get(user=maya)
    assert body["key"] == token.key
    created = token.created
    assert body["expires"] == (created + timedelta(days=30)).astimezone().isoformat()

    assert token_client(token.key).get("/api/v1/me/").json()["username"] == "maya"
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=29, hours=23))
    assert token_client(token.key).get("/api/v1/me/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=30, minutes=1))
    expired = token_client(token.key).get("/api/v1/me/")
    assert expired.status_code == 403
    assert expired.json()["detail"] == "Token expired."


def test_a_new_token_replaces_the_old_one(maya):
    old = Token.objects.create(user=maya)
    response = token_client(old.key).post("/api/v1/me/token/")
    assert response.status_code == 201
    assert response.json()["key"] != old.key
    assert token_client(old.key).get("/api/v1/me/").status_code == 403
    assert token_client(response.json()["key"]).get("/api/v1/me/").status_code == 200


def test_a_user_revokes_his_token(maya):
    token = Token.objects.create(user=maya)
    assert token_client(token.key).delete("/api/v1/me/token/").status_code == 204
    assert not Token.objects.filter(user=maya).exists()
    assert token_client(token.key).get("/api/v1/me/").status_code == 403


def test_a_token_is_refused_while_its_user_is_locked_out(maya, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    token = Token.objects.create(user=maya)
    for _ in range(2):
        client.post("/accounts/login/", {"username": "maya", "password": "wrong"})
    assert token_client(token.key).get("/api/v1/me/").status_code == 200
    client.post("/accounts/login/", {"username": "maya", "password": "wrong"})
    locked = token_client(token.key).get("/api/v1/me/")
    assert locked.status_code == 403
    assert locked.json()["detail"] == "Account locked: too many login failures."
    # After the cool-off the token works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert token_client(token.key).get("/api/v1/me/").status_code == 200


def test_revoking_needs_a_signed_in_user(db):
    assert APIClient().delete("/api/v1/me/token/").status_code == 403


def test_the_token_page_issues_a_key_once_and_revokes_it(maya, client, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    client.force_login(maya)
    page = client.get("/account/api-token/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You have no API token." in page
    assert 'id="revoke-token"' not in page

    page = client.post(
        "/account/api-token/", {"action": "issue"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    token = Token.objects.get(user=maya)
    assert f'<code class="fs-6 text-break" id="new-token-key">{token.key}</code>' in page
    assert token_client(token.key).get("/api/v1/me/").json()["username"] == "maya"
    # shown once: reading the page again does not show the key
    assert token.key not in client.get("/account/api-token/").content.decode()

    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=31))
    page = client.get("/account/api-token/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<dt class="col-sm-3">Expired</dt>' in page

    client.post("/account/api-token/", {"action": "revoke"})
    assert not Token.objects.filter(user=maya).exists()
    assert token_client(token.key).get("/api/v1/me/").status_code in (401, 403)


def test_the_token_page_is_for_signed_in_users_and_refuses_unknown_actions(maya, client):
    assert client.get("/account/api-token/").status_code == 302  # to the login page
    client.force_login(maya)
    assert client.post("/account/api-token/", {"action": "steal"}).status_code == 404

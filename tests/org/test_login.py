import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_login_with_the_right_password_lands_on_home(client):
    UserFactory(username="maya", role="manager")
    response = client.post(
        "/accounts/login/", {"username": "maya", "password": "pass"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"].username == "maya"


@pytest.mark.django_db
def test_repeated_failures_for_a_username_block_it_even_with_the_right_password(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="maya", role="manager")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "maya", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "maya", "password": "pass"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Terlalu banyak login gagal" in content
    assert "Akun atau alamat ini diblokir untuk sementara" in content
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still signed out


@pytest.mark.django_db
def test_the_block_lifts_after_the_cool_off(client, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="maya", role="manager")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "maya", "password": "wrong"})
    good = {"username": "maya", "password": "pass"}
    assert client.post("/accounts/login/", good).status_code == 429
    # 14 minutes later (cool-off 15 minutes): still blocked.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert client.post("/accounts/login/", good).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post("/accounts/login/", good)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_repeated_failures_from_one_address_block_other_usernames(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="andi")
    for name in ("x1", "x2", "x3"):
        client.post(
            "/accounts/login/", {"username": name, "password": "wrong"}, REMOTE_ADDR="10.0.0.7"
        )
    response = client.post(
        "/accounts/login/", {"username": "andi", "password": "pass"}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    other = client.post(
        "/accounts/login/", {"username": "andi", "password": "pass"}, REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post(client):
    user = UserFactory(username="andi")
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_language_switch_translates_the_page(client):
    user = UserFactory(username="andi")
    client.force_login(user)
    assert '<h1 class="h3">Personel</h1>' in client.get("/people/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/people/"})
    english = client.get("/people/").content.decode()
    assert '<h1 class="h3">People</h1>' in english
    client.post("/i18n/setlang/", {"language": "id", "next": "/people/"})
    indonesian = client.get("/people/").content.decode()
    assert '<h1 class="h3">Personel</h1>' in indonesian

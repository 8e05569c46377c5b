"""The production first-user step: `manage.py create_admin`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from org.models import Role, User


@pytest.mark.django_db
def test_create_admin_makes_a_superuser_with_the_admin_role(monkeypatch):
    monkeypatch.setenv("KINERJA_ADMIN_PASSWORD", "a-long-and-unusual-passphrase-42")
    out = StringIO()
    call_command("create_admin", "--username", "ops", "--email", "ops@example.com", stdout=out)
    user = User.objects.get(username="ops")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.ADMIN, True, True)
    assert user.check_password("a-long-and-unusual-passphrase-42")
    assert "Administrator ops created" in out.getvalue()


@pytest.mark.django_db
def test_create_admin_refuses_a_weak_password_and_a_taken_name(monkeypatch):
    monkeypatch.setenv("KINERJA_ADMIN_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_admin", "--username", "ops")
    assert not User.objects.filter(username="ops").exists()
    monkeypatch.setenv("KINERJA_ADMIN_PASSWORD", "a-long-and-unusual-passphrase-42")
    call_command("create_admin", "--username", "ops", stdout=StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_admin", "--username", "ops")

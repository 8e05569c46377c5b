from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .models import Role, Salesman, User


def count_active_members(*, team_id: int) -> int:
    """Active members of a team (used by the dashboard and as the worker smoke task)."""
    return Salesman.objects.filter(team_id=team_id, active=True).count()


@transaction.atomic
def issue_api_token(*, user: User) -> Token:
    """A new API token for `user`, replacing (and so revoking) the one he had."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def revoke_api_token(*, user: User) -> bool:
    """Delete `user`'s API token; False when he had none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)


def create_admin(*, username: str, email: str, password: str) -> User:
    """The first administrator of a fresh installation: superuser, staff, role admin.

    Refused (ValidationError) when the username is taken or the password is too weak by the
    project's password validators.
    """
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("User %(username)s already exists.") % {"username": username})
    user = User(username=username, email=email, role=Role.ADMIN, is_staff=True, is_superuser=True)
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    return user

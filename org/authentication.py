"""API token authentication with an expiry and the login throttling's lockout.

A token older than settings.API_TOKEN_TTL_DAYS is refused (the user issues a new one with
`POST /api/v1/me/token/` or revokes his with `DELETE /api/v1/me/token/`), and so is every token
of a user whom django-axes has locked out: guessing his password must not leave his token open.
"""

from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expires_at(token: Token):
    """When `token` stops being accepted."""
    return token.created + timedelta(days=settings.API_TOKEN_TTL_DAYS)


def is_locked_out(username: str) -> bool:
    """Has django-axes locked `username` out (failures within the cool-off reach the limit)?"""
    if not settings.AXES_ENABLED:
        return False
    attempts = AccessAttempt.objects.filter(username=username)
    cooloff = get_cool_off()
    if cooloff:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return failures >= settings.AXES_FAILURE_LIMIT


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= token_expires_at(token):
            raise exceptions.AuthenticationFailed(_("Token expired."))
        if is_locked_out(user.get_username()):
            raise exceptions.AuthenticationFailed(_("Account locked: too many login failures."))
        return user, token

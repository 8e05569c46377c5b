"""The client's address as the trusted reverse proxies saw it (settings.TRUSTED_PROXY_COUNT)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR with no trusted proxy; behind n of them, the n-th address from the right of
    X-Forwarded-For.

    Each proxy appends the address it received the request from, so the rightmost n entries
    were written by the proxies we run and everything to their left by the client, who may
    write anything there. A request that reached the app around the proxies (fewer entries than
    proxies) is counted under its REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]

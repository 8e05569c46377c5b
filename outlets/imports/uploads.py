"""Uploaded import files kept between the dry run and the confirmation.

An upload is stored as MEDIA_ROOT/imports/<random token>; the page keeps the token in the
user's session, so nobody else can confirm (or even name) it. Files left behind by an abandoned
dry run are swept after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _directory() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def store(uploaded) -> str:
    """Write an uploaded file to disk, chunk by chunk; returns its token."""
    sweep()
    token = secrets.token_urlsafe(24)
    with (_directory() / token).open("wb") as target:
        for chunk in uploaded.chunks():
            target.write(chunk)
    return token


def path_of(token: str | None) -> Path | None:
    """The stored file of a token, or None when the token is malformed or the file is gone."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    path = _directory() / token
    return path if path.is_file() else None


def discard(token: str | None) -> None:
    path = path_of(token)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep() -> None:
    """Delete uploads older than a day (dry runs never confirmed)."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _directory().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue

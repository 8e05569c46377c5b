"""Template context shared by every page."""

from .policy import Permissions


def policy(request) -> dict:
    """`may`: what the signed-in user may do (`org/policy.py`), for the navigation and the
    pages' buttons, e.g. `{% if may.see_runs %}`."""
    return {"may": Permissions(request.user)}

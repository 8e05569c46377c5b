"""The home-page panel: the user's own OKRs in the cycles running today."""

from .selectors import own_objectives
from .services import today


def panel(request):
    objectives = own_objectives(request.user, today())
    if not objectives:
        return None
    return "okr/panel.html", {"objectives": objectives}

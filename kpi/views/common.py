"""What the KPI pages share: the month a page asks for."""

from datetime import date

from django.http import Http404

from spm.months import parse_month

from ..selectors import default_month


def month_from(request) -> date:
    """The month asked for (?month=YYYY-MM, or posted) or the user's default; 404 on a
    malformed month."""
    text = request.GET.get("month") or request.POST.get("month")
    if not text:
        return default_month(request.user)
    try:
        return parse_month(text)
    except ValueError as exc:
        raise Http404 from exc

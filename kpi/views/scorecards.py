"""The scorecard pages: the month's table, recompute, my scorecard, one person's scorecard."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from org.periods import is_month_locked
from org.visibility import person_seen_over_time_or_404, teams_visible_to
from spm.months import add_months, current_month, format_month, parse_month

from ..configuration import template_for
from ..forms import MonthTeamForm
from ..models import KRA
from ..scorecards import compute_scorecards
from ..selectors import (
    default_month,
    require_configurer,
    scorecards_visible_to,
    scorecards_with_rows,
    scored_people_visible_to,
)
from ..tables import ScorecardTable
from ..versions import stale_scorecards
from .common import month_from


@login_required
def scorecard_table(request):
    month = month_from(request)
    teams = teams_visible_to(request.user)
    filter_form = MonthTeamForm(
        {"month": format_month(month), "team": request.GET.get("team") or None}, teams=teams
    )
    cards = scorecards_visible_to(request.user).filter(month=month)
    team = filter_form.cleaned_data.get("team") if filter_form.is_valid() else None
    if team:
        cards = cards.filter(salesman__team=team)
    table = ScorecardTable(cards)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "kpi/scorecard_table.html",
        {
            "table": table,
            "filter_form": filter_form,
            "keep_team": team,
            "month": month,
            "previous": format_month(add_months(month, -1)),
            "next": format_month(add_months(month, 1)),
            "locked": is_month_locked(month),
            # Draft scorecards computed with an earlier template version (kpi/versions.py).
            "stale": stale_scorecards(month),
        },
    )


@login_required
@require_POST
def scorecard_compute(request):
    """Recompute the month's scorecards of the people in the manager's scope."""
    require_configurer(request.user)
    month = month_from(request)
    ids = list(scored_people_visible_to(request.user).values_list("id", flat=True))
    try:
        count = compute_scorecards(month=month, salesman_ids=ids)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(count)s scorecard(s) computed for %(month)s.")
            % {"count": count, "month": format_month(month)},
        )
    return redirect(f"{reverse('kpi:scorecards')}?month={format_month(month)}")


@login_required
def my_scorecard(request):
    person = scored_people_visible_to(request.user).filter(user=request.user).first()
    if person is None:
        return redirect("kpi:scorecards")
    return redirect(
        "kpi:scorecard", code=person.code, month=format_month(default_month(request.user))
    )


@login_required
def scorecard_detail(request, code, month=None):
    # A former member of his teams too, for the months they shared (the cards below are scoped).
    person = person_seen_over_time_or_404(request.user, code)
    if month is None:
        # The month picker without JavaScript sends ?month=YYYY-MM here.
        wanted = request.GET.get("month") or format_month(current_month())
        return redirect("kpi:scorecard", code=code, month=wanted)
    try:
        month_date = parse_month(month)
    except ValueError as exc:
        raise Http404 from exc
    card = (
        scorecards_with_rows(scorecards_visible_to(request.user))
        .filter(salesman=person, month=month_date)
        .first()
    )
    if card is None and not scored_people_visible_to(request.user).filter(pk=person.pk).exists():
        raise Http404  # a former member's month after he left the user's teams
    rows = list(card.rows.all()) if card else []
    kra_names = {kra.name: kra.display_name for kra in KRA.objects.all()}
    for row in rows:
        row.kra_label = kra_names.get(row.kra, row.kra)  # the snapshot keeps the English key
    months = list(
        scorecards_visible_to(request.user)
        .filter(salesman=person)
        .order_by("-month")
        .values_list("month", flat=True)[:24]
    )
    return render(
        request,
        "kpi/scorecard_detail.html",
        {
            "person": person,
            "card": card,
            "rows": rows,
            "weight_total": sum((row.weight for row in rows), Decimal(0)),
            "month": month_date,
            "months": [format_month(m) for m in months],
            "previous": format_month(add_months(month_date, -1)),
            "next": format_month(add_months(month_date, 1)),
            "template": template_for(person),
            "locked": is_month_locked(month_date),
        },
    )

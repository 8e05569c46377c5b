"""The target breakdown page: propose a split by history share, edit it, save it as targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from org.visibility import teams_visible_to
from spm.formats import number
from spm.months import format_month

from ..breakdown import entered_values, parts_off_by, propose_breakdown
from ..forms import BreakdownForm
from ..selectors import require_configurer, scored_people_visible_to
from ..targets import save_targets


@login_required
def breakdown(request):
    """Break a company or team target down by history share; the manager edits, then saves."""
    require_configurer(request.user)
    teams = teams_visible_to(request.user)
    source = request.POST if request.method == "POST" else request.GET
    form = BreakdownForm(source or None, teams=teams, initial={"history_months": 3})
    proposal = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        people = scored_people_visible_to(request.user)
        if data["team"]:
            people = people.filter(team=data["team"])
        proposal = propose_breakdown(
            kpi=data["kpi"],
            month=data["month"],
            total=data["total"],
            salesmen=people,
            history_months=data["history_months"],
        )
        if request.method == "POST":
            values, bad = entered_values(request.POST, proposal, data["kpi"])
            off_by = parts_off_by(values, proposal, data["total"])
            if bad:
                form.add_error(None, _("Not a number: %(values)s") % {"values": ", ".join(bad)})
            elif off_by:
                form.add_error(
                    None,
                    _(
                        "The parts add up to %(sum)s, not to the target %(total)s. Change the "
                        "parts so that they add up to the target, then save."
                    )
                    % {
                        "sum": number_format(data["total"] + off_by, force_grouping=True),
                        "total": number_format(data["total"], force_grouping=True),
                    },
                )
            else:
                try:
                    save_targets(
                        month=data["month"],
                        values=values,
                        by=request.user,
                        note=_("breakdown of %(total)s") % {"total": number(data["total"], 0)},
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    saved = sum(v for v in values.values() if v is not None)
                    messages.success(
                        request,
                        _("Targets saved: %(count)s salesmen, %(sum)s in total.")
                        % {"count": len(values), "sum": number_format(saved, force_grouping=True)},
                    )
                    return redirect(f"{reverse('kpi:targets')}?month={format_month(data['month'])}")
    return render(request, "kpi/breakdown.html", {"form": form, "proposal": proposal})

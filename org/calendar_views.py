"""The company calendar pages (HR and admins; 404 to everyone else): the year's public
holidays and company days off with the working days of each month, and the forms that add,
edit and delete a company day off (org/days_off.py writes and audits)."""

from datetime import date

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spm import formats as formats_spm
from spm import workdays
from spm.months import current_month

from . import calendar, days_off, policy
from .models import CompanyDayOff


def _require_calendar_keeper(user) -> None:
    if not policy.may_manage_calendar(user):
        raise Http404


class DayOffForm(forms.ModelForm):
    class Meta:
        model = CompanyDayOff
        fields = ["date", "name", "working"]
        widgets = {
            "date": forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            ),
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "working": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class CalendarTable(tables.Table):
    date = tables.Column(verbose_name=gettext_lazy("date"), orderable=False)
    name = tables.Column(verbose_name=gettext_lazy("name"), orderable=False)
    kind = tables.Column(verbose_name=gettext_lazy("kind"), accessor="kind_label", orderable=False)
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "id": "calendar-table"}

    def render_date(self, value):
        return (
            f"{formats.date_format(value, 'D')} {formats.date_format(value, 'SHORT_DATE_FORMAT')}"
        )

    def render_name(self, record):
        if record.public_name and record.public_name != record.name:
            return format_html(
                '{}<div class="small text-body-secondary">{}</div>', record.name, record.public_name
            )
        return record.name

    def render_actions(self, record):
        if record.day_off is None:
            return ""
        pk = record.day_off.pk
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
            reverse("org:day-off-edit", args=[pk]),
            _("Edit"),
            reverse("org:day-off-delete", args=[pk]),
            _("Delete"),
        )


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return current_month().year
    return year if 2000 <= year <= 2100 else current_month().year


@login_required
def calendar_page(request):
    _require_calendar_keeper(request.user)
    year = _year(request)
    entries = days_off.year_entries(year)
    table = CalendarTable(entries)
    days = calendar.company_calendar(year)
    months = [
        {
            "label": formats_spm.month_label(date(year, m, 1)),
            "working_days": workdays.working_days(date(year, m, 1), days),
        }
        for m in range(1, 13)
    ]
    context = {
        "year": year,
        "table": table,
        "months": months,
        "previous_year": year - 1,
        "next_year": year + 1,
    }
    return render(request, "org/calendar.html", context)


@login_required
def day_off_edit(request, pk=None):
    _require_calendar_keeper(request.user)
    day_off = get_object_or_404(CompanyDayOff, pk=pk) if pk else None
    form = DayOffForm(request.POST or None, instance=day_off)
    if request.method == "POST" and form.is_valid():
        saved = days_off.save_day_off(day_off=form.instance, by=request.user)
        messages.success(request, _("Day off saved."))
        return redirect(f"{reverse('org:calendar')}?year={saved.date.year}")
    return render(request, "org/day_off_form.html", {"form": form, "day_off": day_off})


@login_required
def day_off_delete(request, pk):
    _require_calendar_keeper(request.user)
    day_off = get_object_or_404(CompanyDayOff, pk=pk)
    if request.method == "POST":
        year = day_off.date.year
        days_off.delete_day_off(day_off=day_off, by=request.user)
        messages.success(request, _("Day off deleted."))
        return redirect(f"{reverse('org:calendar')}?year={year}")
    return render(request, "org/day_off_delete.html", {"day_off": day_off})

"""Company days off (docs/contracts.md "Working days"): the one writer behind the calendar
page, the API and the `holidays` import kind, audited (org/audit.py). Changing the calendar of
a month changes its working days, so `calendar_changed` names the months touched once the
change commits (kpi refreshes the month in progress, as after an import)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from . import calendar
from .audit import record
from .models import CompanyDayOff, User

# Sent on commit with `months` (first days of the months whose working days may have changed).
calendar_changed = Signal()


def _snapshot(day_off: CompanyDayOff) -> dict:
    return {"date": day_off.date, "name": day_off.name, "working": day_off.working}


def _announce(days: Iterable[date]) -> None:
    months = sorted({day.replace(day=1) for day in days})
    if months:
        transaction.on_commit(lambda: calendar_changed.send(sender=CompanyDayOff, months=months))


@transaction.atomic
def save_day_off(*, day_off: CompanyDayOff, by: User | None) -> CompanyDayOff:
    """Create or update a company day off (validated by its form or serializer)."""
    previous = CompanyDayOff.objects.filter(pk=day_off.pk).first() if day_off.pk else None
    before = _snapshot(previous) if previous else None
    if day_off.pk is None and by is not None and by.is_authenticated:
        day_off.created_by = by
    day_off.save()
    after = _snapshot(day_off)
    if before != after:
        action = "calendar.day_off.update" if before else "calendar.day_off.create"
        record(actor=by, action=action, obj=day_off, before=before, after=after)
        _announce([day_off.date] + ([previous.date] if previous else []))
    return day_off


@transaction.atomic
def delete_day_off(*, day_off: CompanyDayOff, by: User | None) -> None:
    record(actor=by, action="calendar.day_off.delete", obj=day_off, before=_snapshot(day_off))
    _announce([day_off.date])
    day_off.delete()


@dataclass(frozen=True)
class Written:
    created: int
    updated: int


@transaction.atomic
def write_days_off(rows: Iterable[tuple[date, str, bool]], *, by: User | None) -> Written:
    """Create or update the company days off of an import (matched by date), each change
    audited. Returns the counts."""
    rows = list(rows)
    stored = {d.date: d for d in CompanyDayOff.objects.filter(date__in=[r[0] for r in rows])}
    created = updated = 0
    for day, name, working in rows:
        day_off = stored.get(day)
        if day_off is None:
            save_day_off(day_off=CompanyDayOff(date=day, name=name, working=working), by=by)
            created += 1
        elif (day_off.name, day_off.working) != (name, working):
            day_off.name, day_off.working = name, working
            save_day_off(day_off=day_off, by=by)
            updated += 1
    return Written(created, updated)


@dataclass(frozen=True)
class CalendarEntry:
    """One listed day of a year: a public holiday, a company day off, or a public holiday the
    company works (`working`); `day_off` is the company entry, if any."""

    date: date
    name: str
    kind: str  # "public", "company" or "working"
    public_name: str | None
    day_off: CompanyDayOff | None

    @property
    def kind_label(self) -> str:
        return {
            "public": _("Public holiday"),
            "company": _("Company day off"),
            "working": _("Working day (holiday worked)"),
        }[self.kind]

    @property
    def is_day_off(self) -> bool:
        return self.kind != "working" and self.date.weekday() != 6


def year_entries(year: int) -> list[CalendarEntry]:
    """The year's public holidays and company entries, by date."""
    public = calendar.public_holidays(year)
    company = {d.date: d for d in CompanyDayOff.objects.filter(date__year=year)}
    entries = []
    for day in sorted(set(public) | set(company)):
        day_off = company.get(day)
        if day_off is None:
            entries.append(CalendarEntry(day, public[day], "public", public[day], None))
        else:
            kind = "working" if day_off.working else "company"
            entries.append(CalendarEntry(day, day_off.name, kind, public.get(day), day_off))
    return entries

"""People over time (docs/contracts.md "People over time"): who was in which team, role and
channel on which day, and which days of a month a person was there at all.

An `Assignment` is one dated stretch of a person's standing; a person's stretches never overlap.
`Salesman.team`, `channel`, `reports_to` and the user's `role` are the stretch in force today,
kept here (by `transfer` and, for changes dated in the future, by `apply_due_assignments` every
night), so code that only cares about today reads them as before.

A person with no `Assignment` row at all (made before this history existed, or by code that
creates profiles directly) stands where his current fields say, from the beginning: every
reader here falls back to those fields.

`joined_on` / `left_on` bound the days a person is active; none means "before the first
month on record" / "still here". A person whose profile is inactive and who has no `left_on`
is not active in any month (as before dates existed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from spm.months import JAKARTA, add_months, format_month, month_end, month_start

from . import audit
from .models import Assignment, Salesman, User
from .periods import is_month_locked, locked_months, require_open

# What a transfer may change (the person's standing); everything else is on the profile.
STANDING_FIELDS = ("team", "role", "channel", "reports_to")


@dataclass(frozen=True, slots=True)
class Standing:
    """A person's standing over `start`–`end` (both included; None = open)."""

    salesman_id: int
    start: date | None
    end: date | None
    team_id: int | None
    role: str
    channel: str
    reports_to_id: int | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class MonthStanding:
    """A person as a month's run sees him: his active days in the month and his standing on
    the last of them (rankings and team scopes use it)."""

    salesman_id: int
    first_day: date
    last_day: date
    team_id: int | None
    role: str
    channel: str
    stretches: tuple[Standing, ...]  # every stretch that overlaps his active days

    @property
    def whole_month(self) -> bool:
        return self.first_day.day == 1 and self.last_day == month_end(self.first_day)


def today() -> date:
    return datetime.now(JAKARTA).date()


def _of(assignment: Assignment) -> Standing:
    return Standing(
        assignment.salesman_id,
        assignment.start,
        assignment.end,
        assignment.team_id,
        assignment.role,
        assignment.channel,
        assignment.reports_to_id,
    )


def _current(salesman: Salesman) -> Standing:
    """The standing a person without history has always had: his current fields."""
    return Standing(
        salesman.pk,
        None,
        None,
        salesman.team_id,
        salesman.user.role,
        salesman.channel,
        salesman.reports_to_id,
    )


def history(salesman_id: int) -> list[Standing]:
    """Every stretch of the person, oldest first (his current fields when he has none)."""
    rows = [_of(a) for a in Assignment.objects.filter(salesman_id=salesman_id)]
    if rows:
        return sorted(rows, key=lambda s: s.start or date.min)
    salesman = Salesman.objects.select_related("user").get(pk=salesman_id)
    return [_current(salesman)]


def assignment_in_force(salesman_id: int, day: date) -> Standing | None:
    """The person's standing on `day`; None when his recorded history does not cover it."""
    for standing in history(salesman_id):
        if standing.covers(day):
            return standing
    return None


def team_on(salesman_id: int, day: date) -> int | None:
    """The id of the team the person was in on `day` (None: no team, or not covered)."""
    standing = assignment_in_force(salesman_id, day)
    return standing.team_id if standing is not None else None


def _active_span(
    active: bool, joined_on: date | None, left_on: date | None, month: date
) -> tuple[date, date] | None:
    if not active and left_on is None:
        return None
    first, last = month_start(month), month_end(month)
    start = max(first, joined_on) if joined_on else first
    end = min(last, left_on) if left_on else last
    return (start, end) if start <= end else None


def active_days(salesman: Salesman, month: date) -> tuple[date, date] | None:
    """The first and last day of `month` the person was with the company, or None when he was
    not there on any day of it."""
    return _active_span(salesman.active, salesman.joined_on, salesman.left_on, month)


def active_in_month(month: date) -> Q:
    """`Salesman` filter: active on at least one day of `month` (the set `active_days` gives
    a span for)."""
    first, last = month_start(month), month_end(month)
    return (Q(joined_on__isnull=True) | Q(joined_on__lte=last)) & (
        Q(left_on__isnull=True, active=True) | Q(left_on__gte=first)
    )


def month_standings(month: date, salesman_ids=None) -> dict[int, MonthStanding]:
    """Every person active on at least one day of `month` (or those of `salesman_ids`), with
    his active days and his standing on the last of them. Two queries, whatever the head count."""
    people = Salesman.objects.filter(active_in_month(month))
    if salesman_ids is not None:
        people = people.filter(pk__in=list(salesman_ids))
    rows = people.values_list(
        "pk", "active", "joined_on", "left_on", "team_id", "user__role", "channel", "reports_to_id"
    )
    first, last = month_start(month), month_end(month)
    stretches: dict[int, list[Standing]] = {}
    overlapping = Assignment.objects.filter(
        Q(start__isnull=True) | Q(start__lte=last), Q(end__isnull=True) | Q(end__gte=first)
    )
    if salesman_ids is not None:
        overlapping = overlapping.filter(salesman_id__in=list(salesman_ids))
    # Who has any history at all: a person with none stands on his current fields.
    with_history = set(
        Assignment.objects.filter(salesman__in=people).values_list("salesman_id", flat=True)
    )
    for assignment in overlapping.order_by("salesman_id", "start"):
        stretches.setdefault(assignment.salesman_id, []).append(_of(assignment))
    result = {}
    for pk, active, joined_on, left_on, team_id, role, channel, boss in rows:
        span = _active_span(active, joined_on, left_on, month)
        if span is None:
            continue
        if pk in with_history:
            mine = tuple(
                s
                for s in stretches.get(pk, ())
                if (s.start is None or s.start <= span[1]) and (s.end is None or s.end >= span[0])
            )
        else:
            mine = (Standing(pk, None, None, team_id, role, channel, boss),)
        on_last = next((s for s in mine if s.covers(span[1])), mine[-1] if mine else None)
        if on_last is None:
            on_last = Standing(pk, None, None, team_id, role, channel, boss)
        result[pk] = MonthStanding(
            pk, span[0], span[1], on_last.team_id, on_last.role, on_last.channel, mine
        )
    return result


def first_open_month() -> date | None:
    """The month after the last locked one; None when no month is locked (from the beginning)."""
    locked = locked_months()
    return add_months(max(locked), 1) if locked else None


# --- writing ----------------------------------------------------------------------------------


def _ensure_history(salesman: Salesman) -> list[Assignment]:
    """The person's stretches, creating the open one from his current fields when he has none."""
    rows = list(Assignment.objects.select_for_update().filter(salesman=salesman))
    if not rows:
        rows = [
            Assignment.objects.create(
                salesman=salesman,
                start=None,  # the first stretch: from the beginning (joined_on bounds his days)
                team_id=salesman.team_id,
                role=salesman.user.role,
                channel=salesman.channel,
                reports_to_id=salesman.reports_to_id,
            )
        ]
    return sorted(rows, key=lambda a: a.start or date.min)


def _unsaved_current(salesman: Salesman) -> Assignment:
    """The one stretch of a person without history, as an unsaved row: his current fields."""
    return Assignment(
        salesman=salesman,
        start=None,
        team_id=salesman.team_id,
        role=salesman.user.role,
        channel=salesman.channel,
        reports_to_id=salesman.reports_to_id,
    )


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _refuse(field: str, message: str, **params) -> None:
    raise ValidationError({field: ValidationError(message % params if params else message)})


def _standing_dict(a: Assignment) -> dict:
    return {
        "start": a.start,
        "end": a.end,
        "team_id": a.team_id,
        "role": a.role,
        "channel": a.channel,
        "reports_to_id": a.reports_to_id,
    }


@transaction.atomic
def transfer(
    salesman: Salesman,
    *,
    effective_from: date | None,
    by: User | None,
    **changes,
) -> Assignment:
    """Change the person's team, role, channel and/or reports_to from `effective_from` D on:
    the stretch in force on D ends on D − 1 and a new one starts on D (a stretch that starts on
    D itself is changed in place). Without D the change applies from the first open month (from
    the person's current stretch when that started later).

    Refused, naming `effective_from`, when D is in a locked month or a later change is already
    recorded; nothing is stored then. Returns the stretch in force from D, its `changed`
    attribute saying whether this call stored anything.
    """
    unknown = set(changes) - set(STANDING_FIELDS)
    if unknown:
        raise TypeError(f"transfer() cannot change {', '.join(sorted(unknown))}")
    salesman = Salesman.objects.select_for_update().select_related("user").get(pk=salesman.pk)
    stored = sorted(
        Assignment.objects.select_for_update().filter(salesman=salesman),
        key=lambda a: a.start or date.min,
    )
    # A person without history stands on his current fields (created below if he changes).
    rows = stored or [_unsaved_current(salesman)]
    if effective_from is None:
        opening = first_open_month()
        current = rows[-1]
        if opening is None or (current.start is not None and current.start >= opening):
            day = current.start
        else:
            day = opening
    else:
        day = effective_from
    in_force = [a for a in rows if a.start is None or day is None or a.start <= day][-1]
    new_values = {
        "team_id": _pk(changes["team"]) if "team" in changes else in_force.team_id,
        "role": changes.get("role", in_force.role),
        "channel": changes.get("channel", in_force.channel),
        "reports_to_id": (
            _pk(changes["reports_to"]) if "reports_to" in changes else in_force.reports_to_id
        ),
    }
    if all(getattr(in_force, key) == value for key, value in new_values.items()):
        # Nothing changes (a file imported again): nothing is checked, stored or locked.
        in_force.changed = False
        return in_force
    if day is not None:
        if is_month_locked(day):
            _refuse(
                "effective_from",
                _(
                    "effective_from %(day)s is in %(month)s, a locked month: its payout run is "
                    "final; choose a day in an open month."
                ),
                day=day.isoformat(),
                month=format_month(day),
            )
        require_open(day)  # the month's row lock until the transaction ends
    later = [a for a in rows if day is not None and a.start is not None and a.start > day]
    if later or (day is None and len(rows) > 1):
        _refuse(
            "effective_from",
            _(
                "effective_from %(day)s is before a change already recorded from %(later)s; "
                "change from %(later)s or later."
            ),
            day=day.isoformat() if day else "–",
            later=(later[0].start if later else rows[-1].start).isoformat(),
        )
    if not stored:
        in_force = _ensure_history(salesman)[0]
    before = _standing_dict(in_force)
    if in_force.start == day:
        for key, value in new_values.items():
            setattr(in_force, key, value)
        in_force.save(update_fields=list(new_values))
        result = in_force
    else:
        in_force.end = day - timedelta(days=1)
        in_force.save(update_fields=["end"])
        result = Assignment.objects.create(salesman=salesman, start=day, end=None, **new_values)
    audit.record(
        actor=by,
        action="salesman.transferred",
        obj=salesman,
        before=before,
        after=_standing_dict(result),
        note=_("from %(day)s") % {"day": day.isoformat() if day else "–"},
    )
    sync_current(salesman)
    result.changed = True  # not a field: whether this call stored anything
    return result


def check_dates(*, joined_on: date | None, left_on: date | None) -> list[tuple[str, str]]:
    """The problems of a person's `joined_on` / `left_on` as (field, reason): leaving before
    joining. (Dates in locked months are accepted: backfilling when long-standing staff joined
    is the common case, and a locked run is never recomputed.)"""
    if joined_on is not None and left_on is not None and left_on < joined_on:
        return [
            (
                "left_on",
                _("left_on %(left)s is before joined_on %(joined)s")
                % {"left": left_on.isoformat(), "joined": joined_on.isoformat()},
            )
        ]
    return []


@transaction.atomic
def set_employment(
    salesman: Salesman,
    *,
    joined_on: date | None,
    left_on: date | None,
    employee_id: str | None = None,
    by: User | None,
) -> Salesman:
    """Record when the person joined and left (and his payroll number). Refused naming the
    field when he would leave before joining."""
    salesman = Salesman.objects.select_for_update().get(pk=salesman.pk)
    problems = check_dates(joined_on=joined_on, left_on=left_on)
    if problems:
        raise ValidationError({field: ValidationError(reason) for field, reason in problems})
    before = {
        "joined_on": salesman.joined_on,
        "left_on": salesman.left_on,
        "employee_id": salesman.employee_id,
    }
    salesman.joined_on, salesman.left_on = joined_on, left_on
    if employee_id is not None:
        salesman.employee_id = employee_id
    after = {
        "joined_on": salesman.joined_on,
        "left_on": salesman.left_on,
        "employee_id": salesman.employee_id,
    }
    if after != before:
        salesman.save(update_fields=["joined_on", "left_on", "employee_id"])
        audit.record(
            actor=by, action="salesman.employment", obj=salesman, before=before, after=after
        )
    return salesman


def start_history(salesman: Salesman) -> Assignment:
    """The first stretch of a person just created: from the day he joined, on his fields."""
    return _ensure_history(salesman)[0]


def sync_current(salesman: Salesman, *, day: date | None = None) -> bool:
    """Set the person's current fields (team, channel, reports_to, the user's role) to the
    stretch in force on `day` (today); the latest begun, else the first, when none is. True
    when anything changed."""
    day = day or today()
    rows = sorted(Assignment.objects.filter(salesman=salesman), key=lambda a: a.start or date.min)
    if not rows:
        return False
    begun = [a for a in rows if a.start is None or a.start <= day]
    stretch = next((a for a in begun if a.end is None or a.end >= day), None)
    stretch = stretch or (begun[-1] if begun else rows[0])
    changed = False
    profile = {
        "team_id": stretch.team_id,
        "channel": stretch.channel,
        "reports_to_id": stretch.reports_to_id,
    }
    fields = [key for key, value in profile.items() if getattr(salesman, key) != value]
    if fields:
        for key in fields:
            setattr(salesman, key, profile[key])
        salesman.save(update_fields=fields)
        changed = True
    user = salesman.user
    if user.role != stretch.role:
        user.role = stretch.role
        user.save(update_fields=["role"])
        changed = True
    return changed


def apply_due_assignments(*, day: date | None = None) -> int:
    """Nightly: the current fields of everyone whose stretch changed by `day` (a transfer
    dated in the future becomes current on its day). Returns how many people changed."""
    day = day or today()
    due = Assignment.objects.filter(
        Q(start__lte=day, start__gte=day - timedelta(days=7))
        | Q(end__lt=day, end__gte=day - timedelta(days=8))
    ).values_list("salesman_id", flat=True)
    changed = 0
    for salesman in Salesman.objects.filter(pk__in=due).select_related("user"):
        with transaction.atomic():
            changed += sync_current(salesman, day=day)
    return changed

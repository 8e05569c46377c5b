"""The month lock in the Django admin: what belongs to a locked month is read-only there too.

The services refuse to change a locked month (`org.periods.require_open`); the admin writes rows
directly, so it needs its own guard (docs/contracts.md "Periods and the audit trail"):

- a row dated in a locked month cannot be changed or deleted (`LockedMonthAdmin`), and no row may
  be dated into a locked month (the form refuses it; saving re-checks under the month locks);
- deleting anything whose cascade would delete rows of a locked month is refused
  (`LockAwareAdmin.get_deleted_objects`: a salesman, a user, an outlet, an objective…).

`DATED` names the models whose rows belong to a month and the field (or relation path) that
dates them. The labels are strings, so `org` depends on none of the apps it names.
"""

from datetime import date

from django.contrib import admin
from django.db import router, transaction
from django.db.models import DateField, ProtectedError, QuerySet, RestrictedError
from django.db.models.deletion import Collector
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from .periods import MonthLocked, locked_months, require_all_open

DATED = {
    "outlets.outlet": "acquired_on",
    "outlets.visit": "date",
    "outlets.orderline": "date",
    "outlets.shelfaudit": "date",
    "outlets.metricsnapshot": "month",
    "outlets.teammetricvalue": "month",
    "kpi.target": "month",
    "kpi.manualactual": "month",
    "kpi.scorecard": "month",
    "kpi.scorecardrow": "scorecard__month",
    "okr.checkin": "date",
    "okr.objective": "cycle__end",
    "okr.keyresult": "objective__cycle__end",
    "incentives.payoutrun": "month",
    "incentives.runplan": "run__month",
    "incentives.payoutstatement": "run__month",
    "incentives.payoutline": "run__month",
    "incentives.adjustment": "run__month",
}


def _follow(value, parts):
    for part in parts:
        if value is None:
            return None
        value = getattr(value, part, None)
    return value


def month_of(obj) -> date | None:
    """The month `obj` belongs to (first day), or None (undated model, or no date)."""
    path = DATED.get(obj._meta.label_lower)
    day = _follow(obj, path.split("__")) if path else None
    return day.replace(day=1) if isinstance(day, date) else None


def _in_months(queryset: QuerySet, path: str, months: set[date]) -> QuerySet:
    month = TruncMonth(path, output_field=DateField())
    return queryset.annotate(_locked_month=month).filter(_locked_month__in=months)


def _querysets(collector: Collector):
    """Every set of rows the collected delete would delete or update."""
    for model, instances in collector.data.items():
        yield model._base_manager.filter(pk__in=[obj.pk for obj in instances])
    yield from collector.fast_deletes
    for updates in collector.field_updates.values():
        for rows in updates:
            if isinstance(rows, QuerySet):
                yield rows
            elif rows:
                model = type(next(iter(rows)))
                yield model._base_manager.filter(pk__in=[obj.pk for obj in rows])


def locked_rows(objs) -> list[str]:
    """The names of the kinds of rows of a locked month that deleting `objs` would delete or
    change (cascades included); empty when the delete touches no locked month."""
    locked = locked_months()
    objs = list(objs)
    if not locked or not objs:
        return []
    collector = Collector(using=router.db_for_write(type(objs[0])))
    try:
        collector.collect(objs)
    except (ProtectedError, RestrictedError):
        return []  # the admin's own page names what protects them; nothing is deleted
    names = set()
    for rows in _querysets(collector):
        path = DATED.get(rows.model._meta.label_lower)
        if path and _in_months(rows, path, locked).exists():
            names.add(str(rows.model._meta.verbose_name_plural))
    return sorted(names)


class LockAwareAdmin(admin.ModelAdmin):
    """Refuses a delete that would cascade into rows of a locked month: they are listed as rows
    the user may not delete, and Django's delete page and bulk action then refuse."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for name in locked_rows(objs):
            perms_needed.add(_("%(rows)s of a locked month") % {"rows": name})
        return deleted, counts, perms_needed, protected


class LockedMonthAdmin(LockAwareAdmin):
    """An admin for a model of `DATED`: its rows of a locked month are read-only, and no row can
    be dated into a locked month."""

    def _is_locked(self, obj) -> bool:
        month = None if obj is None else month_of(obj)
        return month is not None and month in locked_months({month})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._is_locked(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        first, *rest = DATED[self.model._meta.label_lower].split("__")

        class LockedMonthForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if first in cleaned:
                    day = _follow(cleaned[first], rest)
                    if isinstance(day, date) and locked_months({day.replace(day=1)}):
                        self.add_error(
                            first if first in self.fields else None,
                            MonthLocked(day.replace(day=1)),
                        )
                return cleaned

        return form_class if first not in form_class.base_fields else LockedMonthForm

    def save_model(self, request, obj, form, change):
        # Under the month locks: the form's check may be stale by now.
        with transaction.atomic():
            months = {month_of(obj)}
            if change:
                stored = type(obj)._base_manager.filter(pk=obj.pk).first()
                months.add(None if stored is None else month_of(stored))
            require_all_open(month for month in months if month is not None)
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with transaction.atomic():
            month = month_of(obj)
            require_all_open([month] if month else [])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            require_all_open(filter(None, (month_of(obj) for obj in queryset)))
            super().delete_queryset(request, queryset)

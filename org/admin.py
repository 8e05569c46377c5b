from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import assignments
from .admin_locks import LockAwareAdmin
from .models import Assignment, AuditEntry, Period, Salesman, Team, Territory, User


@admin.register(User)
class UserAdmin(LockAwareAdmin, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Kinerja", {"fields": ("role",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Kinerja", {"fields": ("role",)}))


@admin.register(Territory)
class TerritoryAdmin(LockAwareAdmin):
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(LockAwareAdmin):
    list_display = ("name", "channel", "supervisor", "manager")
    list_filter = ("channel",)
    search_fields = ("name",)
    autocomplete_fields = ("supervisor", "manager")


class AssignmentInline(admin.TabularInline):
    """A person's dated stretches (people over time): written by org/assignments.py only."""

    model = Assignment
    fk_name = "salesman"
    fields = ("start", "end", "team", "role", "channel", "reports_to", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Salesman)
class SalesmanAdmin(LockAwareAdmin):
    list_display = (
        "code", "name", "employee_id", "channel", "team", "territory", "level", "joined_on",
        "left_on", "active",
    )  # fmt: skip
    list_filter = ("channel", "team", "active", "level")
    search_fields = ("code", "name", "employee_id")
    autocomplete_fields = ("user", "team", "territory", "reports_to")
    inlines = [AssignmentInline]

    def save_model(self, request, obj, form, change):
        """A changed team, channel or reports_to is a transfer from the first open month
        (org/assignments.py keeps the dated history and the current fields)."""
        moved = [name for name in ("team", "channel", "reports_to") if name in form.changed_data]
        if change and moved:
            stored = Salesman.objects.get(pk=obj.pk)
            wanted = {name: getattr(obj, name) for name in moved}
            for name in moved:
                setattr(obj, name, getattr(stored, name))
            super().save_model(request, obj, form, change)
            assignments.transfer(obj, effective_from=None, by=request.user, **wanted)
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)
        if not change:
            assignments.start_history(obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    """Read-only: a month is locked by locking its payout run (`org.periods.lock_month`) and is
    never unlocked; periods are created by the writers that take their lock."""

    list_display = ("month", "locked_at", "locked_by")
    readonly_fields = ("month", "locked_at", "locked_by")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Append-only: only the services add entries (`org.audit.record`); the database refuses
    updates and deletes (org/migrations/0003_audit_append_only.py)."""

    list_display = ("at", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

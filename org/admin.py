from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, Period, Salesman, Team, Territory, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Kinerja", {"fields": ("role",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Kinerja", {"fields": ("role",)}))


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "supervisor", "manager")
    list_filter = ("channel",)
    search_fields = ("name",)
    autocomplete_fields = ("supervisor", "manager")


@admin.register(Salesman)
class SalesmanAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "channel", "team", "territory", "level", "active")
    list_filter = ("channel", "team", "active", "level")
    search_fields = ("code", "name")
    autocomplete_fields = ("user", "team", "territory", "reports_to")


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("month", "locked_at", "locked_by")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

from django.contrib import admin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Read-only: plans change through the plan editor or import_plan, which validate the whole
    document and record the audit trail."""

    list_display = ("code", "name", "role", "channel", "valid_from", "valid_to", "status")
    list_filter = ("status", "role", "channel")
    search_fields = ("code", "name")
    readonly_fields = (
        "code",
        "name",
        "role",
        "channel",
        "valid_from",
        "valid_to",
        "status",
        "document",
        "updated_at",
        "updated_by",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

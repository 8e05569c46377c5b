from django.contrib import admin

from incentives.models import (
    Adjustment,
    PayoutLine,
    PayoutRun,
    Plan,
    PlanVersion,
    RunPlan,
    RunStatus,
)


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

    def has_delete_permission(self, request, obj=None):
        """A plan a locked run was computed with stays: the run's statements name it."""
        if (
            obj is not None
            and RunPlan.objects.filter(plan_code=obj.code, run__status=RunStatus.LOCKED).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    """Read-only: versions are written by incentives.plans.versions (a draft by the editor and
    import_plan, published once); a published version never changes (PlanVersion.save)."""

    list_display = ("plan", "number", "status", "effective_from", "published_at", "published_by")
    list_filter = ("status",)
    search_fields = ("plan__code",)
    readonly_fields = (
        "plan",
        "number",
        "status",
        "effective_from",
        "role",
        "channel",
        "valid_from",
        "valid_to",
        "document",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PayoutLineInline(admin.TabularInline):
    model = PayoutLine
    fields = ("salesman", "rule_code", "label", "type", "value", "reached", "amount", "reward")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(PayoutRun)
class PayoutRunAdmin(admin.ModelAdmin):
    """Read-only: runs change only through incentives.payouts.services (close, approve, lock,
    adjust), which take the month's lock and record who did what."""

    list_display = ("month", "status", "computed_at", "approved_by", "locked_by")
    list_filter = ("status",)
    readonly_fields = (
        "month",
        "status",
        "computed_at",
        "approved_at",
        "approved_by",
        "locked_at",
        "locked_by",
    )
    inlines = [PayoutLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Adjustment)
class AdjustmentAdmin(admin.ModelAdmin):
    list_display = ("run", "salesman", "amount", "reason", "created_by", "created_at")
    readonly_fields = ("run", "salesman", "amount", "reason", "for_month", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

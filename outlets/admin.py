from django.contrib import admin

from org.admin_locks import LockAwareAdmin, LockedMonthAdmin

from .models import MetricValue, OrderLine, Outlet, Product, ShelfAudit, TeamMetricValue, Visit


@admin.register(Outlet)
class OutletAdmin(LockedMonthAdmin):
    list_display = (
        "code",
        "name",
        "channel",
        "type",
        "territory",
        "salesman",
        "key_account",
        "active",
    )
    list_filter = ("channel", "type", "key_account", "active")
    search_fields = ("code", "name")
    raw_id_fields = ("salesman", "acquired_by")


@admin.register(Product)
class ProductAdmin(LockAwareAdmin):
    list_display = ("sku", "name", "category", "new_product")
    list_filter = ("category", "new_product")
    search_fields = ("sku", "name")


@admin.register(Visit)
class VisitAdmin(LockedMonthAdmin):
    list_display = ("visit_id", "date", "salesman", "outlet")
    date_hierarchy = "date"
    raw_id_fields = ("salesman", "outlet")


@admin.register(OrderLine)
class OrderLineAdmin(LockedMonthAdmin):
    list_display = ("order_no", "date", "salesman", "outlet", "product", "quantity", "amount")
    date_hierarchy = "date"
    search_fields = ("order_no",)
    raw_id_fields = ("salesman", "outlet", "product")


@admin.register(ShelfAudit)
class ShelfAuditAdmin(LockedMonthAdmin):
    list_display = (
        "audit_id",
        "date",
        "salesman",
        "outlet",
        "planogram_compliance",
        "osa",
        "share_of_shelf",
    )
    date_hierarchy = "date"
    raw_id_fields = ("salesman", "outlet")


@admin.register(MetricValue)
class MetricValueAdmin(admin.ModelAdmin):
    """Read only: the values are a view of the snapshots, which only the metric service writes."""

    list_display = ("salesman", "month", "metric", "value", "computed_at")
    list_filter = ("metric", "month")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TeamMetricValue)
class TeamMetricValueAdmin(LockedMonthAdmin):
    list_display = ("team", "month", "metric", "value", "computed_at")
    list_filter = ("metric", "month")

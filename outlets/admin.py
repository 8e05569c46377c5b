from django.contrib import admin

from org.admin_locks import LockAwareAdmin, LockedMonthAdmin

from .models import MetricValue, OrderLine, Outlet, Product, ShelfAudit, TeamMetricValue, Visit
from .stamps import record_change


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

    # A line changed by hand changes its month's field data (and the month it was moved out
    # of): stamped once stored, like an import (outlets/stamps.py).
    def save_model(self, request, obj, form, change):
        stored = OrderLine.objects.filter(pk=obj.pk).values_list("date", flat=True).first()
        super().save_model(request, obj, form, change)
        record_change(months=[day for day in (obj.date, stored) if day is not None])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record_change(months=[obj.date])

    def delete_queryset(self, request, queryset):
        months = set(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        record_change(months=months)


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

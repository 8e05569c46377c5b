from django.contrib import admin

from org.admin_locks import LockAwareAdmin, LockedMonthAdmin

from .models import CheckIn, Cycle, KeyResult, Objective


@admin.register(Cycle)
class CycleAdmin(LockAwareAdmin):
    list_display = ("code", "name", "kind", "start", "end")


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    extra = 0
    fields = ("title_id", "kind", "metric", "start_value", "target_value", "direction", "weight")


@admin.register(Objective)
class ObjectiveAdmin(LockedMonthAdmin):
    list_display = ("code", "title_id", "cycle", "level", "team", "owner")
    list_filter = ("cycle", "level")
    search_fields = ("code", "title_id", "title_en")
    filter_horizontal = ("participants",)
    inlines = [KeyResultInline]


@admin.register(CheckIn)
class CheckInAdmin(LockedMonthAdmin):
    list_display = ("key_result", "date", "value", "confidence", "by")
    list_filter = ("date",)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = _("KPIs and scorecards")

    def ready(self):
        from org import panels

        # The `targets` and `actuals` import kinds join the outlets import registry.
        from . import dashboard, imports  # noqa: F401

        panels.register(dashboard.panel, order=10)

        # An import of field data that touches the current month queues its refresh.
        from outlets.imports.signals import field_data_imported

        from .tasks import refresh_after_import

        field_data_imported.connect(refresh_after_import, dispatch_uid="kpi-refresh-after-import")
        # A level changed by the salesmen import is an override, recorded with the audit trail.
        from outlets.imports.signals import salesman_levels_imported

        from .gamification.levels import levels_imported

        salesman_levels_imported.connect(levels_imported, dispatch_uid="kpi-levels-imported")
        # So does a change of the working-day calendar of the current month.
        from org.days_off import calendar_changed

        calendar_changed.connect(refresh_after_import, dispatch_uid="kpi-refresh-after-calendar")
        # A refresh of the month publishes its boards and battle for the salesmen's pages.
        from .dashboard_parts import on_month_refreshed
        from .live import month_refreshed

        month_refreshed.connect(on_month_refreshed, dispatch_uid="kpi-publish-dashboards")

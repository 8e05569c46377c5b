from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Incentives")

    def ready(self):
        from kpi.live import month_refreshed
        from org import panels

        from . import dashboard, live
        from . import waiting as waiting_panel

        panels.register(dashboard.panel, order=20)
        panels.register(waiting_panel.panel, order=5)  # a run to approve or lock, first
        # Each refresh of the month in progress stores the projections after the pace scores.
        month_refreshed.connect(live.on_month_refreshed, dispatch_uid="incentives-projections")

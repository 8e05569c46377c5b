from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OkrConfig(AppConfig):
    name = "okr"
    verbose_name = _("OKRs")

    def ready(self):
        from org import panels

        from . import dashboard

        panels.register(dashboard.panel, order=30)

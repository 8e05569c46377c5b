from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutletsConfig(AppConfig):
    name = "outlets"
    verbose_name = _("Outlets")

    def ready(self):
        from org import panels

        from . import dashboard
        from .imports import holidays  # noqa: F401  the `holidays` import kind registers itself

        panels.register(dashboard.panel, order=40)

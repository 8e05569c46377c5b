from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutletsConfig(AppConfig):
    name = "outlets"
    verbose_name = _("Outlets")

    def ready(self):
        from org import panels

        from . import dashboard, stamps
        from .imports import holidays  # noqa: F401  the `holidays` import kind registers itself
        from .imports.signals import field_data_imported

        panels.register(dashboard.panel, order=40)
        # Each change of a month's order lines stamps the month (outlets/stamps.py).
        field_data_imported.connect(stamps.stamp_after_import, dispatch_uid="outlets-stamp")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "kpi"
    verbose_name = _("KPIs and scorecards")

    def ready(self):
        # The `targets` and `actuals` import kinds join the outlets import registry.
        from . import imports  # noqa: F401

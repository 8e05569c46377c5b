from django.apps import AppConfig


class OkrConfig(AppConfig):
    name = "okr"

    def ready(self):
        from org import panels

        from . import dashboard

        panels.register(dashboard.panel, order=30)

from django.apps import AppConfig


class OutletsConfig(AppConfig):
    name = "outlets"

    def ready(self):
        from org import panels

        from . import dashboard

        panels.register(dashboard.panel, order=40)

from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "incentives"

    def ready(self):
        from org import panels

        from . import dashboard

        panels.register(dashboard.panel, order=20)

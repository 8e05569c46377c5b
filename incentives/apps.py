from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "incentives"

from django.apps import AppConfig


class SpmConfig(AppConfig):
    name = "spm"
    verbose_name = "Kinerja"

from django.apps import AppConfig


class SpmConfig(AppConfig):
    name = "spm"
    verbose_name = "Kinerja"

    def ready(self):
        # Load the Celery app (it becomes the current app) in every process that sets Django
        # up, so `shared_task`s queue through it. Here rather than in `spm/__init__.py`, so that
        # importing `spm.money` or `spm.months` does not pull Celery in; the worker and beat
        # name the app module: `celery -A spm.celery worker`.
        from . import celery  # noqa: F401

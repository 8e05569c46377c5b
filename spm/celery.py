import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spm.settings")

app = Celery("spm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# A package inside an app that keeps its own tasks module: the leaderboard job.
app.autodiscover_tasks(["kpi.gamification"])

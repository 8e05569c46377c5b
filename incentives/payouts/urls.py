"""Payout run and statement pages (included by incentives/urls.py)."""

from django.urls import path

from incentives.payouts import accrual_views
from incentives.payouts import views as run_views

urlpatterns = [
    path("incentives/runs/", run_views.run_list, name="runs"),
    path("incentives/runs/close/", run_views.run_close, name="run-close"),
    path("incentives/runs/<str:period>/", run_views.run_detail, name="run"),
    path("incentives/runs/<str:period>/review/", run_views.run_review, name="run-review"),
    path("incentives/runs/<str:period>/approve/", run_views.run_approve, name="run-approve"),
    path("incentives/runs/<str:period>/lock/", run_views.run_lock, name="run-lock"),
    path("incentives/runs/<str:period>/adjust/", run_views.run_adjust, name="run-adjust"),
    path(
        "incentives/runs/<str:period>/export.<str:fmt>",
        run_views.run_export,
        name="run-export",
    ),
    path("incentives/accruals/", accrual_views.accruals_page, name="accruals"),
    path(
        "incentives/accruals/export.<str:fmt>",
        accrual_views.accruals_export,
        name="accruals-export",
    ),
    path("incentives/statements/", run_views.my_statements, name="my-statements"),
    path("incentives/statements/<str:code>/", run_views.statement_list, name="statements"),
    path(
        "incentives/statements/<str:code>/<str:period>/",
        run_views.statement_detail,
        name="statement",
    ),
]

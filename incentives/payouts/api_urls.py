"""Payout run and statement API routes (included by incentives/api_urls.py)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from incentives.payouts import accrual_views
from incentives.payouts import api as run_api

router = SimpleRouter()
router.register("payout-runs", run_api.PayoutRunViewSet, basename="payout-run")

urlpatterns = [
    path("statements/<str:code>/", run_api.statement_list, name="api-statements"),
    path(
        "statements/<str:code>/<str:period>/",
        run_api.statement,
        name="api-statement",
    ),
    path("accruals/", accrual_views.accruals_api, name="api-accruals"),
    path("", include(router.urls)),
]

"""Plan API routes (included by incentives/api_urls.py)."""

from django.urls import path

from incentives.plans import api as plan_api

urlpatterns = [
    path("plans/", plan_api.plan_list, name="api-plans"),
    path("plans/simulate/", plan_api.plan_simulate, name="api-plan-simulate"),
    path("plans/<str:code>/", plan_api.plan_detail, name="api-plan"),
]

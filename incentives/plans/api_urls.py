"""Plan API routes (included by incentives/api_urls.py)."""

from django.urls import path

from incentives.plans import api as plan_api
from incentives.plans import version_api

urlpatterns = [
    path("plans/", plan_api.plan_list, name="api-plans"),
    path("plans/simulate/", plan_api.plan_simulate, name="api-plan-simulate"),
    path("plans/<str:code>/", plan_api.plan_detail, name="api-plan"),
    path("plans/<str:code>/versions/", version_api.plan_versions, name="api-plan-versions"),
    path(
        "plans/<str:code>/versions/<int:number>/publish/",
        version_api.plan_version_publish,
        name="api-plan-version-publish",
    ),
]

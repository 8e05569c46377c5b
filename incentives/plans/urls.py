"""Plan editor and what-if pages (included by incentives/urls.py)."""

from django.urls import path

from incentives.plans import version_views
from incentives.plans import views as plan_views

urlpatterns = [
    path("incentives/plans/", plan_views.plan_list, name="plans"),
    path("incentives/plans/new/", plan_views.plan_create, name="plan-create"),
    path("incentives/plans/import/", plan_views.plan_import, name="plan-import"),
    path("incentives/plans/simulate/", plan_views.simulate_page, name="simulate"),
    path("incentives/plans/<str:code>/", plan_views.plan_detail, name="plan"),
    path("incentives/plans/<str:code>/edit/", plan_views.plan_edit, name="plan-edit"),
    path("incentives/plans/<str:code>/json/", plan_views.plan_json, name="plan-json"),
    path("incentives/plans/<str:code>/history/", plan_views.plan_history, name="plan-history"),
    path(
        "incentives/plans/<str:code>/versions/",
        version_views.plan_versions,
        name="plan-versions",
    ),
    path("incentives/plans/<str:code>/rules/add/", plan_views.rule_add, name="rule-add"),
    path(
        "incentives/plans/<str:code>/rules/<str:rule_code>/edit/",
        plan_views.rule_edit,
        name="rule-edit",
    ),
    path(
        "incentives/plans/<str:code>/rules/<str:rule_code>/delete/",
        plan_views.rule_delete,
        name="rule-delete",
    ),
    path(
        "incentives/plans/<str:code>/rules/<str:rule_code>/<str:direction>/",
        plan_views.rule_move,
        name="rule-move",
    ),
]

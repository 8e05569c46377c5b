from django.urls import path

from . import group_views, import_views, views

app_name = "outlets"

urlpatterns = [
    path("outlets/import/", import_views.import_upload, name="import"),
    path("outlets/import/jobs/<int:pk>/", import_views.import_job, name="import-job"),
    path(
        "outlets/import/jobs/<int:pk>/confirm/",
        import_views.import_confirm,
        name="import-confirm",
    ),
    path("outlets/", views.outlet_list, name="list"),
    path("outlets/o/<str:code>/", views.outlet_detail, name="outlet"),
    path("outlets/metrics/", views.my_metrics, name="my-metrics"),
    path(
        "outlets/metrics/<str:code>/",
        views.salesman_metrics,
        name="salesman-metrics-current",
    ),
    path(
        "outlets/metrics/<str:code>/<str:month>/",
        views.salesman_metrics,
        name="salesman-metrics",
    ),
    path("outlets/teams/", views.team_metrics, name="team-metrics-current"),
    path("outlets/teams/<int:team_id>/<str:month>/", views.team_metrics, name="team-metrics"),
    path("outlets/groups/", group_views.group_list, name="groups"),
    path("outlets/groups/new/", group_views.group_edit, name="group-new"),
    path("outlets/groups/<str:code>/", group_views.group_edit, name="group-edit"),
    path("outlets/groups/<str:code>/delete/", group_views.group_delete, name="group-delete"),
]

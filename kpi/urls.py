from django.urls import path

from . import views

app_name = "kpi"

urlpatterns = [
    path("kpi/kras/", views.kra_list, name="kras"),
    path("kpi/kras/new/", views.kra_edit, name="kra-new"),
    path("kpi/kras/<int:pk>/", views.kra_edit, name="kra-edit"),
    path("kpi/kpis/", views.kpi_list, name="kpis"),
    path("kpi/kpis/new/", views.kpi_edit, name="kpi-new"),
    path("kpi/kpis/<slug:code>/", views.kpi_edit, name="kpi-edit"),
    path("kpi/templates/", views.template_list, name="templates"),
    path("kpi/templates/new/", views.template_edit, name="template-new"),
    path("kpi/templates/import/", views.template_import, name="template-import"),
    path("kpi/templates/<slug:code>/", views.template_edit, name="template-edit"),
    path("kpi/templates/<slug:code>/export/", views.template_export, name="template-export"),
    path("kpi/templates/<slug:code>/delete/", views.template_delete, name="template-delete"),
    path("kpi/templates/<slug:code>/assign/", views.template_assign, name="template-assign"),
    path("kpi/targets/", views.targets, name="targets"),
    path("kpi/targets/breakdown/", views.breakdown, name="breakdown"),
    path("kpi/scorecards/", views.scorecard_table, name="scorecards"),
    path("kpi/scorecards/compute/", views.scorecard_compute, name="compute"),
    path("kpi/scorecards/me/", views.my_scorecard, name="my-scorecard"),
    path("kpi/scorecards/<str:code>/", views.scorecard_detail, name="scorecard-current"),
    path("kpi/scorecards/<str:code>/<str:month>/", views.scorecard_detail, name="scorecard"),
    path("kpi/sheet/", views.score_a_sheet, name="sheet"),
]

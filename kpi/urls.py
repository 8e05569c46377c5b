from django.urls import path

from .views import breakdown, kpis, overview, scorecards, sheet, targets, templates

app_name = "kpi"

urlpatterns = [
    path("kpi/kras/", kpis.kra_list, name="kras"),
    path("kpi/kras/new/", kpis.kra_edit, name="kra-new"),
    path("kpi/kras/<int:pk>/", kpis.kra_edit, name="kra-edit"),
    path("kpi/kpis/", kpis.kpi_list, name="kpis"),
    path("kpi/kpis/new/", kpis.kpi_edit, name="kpi-new"),
    path("kpi/kpis/<slug:code>/", kpis.kpi_edit, name="kpi-edit"),
    path("kpi/templates/", templates.template_list, name="templates"),
    path("kpi/templates/new/", templates.template_edit, name="template-new"),
    path("kpi/templates/import/", templates.template_import, name="template-import"),
    path("kpi/templates/<slug:code>/", templates.template_edit, name="template-edit"),
    path("kpi/templates/<slug:code>/export/", templates.template_export, name="template-export"),
    path("kpi/templates/<slug:code>/delete/", templates.template_delete, name="template-delete"),
    path("kpi/templates/<slug:code>/assign/", templates.template_assign, name="template-assign"),
    path("kpi/targets/", targets.targets, name="targets"),
    path("kpi/targets/breakdown/", breakdown.breakdown, name="breakdown"),
    path("kpi/scorecards/", scorecards.scorecard_table, name="scorecards"),
    path("kpi/scorecards/compute/", scorecards.scorecard_compute, name="compute"),
    path("kpi/scorecards/me/", scorecards.my_scorecard, name="my-scorecard"),
    path("kpi/scorecards/<str:code>/", scorecards.scorecard_detail, name="scorecard-current"),
    path("kpi/scorecards/<str:code>/<str:month>/", scorecards.scorecard_detail, name="scorecard"),
    path("kpi/sheet/", sheet.score_a_sheet, name="sheet"),
    path("kpi/overview/", overview.team_overview, name="overview"),
]

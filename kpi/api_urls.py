from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("kpi/kras", api.KRAViewSet, basename="kpi-kra")
router.register("kpi/kpis", api.KPIViewSet, basename="kpi-kpi")
router.register("kpi/templates", api.TemplateViewSet, basename="kpi-template")
router.register("kpi/targets", api.TargetViewSet, basename="kpi-target")
router.register("kpi/actuals", api.ManualActualViewSet, basename="kpi-actual")
router.register("kpi/scorecards", api.ScorecardViewSet, basename="kpi-scorecard")

urlpatterns = [
    path("kpi/preview/", api.PreviewView.as_view(), name="kpi-preview"),
    path("kpi/breakdown/", api.BreakdownView.as_view(), name="kpi-breakdown"),
    path("", include(router.urls)),
]

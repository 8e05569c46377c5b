from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api
from .gamification import api as gamification

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
    # Leaderboards, badges, levels and the battle (docs/contracts.md "Gamification document").
    path("leaderboards/", gamification.LeaderboardList.as_view(), name="leaderboard-list"),
    path(
        "leaderboards/<str:code>/",
        gamification.LeaderboardDetail.as_view(),
        name="leaderboard-detail",
    ),
    path("badges/awards/", gamification.BadgeAwardList.as_view(), name="badge-award-list"),
    path(
        "salesmen/<str:code>/levels/",
        gamification.SalesmanLevels.as_view(),
        name="salesman-levels",
    ),
    path("battles/", gamification.BattleView.as_view(), name="battle"),
]

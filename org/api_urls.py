from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api, calendar_api

router = DefaultRouter()
router.register("salesmen", api.SalesmanViewSet, basename="salesman")
router.register("teams", api.TeamViewSet, basename="team")
router.register("territories", api.TerritoryViewSet, basename="territory")
router.register("holidays", calendar_api.CompanyDayOffViewSet, basename="holiday")

urlpatterns = [
    path("me/", api.me, name="api-me"),
    path("me/token/", api.my_token, name="api-my-token"),
    path("", include(router.urls)),
]

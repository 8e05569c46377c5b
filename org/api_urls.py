from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("salesmen", api.SalesmanViewSet, basename="salesman")
router.register("teams", api.TeamViewSet, basename="team")

urlpatterns = [
    path("me/", api.me, name="api-me"),
    path("me/token/", api.my_token, name="api-my-token"),
    path("", include(router.urls)),
]

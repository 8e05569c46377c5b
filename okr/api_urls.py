from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("okr/cycles", api.CycleViewSet, basename="okr-cycle")
router.register("okr/objectives", api.ObjectiveViewSet, basename="okr-objective")

urlpatterns = [
    path(
        "okr/key-results/<int:pk>/check-ins/",
        api.key_result_check_ins,
        name="okr-key-result-check-ins",
    ),
    path("", include(router.urls)),
]

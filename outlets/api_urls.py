from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, import_api

router = SimpleRouter()
router.register("outlets", api.OutletViewSet, basename="outlet")
router.register("products", api.ProductViewSet, basename="product")
router.register("visits", api.VisitViewSet, basename="visit")
router.register("orders", api.OrderLineViewSet, basename="orderline")
router.register("audits", api.ShelfAuditViewSet, basename="shelfaudit")
router.register("metrics", api.MetricValueViewSet, basename="metricvalue")
router.register("team-metrics", api.TeamMetricValueViewSet, basename="teammetricvalue")

urlpatterns = [
    path("imports/", import_api.ImportView.as_view(), name="api-imports"),
    path("imports/<int:pk>/", import_api.ImportJobView.as_view(), name="api-import-job"),
    path("", include(router.urls)),
]

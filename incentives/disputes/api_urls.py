"""Dispute API routes (included by incentives/api_urls.py)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from incentives.disputes.api import DisputeViewSet

router = SimpleRouter()
router.register("disputes", DisputeViewSet, basename="dispute")

urlpatterns = [path("", include(router.urls))]

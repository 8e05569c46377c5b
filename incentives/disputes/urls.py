"""Dispute pages (included by incentives/urls.py)."""

from django.urls import path

from incentives.disputes import views

urlpatterns = [
    path("incentives/disputes/", views.dispute_list, name="disputes"),
    path("incentives/disputes/new/", views.dispute_create, name="dispute-create"),
    path("incentives/disputes/<int:pk>/", views.dispute_detail, name="dispute"),
    path("incentives/disputes/<int:pk>/comment/", views.dispute_comment, name="dispute-comment"),
    path("incentives/disputes/<int:pk>/resolve/", views.dispute_resolve, name="dispute-resolve"),
]

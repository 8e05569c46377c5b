from django.urls import path

from . import my_month_views

urlpatterns = [
    path("incentives/my-month/", my_month_views.my_month_page, name="my-month"),
]
api_urlpatterns = [
    path("dashboard/", my_month_views.MyDashboard.as_view(), name="dashboard"),
]

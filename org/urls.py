from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/<str:code>/", views.person_detail, name="person"),
    path("teams/", views.team_list, name="teams"),
    path("audit/", views.audit_list, name="audit"),
    path("account/api-token/", views.api_token, name="api-token"),
]

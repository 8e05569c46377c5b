from django.urls import path

from . import calendar_views, views

app_name = "org"

urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/<str:code>/", views.person_detail, name="person"),
    path("teams/", views.team_list, name="teams"),
    path("audit/", views.audit_list, name="audit"),
    path("account/api-token/", views.api_token, name="api-token"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/days-off/new/", calendar_views.day_off_edit, name="day-off-add"),
    path("calendar/days-off/<int:pk>/", calendar_views.day_off_edit, name="day-off-edit"),
    path(
        "calendar/days-off/<int:pk>/delete/", calendar_views.day_off_delete, name="day-off-delete"
    ),
]

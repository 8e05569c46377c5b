from django.urls import path

from . import views

app_name = "okr"

urlpatterns = [
    path("okr/", views.okr_home, name="home"),
    path("okr/cycles/", views.cycle_list, name="cycles"),
    path("okr/cycles/<str:code>/", views.cycle_tree, name="cycle"),
    path("okr/objectives/", views.objective_list, name="objectives"),
    path("okr/objectives/new/", views.objective_create, name="objective_create"),
    path("okr/objectives/<str:code>/", views.objective_detail, name="objective"),
    path("okr/objectives/<str:code>/edit/", views.objective_edit, name="objective_edit"),
    path(
        "okr/objectives/<str:code>/key-results/new/",
        views.key_result_create,
        name="key_result_create",
    ),
    path("okr/key-results/<int:pk>/edit/", views.key_result_edit, name="key_result_edit"),
    path("okr/key-results/<int:pk>/delete/", views.key_result_delete, name="key_result_delete"),
    path("okr/key-results/<int:pk>/check-in/", views.check_in, name="check_in"),
]

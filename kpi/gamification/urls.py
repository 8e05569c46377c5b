from django.urls import path

from . import views

app_name = "gamification"

urlpatterns = [
    path("leaderboards/", views.leaderboards, name="leaderboards"),
    path("badges/", views.badges, name="badges"),
    path("badges/<str:code>/level/", views.level_set, name="level-set"),
    path("gamification/", views.setup, name="setup"),
    path("gamification/boards/new/", views.board_edit, name="board-new"),
    path("gamification/boards/<slug:code>/", views.board_edit, name="board-edit"),
    path("gamification/badges/new/", views.badge_edit, name="badge-new"),
    path("gamification/badges/<slug:code>/", views.badge_edit, name="badge-edit"),
    path("gamification/<str:kind>/<slug:code>/delete/", views.item_delete, name="item-delete"),
    path("gamification/levels/", views.levels_edit, name="levels"),
    path("gamification/export/", views.export, name="export"),
    path("gamification/import/", views.import_document, name="import"),
]

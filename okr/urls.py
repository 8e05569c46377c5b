app_name = "okr"

urlpatterns: list = []

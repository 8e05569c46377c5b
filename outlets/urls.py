app_name = "outlets"

urlpatterns: list = []

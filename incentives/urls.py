from .plan_urls import urlpatterns as plan_urlpatterns
from .run_urls import urlpatterns as run_urlpatterns

app_name = "incentives"

urlpatterns: list = []
urlpatterns += run_urlpatterns
urlpatterns += plan_urlpatterns

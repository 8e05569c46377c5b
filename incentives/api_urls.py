from .plan_api_urls import urlpatterns as plan_api_urlpatterns
from .run_api_urls import urlpatterns as run_api_urlpatterns

urlpatterns: list = []
urlpatterns += run_api_urlpatterns
urlpatterns += plan_api_urlpatterns

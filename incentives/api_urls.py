from incentives.disputes.api_urls import urlpatterns as dispute_api_urlpatterns
from incentives.my_month_urls import api_urlpatterns as my_month_api_urlpatterns
from incentives.payouts.api_urls import urlpatterns as run_api_urlpatterns
from incentives.plans.api_urls import urlpatterns as plan_api_urlpatterns

urlpatterns: list = []
urlpatterns += run_api_urlpatterns
urlpatterns += plan_api_urlpatterns
urlpatterns += my_month_api_urlpatterns
urlpatterns += dispute_api_urlpatterns

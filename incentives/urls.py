from incentives.disputes.urls import urlpatterns as dispute_urlpatterns
from incentives.my_month_urls import urlpatterns as my_month_urlpatterns
from incentives.payouts.urls import urlpatterns as run_urlpatterns
from incentives.plans.urls import urlpatterns as plan_urlpatterns

app_name = "incentives"

urlpatterns: list = []
urlpatterns += run_urlpatterns
urlpatterns += plan_urlpatterns
urlpatterns += my_month_urlpatterns
urlpatterns += dispute_urlpatterns

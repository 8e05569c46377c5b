from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from org import views as org_views

api_patterns = [
    path("", include("org.api_urls")),
    path("", include("outlets.api_urls")),
    path("", include("kpi.api_urls")),
    path("", include("okr.api_urls")),
    path("", include("incentives.api_urls")),
]

urlpatterns = [
    path("", org_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the Content-Security-Policy
    # allows no inline script (templates/drf_spectacular/swagger_ui.html drops the inline style).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("org.urls")),
    path("", include("outlets.urls")),
    path("", include("kpi.urls")),
    path("", include("kpi.gamification.urls")),
    path("", include("okr.urls")),
    path("", include("incentives.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from beatbridge.core.discovery import app_modules

# SimpleAdminConfig (settings.py) does not autodiscover: import our apps' and auth's admins.
app_modules("admin", ("beatbridge.", "django.contrib.auth"))

urlpatterns = [
    path("", include("beatbridge.web.urls")),
    path("accounts/", include("beatbridge.accounts.urls")),
    path("areas/", include("beatbridge.areas.urls")),
    path("concerns/", include("beatbridge.concerns.urls")),
    path("tips/", include("beatbridge.concerns.tips.urls")),
    path("data/", include("beatbridge.data.urls")),
    path("meetings/", include("beatbridge.meetings.urls")),
    path("priorities/", include("beatbridge.priorities.urls")),
    path("surveys/", include("beatbridge.surveys.urls")),
    path("projects/", include("beatbridge.projects.urls")),
    path("insights/", include("beatbridge.analysis.urls")),
    path("watch/", include("beatbridge.watch.urls")),
    path("outreach/", include("beatbridge.outreach.urls")),
    path("subscriptions/", include("beatbridge.subscriptions.urls")),
    path("privacy/", include("beatbridge.privacy.urls")),
    path("", include("beatbridge.ops.urls")),
    path("open311/v2/", include("beatbridge.concerns.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include("beatbridge.api_urls")),
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]

# Requests no view handled: JSON under /api/ and /open311/, the site's own pages elsewhere.
handler400 = "beatbridge.web.errors.bad_request"
handler403 = "beatbridge.web.errors.permission_denied"
handler404 = "beatbridge.web.errors.page_not_found"
handler500 = "beatbridge.web.errors.server_error"

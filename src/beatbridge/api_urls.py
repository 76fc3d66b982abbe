"""All REST API routes under /api/v1/, gathered from each app's api module."""

from django.urls import include, path

urlpatterns = [
    path("", include("beatbridge.areas.api_urls")),
    path("", include("beatbridge.accounts.api_urls")),
    path("", include("beatbridge.concerns.api_urls")),
]

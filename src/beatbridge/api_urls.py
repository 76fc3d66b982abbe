"""All REST API routes under /api/v1/, gathered from each app's api module."""

from django.urls import include, path

urlpatterns = [
    path("", include("beatbridge.areas.api_urls")),
    path("", include("beatbridge.accounts.api_urls")),
    path("", include("beatbridge.concerns.api_urls")),
    path("", include("beatbridge.concerns.tips.api_urls")),
    path("", include("beatbridge.data.api_urls")),
    path("", include("beatbridge.meetings.api_urls")),
    path("", include("beatbridge.priorities.api_urls")),
    path("", include("beatbridge.surveys.api_urls")),
    path("", include("beatbridge.projects.api_urls")),
    path("", include("beatbridge.analysis.api_urls")),
    path("", include("beatbridge.watch.api_urls")),
    path("", include("beatbridge.outreach.api_urls")),
    path("", include("beatbridge.subscriptions.api_urls")),
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("meetings", api.MeetingViewSet, basename="api-meetings")
router.register("meeting-series", api.SeriesViewSet, basename="api-meeting-series")

urlpatterns = [
    path(
        "rsvps/confirm/", api.ConfirmRSVPView.as_view({"post": "create"}), name="api-rsvp-confirm"
    ),
    path("rsvps/cancel/", api.CancelRSVPView.as_view({"post": "create"}), name="api-rsvp-cancel"),
    path(
        "meeting-proposals/<int:pk>/decision/",
        api.ProposalDecisionView.as_view({"post": "create"}),
        name="api-proposal-decision",
    ),
    *router.urls,
]

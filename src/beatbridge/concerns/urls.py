from django.urls import path

from . import partner, views

app_name = "concerns"
urlpatterns = [
    path("", views.concern_list, name="list"),
    path("map.geojson", views.concern_geojson, name="geojson"),
    path("new/", views.concern_new, name="new"),
    path("similar/", views.similar_fragment, name="similar"),
    path("triage/", views.triage_queue, name="triage"),
    path("<int:pk>/", views.concern_detail, name="detail"),
    path("<int:pk>/support/", views.concern_support, name="support"),
    path("<int:pk>/reopen/", views.concern_reopen, name="reopen"),
    path("<int:pk>/manage/", views.concern_manage, name="manage"),
    path("<int:pk>/manage/<str:action>/", views.concern_action, name="action"),
    path("<int:pk>/referral/<str:action>/", partner.referral_action, name="referral_action"),
    # Tracking pages: the token comes by POST (links carry it in the #fragment, links.py).
    path("track/", views.track, name="track"),
    path("track/reply/", views.track_reply, name="track_reply"),
    path("track/reopen/", views.track_reopen, name="track_reopen"),
    path("track/fixed/", views.track_fixed, name="track_fixed"),
    # Links mailed before that, with the token in the path: they still open (masked in logs).
    path("track/<str:token>/", views.track_link, name="track_link"),
    path("track/<str:token>/submitted/", views.submitted_link, name="submitted_link"),
    path("track/<str:token>/reply/", views.track_reply, name="track_reply_link"),
    path("track/<str:token>/reopen/", views.track_reopen, name="track_reopen_link"),
    path("track/<str:token>/fixed/", views.track_fixed, name="track_fixed_link"),
]

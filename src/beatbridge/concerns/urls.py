from django.urls import path

from . import views

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
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/submitted/", views.submitted, name="submitted"),
    path("track/<str:token>/reply/", views.track_reply, name="track_reply"),
    path("track/<str:token>/reopen/", views.track_reopen, name="track_reopen"),
    path("track/<str:token>/fixed/", views.track_fixed, name="track_fixed"),
]

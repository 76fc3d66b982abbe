from django.urls import path

from . import feeds, partner, views, views_running

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("feeds/city.ics", feeds.city_feed, name="feed_city"),
    path("feeds/area/<str:kind>/<str:code>.ics", feeds.area_feed, name="feed_area"),
    path("rsvp/confirm/<str:token>/", views.rsvp_confirm, name="rsvp_confirm"),
    path("rsvp/<str:token>/", views.rsvp_cancel, name="rsvp_cancel"),
    path("proposals/<int:pk>/decide/", views.decide_proposal, name="decide_proposal"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("action-items/<int:pk>/status/", partner.action_item_status, name="action_item_status"),
    path("<int:pk>/calendar.ics", feeds.meeting_ics, name="ics"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/move/", views.meeting_move, name="move"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/sign-in/", views_running.signin_sheet, name="signin"),
    path("<int:pk>/agenda/", views_running.agenda_edit, name="agenda"),
    path("<int:pk>/minutes/", views_running.minutes_edit, name="minutes"),
    path("<int:pk>/walk-through/", views_running.walkthrough, name="walkthrough"),
    path("<int:pk>/workshop/", views_running.workshop, name="workshop"),
]

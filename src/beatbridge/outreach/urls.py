from django.urls import path

from . import feeds, views

app_name = "outreach"

urlpatterns = [
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("announcements/<int:pk>/edit/", views.announcement_edit, name="announcement_edit"),
    path(
        "announcements/<int:pk>/withdraw/",
        views.announcement_withdraw,
        name="announcement_withdraw",
    ),
    path("announcements/<int:pk>/card.png", views.announcement_card, name="announcement_card"),
    path("announcements/<int:pk>/image", views.announcement_image, name="announcement_image"),
    path("feeds/city.atom", feeds.CityFeed(), name="feed_city"),
    path("feeds/area/<str:kind>/<str:code>.atom", feeds.AreaFeed(), name="feed_area"),
    path("feeds/category/<slug:category>.atom", feeds.CategoryFeed(), name="feed_category"),
    path("share/<str:kind>/<str:code>/", views.area_share, name="area_share"),
    path("share/<str:kind>/<str:code>/card.png", views.area_card, name="area_card"),
    path("resources/", views.resource_list, name="resources"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
    path("resources/<slug:slug>/download", views.resource_download, name="resource_download"),
    path("workshops/request/<str:code>/", views.workshop_request, name="workshop_request"),
    path("workshops/requests/", views.workshop_requests, name="workshop_requests"),
    path(
        "workshops/requests/<int:pk>/decide/",
        views.workshop_request_decide,
        name="workshop_request_decide",
    ),
    path("officer-card/", views.officer_profile, name="officer_profile"),
    path("officers/<int:pk>/photo", views.officer_photo, name="officer_photo"),
]

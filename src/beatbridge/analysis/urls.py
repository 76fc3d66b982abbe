from django.urls import path

from . import views, views_staff

app_name = "analysis"

urlpatterns = [
    path("", views.index, name="index"),
    path("methods/", views.methods, name="methods"),
    path("hotspots/", views.hotspots, name="hotspots"),
    path("hotspots/<str:kind>/<str:code>/", views.hotspots, name="hotspots_area"),
    path("near-repeat/", views.near_repeat, name="near_repeat"),
    path("near-repeat/refresh/", views.near_repeat_refresh, name="near_repeat_refresh"),
    path("near-repeat/<str:code>/", views.near_repeat, name="near_repeat_category"),
    path("trends/", views_staff.trends, name="trends"),
    path("trends/refresh/", views_staff.trends_refresh, name="trends_refresh"),
    path("balance/", views_staff.balance, name="balance"),
    path("balance/<str:code>/", views_staff.balance_area, name="balance_area"),
    path(
        "balance/<str:code>/alerts/<int:pk>/respond/",
        views_staff.wedge_respond,
        name="wedge_respond",
    ),
    path("needs/", views_staff.needs, name="needs"),
    path("needs/population/", views_staff.population_upload, name="population_upload"),
    path("needs/<str:code>/", views_staff.needs_area, name="needs_area"),
    path("needs/<str:code>/run/", views_staff.needs_run, name="needs_run"),
]

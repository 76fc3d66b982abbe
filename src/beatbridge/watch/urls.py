from django.urls import path

from . import views

app_name = "watch"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("guide/", views.guide, name="guide"),
    path("health/", views.health_list, name="health_list"),
    path("new/<str:kind>/<str:code>/", views.new_group, name="new"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("<int:pk>/health/", views.health, name="health"),
    path("<int:pk>/<str:verb>/", views.group_action, name="action"),
]

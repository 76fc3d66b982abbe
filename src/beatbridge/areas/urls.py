from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path("geocode/", views.geocode, name="geocode"),
    path("<str:kind>/", views.area_list, name="list"),
    path("<str:kind>/<str:code>/", views.area_detail, name="detail"),
]

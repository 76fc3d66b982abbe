from django.urls import path

from . import views

app_name = "data"

urlpatterns = [
    path("city/", views.city, name="city"),
    path("dictionary/", views.dictionary, name="dictionary"),
    path("incidents.csv", views.incidents_csv, name="incidents_csv"),
    path("incidents.geojson", views.incidents_geojson, name="incidents_geojson"),
    path("map.geojson", views.map_geojson, name="map_geojson"),
    path("stats/city/monthly.svg", views.city_chart, name="city_chart"),
    path("stats/<str:kind>/<str:code>/monthly.svg", views.area_chart, name="area_chart"),
    path("stats/city/<slug:table>.csv", views.city_table, name="city_table"),
    path("stats/<str:kind>/<str:code>/<slug:table>.csv", views.area_table, name="area_table"),
    path("engagement/new/", views.engagement_new, name="engagement_new"),
]

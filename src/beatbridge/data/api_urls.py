from django.urls import path

from . import api

urlpatterns = [
    path("incidents/", api.IncidentList.as_view(), name="incident-list"),
    path("incidents/exact/", api.ExactIncidentList.as_view(), name="incident-exact-list"),
    path("crime-stats/", api.CrimeStats.as_view(), name="crime-stats"),
    path("offense-categories/", api.OffenseCategoryList.as_view(), name="offense-category-list"),
    path("engagement/", api.EngagementList.as_view(), name="engagement-list"),
]

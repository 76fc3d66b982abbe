from django.urls import path

from . import api

urlpatterns = [
    path("areas/", api.AreaCollection.as_view(), name="api-areas"),
    path("areas/locate/", api.AreaLocate.as_view(), name="api-areas-locate"),
]

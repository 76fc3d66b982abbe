from django.urls import path

from . import api

urlpatterns = [
    path("organizations/", api.OrganizationList.as_view(), name="api-organizations"),
    path("me/", api.Me.as_view(), name="api-me"),
]

from django.urls import path

from . import api

urlpatterns = [
    path("tips/", api.TipListCreate.as_view(), name="api-tips"),
    path("tips/conversation/", api.TipConversation.as_view(), name="api-tip-conversation"),
    path("tips/<int:pk>/", api.TipDetail.as_view(), name="api-tip"),
    path("tips/<int:pk>/messages/", api.TipMessages.as_view(), name="api-tip-messages"),
]

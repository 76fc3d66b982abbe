from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("new/", views.tip_new, name="new"),
    path("c/", views.tip_lookup, name="lookup"),
    # Old links with the code in the path (new ones: /tips/c/#CODE); masked in every log.
    path("c/<str:code>/", views.tip_code_link, name="code_link"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.tip_detail, name="detail"),
    path("<int:pk>/reply/", views.tip_reply, name="reply"),
    path("<int:pk>/status/", views.tip_status, name="status"),
    path("<int:pk>/route/", views.tip_route, name="route"),
]

from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("areas/", views.add_area, name="add_area"),
    path("areas/<int:pk>/", views.edit_area, name="edit_area"),
    path("notifications/", views.notifications, name="notifications"),
    path("email/", views.subscribe_email_page, name="subscribe_email"),
    path("email/sent/", views.subscribe_email_sent, name="subscribe_email_sent"),
    path("confirmed/", views.confirmed, name="confirmed"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribed/", views.unsubscribed, name="unsubscribed"),
    path("manage/<str:key>/", views.manage_page, name="manage"),
    path("manage/<str:key>/areas/", views.manage_add_area, name="manage_add_area"),
    path("manage/<str:key>/areas/<int:pk>/", views.manage_edit_area, name="manage_edit_area"),
    path("unsubscribe/<str:key>/", views.unsubscribe_page, name="unsubscribe"),
]

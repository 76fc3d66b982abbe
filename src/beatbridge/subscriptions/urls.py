from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("notifications/", views.notifications, name="notifications"),
    path("email/", views.subscribe_email_page, name="subscribe_email"),
    path("email/sent/", views.subscribe_email_sent, name="subscribe_email_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:key>/", views.unsubscribe_page, name="unsubscribe"),
]

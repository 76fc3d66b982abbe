from django.urls import path

from beatbridge.ops import health

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz", health.healthz, name="healthz"),  # database and queue,
]

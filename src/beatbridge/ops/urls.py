from django.urls import path

from . import health

app_name = "ops"

urlpatterns = [
    path("metrics", health.metrics, name="metrics"),
]

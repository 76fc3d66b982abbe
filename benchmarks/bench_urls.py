"""The app's URLs plus ``/bench/minimal``, the baseline for ``benchmarks/intake.py``."""

from django.http import JsonResponse
from django.urls import include, path

urlpatterns = [
    path("bench/minimal", lambda request: JsonResponse({"ok": True})),
    path("", include("beatbridge.urls")),
]

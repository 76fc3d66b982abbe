"""The app's URLs plus the baselines for ``benchmarks/intake.py``.

* ``/bench/minimal``: a minimal Django JSON view (the issue's baseline).
* ``/bench/insert-one``: a reference, not a target: the least a view that stores anything
  does — one row written through the ORM in a transaction, answered with its id. It shows
  how much of the gap to the minimal view any ORM write costs on this machine.
"""

from django.db import transaction
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from beatbridge.accounts.models import ActivityEntry


@csrf_exempt
@require_POST
def insert_one(request):
    with transaction.atomic():
        entry = ActivityEntry.objects.create(verb="bench.insert-one")
    return JsonResponse({"id": entry.pk}, status=201)


urlpatterns = [
    path("bench/minimal", lambda request: JsonResponse({"ok": True})),
    path("bench/insert-one", insert_one),
    path("", include("beatbridge.urls")),
]

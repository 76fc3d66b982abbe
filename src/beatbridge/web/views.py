from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from beatbridge.areas.models import Area
from beatbridge.areas.search import search_areas


def home(request):
    query = (request.GET.get("q") or "").strip()[:100]
    found = search_areas(query)
    results = found.areas
    if len(results) == 1 and found.how in ("name", "alias"):
        return redirect("areas:detail", kind=results[0].kind, code=results[0].code)
    neighborhoods = Area.objects.neighborhoods().order_by("name").only("code", "name", "kind")
    context = {
        "query": query,
        "results": results,
        "neighborhoods": neighborhoods,
        "no_results": bool(query) and not results,
        "no_results_message": found.message,
        "matches": found.matches,
        "point": found.point,  # (lon, lat) of a found address or ZIP code: the map goes there
    }
    return render(request, "web/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def about(request):
    return render(request, "web/about.html")

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beatbridge.areas.models import Area, AreaKind


def home(request):
    query = (request.GET.get("q") or "").strip()[:100]
    results = []
    if query:
        results = list(
            Area.objects.filter(kind=AreaKind.NEIGHBORHOOD, name__icontains=query).order_by("name")[
                :20
            ]
        )
        if len(results) == 1:
            return redirect("areas:detail", kind=results[0].kind, code=results[0].code)
    neighborhoods = Area.objects.neighborhoods().order_by("name").only("code", "name", "kind")
    context = {
        "query": query,
        "results": results,
        "neighborhoods": neighborhoods,
        "no_results": bool(query) and not results,
        "no_results_message": _("No neighborhood matches “%(q)s”.") % {"q": query},
    }
    return render(request, "web/home.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def about(request):
    return render(request, "web/about.html")

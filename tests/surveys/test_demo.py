"""The surveys demo: enough responses in some neighborhoods to pass suppression."""

from beatbridge.surveys import demo, results
from beatbridge.surveys.models import Response, Survey


def test_demo_loads_results_past_suppression(city, supervisor, admin_user):
    lines = []
    demo.load_demo(out=lines.append)
    survey = Survey.objects.get(is_pulse=False)
    first, second = survey.waves.order_by("opens_on")
    assert not first.is_open() and second.is_open()
    res = results.wave_results(second, city["riverside"])
    assert not res["suppressed"] and res["n"] >= 10
    assert res["weighting"]["applied"]
    assert results.trend(survey, city["riverside"])[1]["safety_change"] is not None
    assert Response.objects.count() > 60
    demo.load_demo(out=lines.append)
    assert "already loaded" in lines[-1]

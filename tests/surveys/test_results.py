"""Results: suppression of small cells, scores with intervals, weighting, API and pages."""

import pytest

from beatbridge.insights import surveys as stats
from beatbridge.surveys import results, services
from beatbridge.surveys.models import Answer

from .conftest import answers, fill


def test_cell_under_minimum_is_suppressed(wave, city):
    fill(wave, 9)
    res = results.wave_results(wave, city["riverside"])
    assert res["suppressed"] and res["n"] is None and res["scores"] == {} and res["questions"] == []
    fill(wave, 1)
    res = results.wave_results(wave, city["riverside"])
    assert not res["suppressed"] and res["n"] == 10


def test_minimum_is_a_setting(wave, city, settings):
    settings.SURVEYS_MIN_CELL = 3
    fill(wave, 3)
    assert results.wave_results(wave, city["riverside"])["n"] == 3


def test_scores_and_distribution(wave, city):
    safety = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    for s in safety:
        services.submit_response(wave, answers(safety=s, respect=8, listen=4))
    res = results.wave_results(wave, city["riverside"])
    expected = stats.score(safety)
    got = res["scores"]["safety"]["unweighted"]
    assert got["estimate"] == pytest.approx(50.0)
    assert got["ci_low"] == pytest.approx(round(expected.low, 1))
    assert res["scores"]["trust"]["unweighted"]["estimate"] == pytest.approx(60.0)
    safety_q = next(q for q in res["questions"] if q["code"] == "safety")
    assert [d["count"] for d in safety_q["distribution"]] == [1] * 11
    # Other areas: Hilltop has none, suppressed; the city counts all.
    assert results.wave_results(wave, city["hilltop"])["suppressed"]
    assert results.wave_results(wave, None)["n"] == 11


def test_beat_counts_overlapping_neighborhoods(wave, city):
    fill(wave, 10, neighborhood="1")
    assert results.wave_results(wave, city["b111"])["n"] == 10
    assert results.wave_results(wave, city["b211"])["suppressed"]


def test_weighting_by_raking_to_uploaded_margins(wave, city, admin_user):
    # 8 women and 4 men answered; the population is half and half.
    for _ in range(8):
        services.submit_response(wave, answers(safety=8, age_band="18-34", gender="woman"))
    for _ in range(4):
        services.submit_response(wave, answers(safety=2, age_band="18-34", gender="man"))
    csv_text = (
        "area_kind,area_code,variable,category,population\n"
        "neighborhood,1,age_gender,18-34|woman,500\n"
        "neighborhood,1,age_gender,18-34|man,500\n"
    )
    assert services.upload_margins(csv_text, by=admin_user) == 2
    res = results.wave_results(wave, city["riverside"])
    pair = res["scores"]["safety"]
    assert pair["unweighted"]["estimate"] == pytest.approx(60.0)
    assert pair["weighted"]["estimate"] == pytest.approx(50.0)
    assert res["weighting"]["applied"]
    expected_neff = stats.kish_neff([0.75] * 8 + [1.5] * 4)
    assert res["weighting"]["n_eff"] == pytest.approx(round(expected_neff, 1))
    assert res["weighting"]["n_eff"] < 12


def test_margins_upload_bad_csv_and_refusal(admin_user, supervisor, city):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        services.upload_margins("a,b\n1,2\n", by=admin_user)
    with pytest.raises(ValidationError):
        services.upload_margins(
            "area_kind,area_code,variable,category,population\nneighborhood,1,age_gender,x,-3\n",
            by=admin_user,
        )
    with pytest.raises(PermissionDenied):
        services.upload_margins("", by=supervisor)


def test_api_results_are_aggregates_only(client, wave, city):
    fill(wave, 12, top_issue="drug dealing on the corner at 5th and Main")
    r = client.get(f"/api/v1/survey-waves/{wave.pk}/results/?area=neighborhood:1")
    assert r.status_code == 200
    body = r.content.decode()
    assert "drug dealing" not in body and "free_text" not in r.json()
    assert r.json()["n"] == 12
    small = client.get(f"/api/v1/survey-waves/{wave.pk}/results/?area=neighborhood:2").json()
    assert small["suppressed"] and small["n"] is None
    assert client.get(f"/api/v1/survey-waves/{wave.pk}/results/?area=bogus").status_code == 400


def test_results_page_chart_csv_and_staff_text(client, client_for, supervisor, wave, city):
    fill(wave, 10, top_issue="speeding")
    page = client.get(f"/surveys/results/{wave.pk}/?area=neighborhood:1")
    text = page.content.decode()
    assert page.status_code == 200 and "Safety score" in text and "speeding" not in text
    staff = client_for(supervisor).get(f"/surveys/results/{wave.pk}/?area=neighborhood:1")
    assert "speeding" in staff.content.decode()
    svg = client.get(f"/surveys/results/{wave.pk}/chart.svg?area=neighborhood:1")
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    csv_r = client.get(f"/surveys/results/{wave.pk}/export.csv?area=neighborhood:1")
    rows = csv_r.content.decode().splitlines()
    assert rows[0].startswith("wave,area,measure")
    assert any(r.split(",")[2] == "safety_score" for r in rows[1:])
    small = client.get(
        f"/surveys/results/{wave.pk}/export.csv?area=neighborhood:2"
    ).content.decode()
    assert "suppressed" in small and "safety_score" not in small


def test_two_waves_trend_has_difference(wave, survey, supervisor, city):
    import datetime as dt

    fill(wave, 10, safety=3)
    w2 = services.open_wave(
        survey,
        name="Wave 2",
        opens_on=wave.opens_on,
        closes_on=wave.closes_on + dt.timedelta(1),
        by=supervisor,
    )
    for s in [8, 9, 7, 8, 9, 8, 7, 9, 8, 10]:
        services.submit_response(w2, answers(safety=s))
    rows = results.trend(survey, city["riverside"])
    assert rows[0]["safety_change"] is None
    change = rows[1]["safety_change"]
    assert change["difference"] == pytest.approx(53.0) and change["significant"]


def test_staff_relabel_and_public_selection(client_for, supervisor, resident, wave, city):
    fill(wave, 10, top_issue="Too many potholes")
    a = Answer.objects.filter(question__code="top_issue").first()
    services.relabel_answer(a, theme="streets", is_public=True, by=supervisor)
    a.refresh_from_db()
    assert a.theme == "streets" and a.is_public
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.relabel_answer(a, theme="x", by=resident)
    page = client_for(None).get("/areas/neighborhood/1/")
    assert page.status_code == 200
    assert "Too many potholes" in page.content.decode() and "Trust score" in page.content.decode()

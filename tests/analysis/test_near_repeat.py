"""Near-repeat: the department's pattern from its own data, and elevated risks that expire."""

import datetime as dt

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from beatbridge.analysis import services
from beatbridge.analysis.models import ElevatedRisk, NearRepeatPattern
from beatbridge.data.models import ImportRun, ImportStatus

INSIDE_RIVERSIDE = (-87.695, 41.805)


@pytest.fixture
def burglaries(make_incident, settings):
    """40 burglaries each followed by 2 repeats within ~30 m and 1-4 days, plus background."""
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "INSIGHTS": {"NEAR_REPEAT_PERMUTATIONS": 99}}
    rng = np.random.default_rng(3)
    now = timezone.now()
    for _ in range(40):
        lon, lat = -87.70 + rng.uniform(0, 0.03), 41.80 + rng.uniform(0, 0.01)
        day = int(rng.integers(20, 340))
        make_incident("220", lon, lat, now - dt.timedelta(days=day))
        for _ in range(2):
            make_incident(
                "220",
                lon + rng.normal(0, 0.0002),
                lat + rng.normal(0, 0.0002),
                now - dt.timedelta(days=day - int(rng.integers(1, 5))),
            )
    for _ in range(80):
        make_incident(
            "220",
            -87.70 + rng.uniform(0, 0.03),
            41.80 + rng.uniform(0, 0.01),
            now - dt.timedelta(days=int(rng.integers(10, 360))),
        )
    return now


def test_refresh_finds_the_pattern(burglaries):
    pattern = services.refresh_near_repeat("220")
    assert pattern.n_events == 200
    assert pattern.p_values[0][0] <= 0.05 and pattern.knox_ratio[0][0] > 1.5
    assert pattern.has_pattern and pattern.risk_radius_m >= 100 and pattern.risk_days >= 7
    # tables are distance bands x time bands
    assert len(pattern.observed) == len(pattern.space_breaks) - 1
    assert len(pattern.observed[0]) == len(pattern.time_breaks) - 1


def test_new_import_opens_an_elevated_risk_that_expires(
    burglaries, make_incident, city, django_capture_on_commit_callbacks
):
    pattern = services.refresh_near_repeat("220")
    before = ElevatedRisk.objects.count()
    when = timezone.now() - dt.timedelta(hours=5)
    new = make_incident("220", *INSIDE_RIVERSIDE, when)
    with django_capture_on_commit_callbacks(execute=True):
        ImportRun.objects.create(kind="incidents", file_name="x.csv", status=ImportStatus.DONE)
    assert ElevatedRisk.objects.count() > before
    risk = ElevatedRisk.objects.get(incident_id=new.pk)
    assert (risk.center_lon, risk.center_lat) == (new.public_lon, new.public_lat)  # generalized
    assert risk.radius_m == pattern.risk_radius_m
    assert risk.ends_at == when + dt.timedelta(days=pattern.risk_days)
    assert risk.neighborhood == city["riverside"] and risk.beat == city["b111"]
    assert risk in services.active_elevated_risks(city["riverside"])
    assert risk in services.active_elevated_risks(city["d1"])
    assert risk not in services.active_elevated_risks(city["hilltop"])
    later = risk.ends_at + dt.timedelta(minutes=1)
    assert risk not in services.active_elevated_risks(city["riverside"], now=later)
    # running again adds nothing new
    assert services.update_all_elevated_risks() == 0


def test_dry_runs_and_failed_imports_do_nothing(
    burglaries, make_incident, django_capture_on_commit_callbacks
):
    services.refresh_near_repeat("220")
    new = make_incident("220", *INSIDE_RIVERSIDE, timezone.now() - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        ImportRun.objects.create(kind="incidents", file_name="x", status=ImportStatus.FAILED)
        ImportRun.objects.create(
            kind="incidents", file_name="x", status=ImportStatus.DONE, is_dry_run=True
        )
    assert not ElevatedRisk.objects.filter(incident_id=new.pk).exists()


def test_command_and_pages(burglaries, client, capsys):
    call_command("refresh_near_repeat", "220", "--permutations", "49")
    assert "220: 200 incidents" in capsys.readouterr().out
    html = client.get("/insights/near-repeat/").content.decode()
    assert '<svg role="img"' in html and "Knox ratios" in html
    assert '<th scope="row">0 to &lt;100 m</th>' in html
    api = client.get("/api/v1/insights/near-repeat/").json()
    assert api[0]["category"] == "220" and api[0]["n_events"] == 200


def test_neighborhood_page_gives_prevention_advice(burglaries, make_incident, client):
    services.refresh_near_repeat("220")
    make_incident("220", *INSIDE_RIVERSIDE, timezone.now() - dt.timedelta(hours=2))
    services.update_all_elevated_risks()
    html = client.get("/areas/neighborhood/1/").content.decode()
    assert "Elevated risk of" in html and "Lock doors" in html
    risks = client.get("/api/v1/insights/elevated-risks/", {"area": "neighborhood:1"}).json()
    assert risks and "radius_m" in risks[0] and "lon" in risks[0]


def test_too_few_incidents_gives_no_zone(make_incident):
    make_incident("220", *INSIDE_RIVERSIDE, timezone.now() - dt.timedelta(days=3))
    pattern = services.refresh_near_repeat("220")
    assert pattern.n_events == 1 and not pattern.has_pattern and pattern.observed == []
    assert services.update_all_elevated_risks() == 0


def test_unknown_category_is_none(db):
    assert services.refresh_near_repeat("XYZ") is None
    assert not NearRepeatPattern.objects.exists()


@pytest.mark.parametrize(
    "persona,status", [("anon", 403), ("resident", 403), ("officer", 403), ("analyst", 302)]
)
def test_refresh_button_needs_an_analyst(burglaries, personas, client_for, persona, status):
    user = None if persona == "anon" else personas[persona]
    assert client_for(user).post("/insights/near-repeat/refresh/").status_code == status


def test_headline_agrees_with_starred_cells(burglaries, client_for, analyst):
    """When cells further out are significant but the closest band is not, the page says
    so instead of "no significant pattern" over a table of starred cells (issue 17)."""
    pattern = services.refresh_near_repeat("220")
    p = [row[:] for row in pattern.p_values]
    p[0][0] = 0.5
    p[1][1] = 0.01
    ratio = [row[:] for row in pattern.knox_ratio]
    ratio[1][1] = 1.8
    NearRepeatPattern.objects.filter(pk=pattern.pk).update(
        p_values=p, knox_ratio=ratio, risk_radius_m=None, risk_days=None
    )
    html = client_for(analyst).get("/insights/near-repeat/").content.decode()
    assert "but not the closest one" in html
    assert "no significant near-repeat pattern" not in html
    assert "A star (*) in the chart" in html and "What to do next" in html
    assert "No warning is needed now" in html

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.surveys import services
from tests.concerns.conftest import categories, make_concern  # noqa: F401  (shared fixtures)


@pytest.fixture
def survey(supervisor):
    s = services.create_survey(title_en="Neighborhood survey", title_es="Encuesta", by=supervisor)
    services.add_standard_module(s, by=supervisor)
    return s


@pytest.fixture
def wave(survey, supervisor):
    today = timezone.localdate()
    return services.open_wave(
        survey,
        name="Wave 1",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        by=supervisor,
    )


def answers(neighborhood="1", safety=7, respect=6, listen=5, **extra):
    out = {"neighborhood": neighborhood, "safety": safety, "respect": respect, "listen": listen}
    out.update(extra)
    return out


def fill(wave, n, **kw):
    for _ in range(n):
        services.submit_response(wave, answers(**kw))

"""Building a survey: the standard module in one click, questions, waves, who may."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.surveys import services
from beatbridge.surveys.models import Question
from beatbridge.surveys.standard import PREFER_NOT


def test_standard_module_has_the_issue_questions_in_order(survey):
    qs = list(survey.questions.all())
    assert [q.code for q in qs] == [
        "neighborhood",
        "safety",
        "respect",
        "listen",
        "top_issue",
        "age_band",
        "gender",
        "race_ethnicity",
        "tenure",
    ]
    by = {q.code: q for q in qs}
    assert by["safety"].kind == "scale" and by["safety"].scale_values == list(range(11))
    assert "safe from crime" in by["safety"].text_en
    assert "respect" in by["respect"].text_en
    assert "listen to and take into account" in by["listen"].text_en
    assert by["top_issue"].kind == "text" and "number one issue" in by["top_issue"].text_en
    for code in ("age_band", "gender", "race_ethnicity", "tenure"):
        assert not by[code].required
        assert PREFER_NOT[0] in [c.value for c in by[code].choices.all()]
    assert all(q.text_es for q in qs)


def test_standard_module_twice_adds_nothing(survey, supervisor):
    assert services.add_standard_module(survey, by=supervisor) == []
    assert survey.questions.count() == 9


@pytest.mark.parametrize("persona", ["resident", "officer", "analyst", "partner"])
def test_only_supervisors_and_admins_build(personas, persona):
    with pytest.raises(PermissionDenied):
        services.create_survey(title_en="X", by=personas[persona])


def test_add_question_validates(survey, supervisor):
    with pytest.raises(ValidationError) as e:
        services.add_question(
            survey, {"kind": "single", "code": "x", "text_en": "Q"}, by=supervisor
        )
    assert "choices" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.add_question(
            survey, {"kind": "scale", "code": "safety", "text_en": "Q"}, by=supervisor
        )
    assert "code" in e.value.message_dict
    q = services.add_question(
        survey,
        {"kind": "likert", "code": "parks", "text_en": "Parks are clean", "text_es": "Parques"},
        by=supervisor,
    )
    assert q.order == 9 and q.scale_values == [1, 2, 3, 4, 5]


def test_move_question(survey, supervisor):
    q = survey.questions.get(code="listen")
    services.move_question(q, up=True, by=supervisor)
    assert [x.code for x in Question.objects.filter(survey=survey)][1:4] == [
        "safety",
        "listen",
        "respect",
    ]


def test_wave_dates_checked(survey, supervisor):
    with pytest.raises(ValidationError):
        services.open_wave(
            survey,
            name="W",
            opens_on=dt.date(2026, 2, 1),
            closes_on=dt.date(2026, 1, 1),
            by=supervisor,
        )


def test_builder_pages(client_for, supervisor, resident):
    c = client_for(supervisor)
    r = c.post("/surveys/new/", {"title_en": "Spring", "title_es": "Primavera", "standard": "1"})
    assert r.status_code == 302
    detail = c.get(r["Location"])
    assert "How safe from crime" in detail.content.decode()
    bad = c.post("/surveys/new/", {"title_en": ""})
    assert bad.status_code == 400 and "Give the survey a title." in bad.content.decode()
    assert client_for(resident).get("/surveys/new/").status_code == 403
    assert client_for(None).get("/surveys/").status_code in (302, 403)


def test_builder_wave_form_bad_dates_is_400(client_for, supervisor, survey):
    r = client_for(supervisor).post(
        f"/surveys/{survey.pk}/wave/", {"name": "W", "opens_on": "nope"}
    )
    assert r.status_code == 400 and "Enter a date." in r.content.decode()


def test_api_create_survey_and_refusals(client_for, supervisor, resident):
    r = client_for(supervisor).post(
        "/api/v1/surveys/",
        {"title_en": "API survey", "standard_module": True},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert len(r.json()["questions"]) == 9
    assert (
        client_for(resident)
        .post("/api/v1/surveys/", {"title_en": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(resident).get("/api/v1/surveys/").status_code == 403
    bad = client_for(supervisor).post("/api/v1/surveys/", {}, content_type="application/json")
    assert bad.status_code == 400

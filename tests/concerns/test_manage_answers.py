"""The officer's concern page shows extra answers under their questions, with the choices'
names, not the stored codes and keys."""

from beatbridge.concerns import triage
from beatbridge.concerns.models import Category, Concern


def _page(client, concern):
    response = client.get(f"/concerns/{concern.pk}/manage/")
    assert response.status_code == 200
    return response.content.decode()


def test_answers_show_question_and_choice_names(client_for, make_concern, officer):
    concern = make_concern(attributes={"time_of_day": "evening"})
    html = _page(client_for(officer), concern)
    assert "<dt>When does it usually happen?</dt><dd>Evening (6pm-midnight)</dd>" in html
    assert "time_of_day" not in html
    assert "<dd>evening</dd>" not in html


def test_vehicle_answers_in_the_categorys_order(client_for, make_concern, officer):
    concern = make_concern(
        category="abandoned-vehicle",
        attributes={"vehicle_color": "silver", "license_plate": "AB <12>"},
    )
    html = _page(client_for(officer), concern)
    plate = html.index("<dt>License plate</dt><dd>AB &lt;12&gt;</dd>")  # free text, escaped
    color = html.index("<dt>Vehicle color</dt><dd>Silver</dd>")
    assert plate < color
    assert "license_plate" not in html and "vehicle_color" not in html


def test_answer_to_a_question_the_category_dropped(client_for, make_concern, officer):
    concern = make_concern(attributes={"time_of_day": "night"})
    Concern.objects.filter(pk=concern.pk).update(
        attributes={"time_of_day": "night", "dog_barking": "yes"}
    )
    html = _page(client_for(officer), concern)
    assert "<dt>When does it usually happen?</dt><dd>Night (midnight-6am)</dd>" in html
    assert "<dt>Dog barking</dt><dd>yes</dd>" in html


def test_no_answers_no_list(client_for, make_concern, officer):
    html = _page(client_for(officer), make_concern())
    assert 'class="answers"' not in html


def test_refused_roles_do_not_see_the_page(client_for, make_concern, resident):
    concern = make_concern(attributes={"time_of_day": "evening"})
    assert client_for(resident).get(f"/concerns/{concern.pk}/manage/").status_code == 403


def test_labelled_answers_multiple_choice_and_odd_values(db):
    category = Category(
        code="x",
        attributes=[
            {
                "code": "days",
                "datatype": "multivaluelist",
                "description": "Which days?",
                "order": 2,
                "values": [{"key": "sat", "name": "Saturday"}, {"key": "sun", "name": "Sunday"}],
            },
            {"code": "count", "datatype": "number", "description": "How many?", "order": 1},
            "not a question",
        ],
    )
    answers = {"days": "sat, sun,mon", "count": "3", "legacy-key": None}
    assert triage.labelled_answers(category, answers) == [
        ("How many?", "3"),
        ("Which days?", "Saturday, Sunday, mon"),  # an unknown key stays as it is
        ("Legacy key", ""),
    ]
    assert triage.labelled_answers(category, {}) == []
    assert triage.labelled_answers(category, ["not", "a", "dict"]) == []

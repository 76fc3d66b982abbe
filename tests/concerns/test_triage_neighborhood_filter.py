"""Triage's neighborhood filter lists the officer's own neighborhoods first, then the rest."""

import re

from beatbridge.concerns import triage
from beatbridge.concerns.forms import TriageFilterForm

from .conftest import IN_B111, IN_B211


def _select(html):
    found = re.search(r'<select name="neighborhood".*?</select>', html, re.S)
    assert found
    return found.group(0)


def _queue(client, **params):
    response = client.get("/concerns/triage/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_officer_sees_their_neighborhoods_first(client_for, city, officer):
    """Beat 0111 lies in Riverside; alphabetically Hilltop would come first."""
    select = _select(_queue(client_for(officer)))
    riverside, hilltop = city["riverside"].pk, city["hilltop"].pk
    assert select.index(f'<option value="{riverside}">Riverside') < select.index(
        f'<option value="{hilltop}">Hilltop'
    )
    assert re.search(
        rf'<optgroup label="Your neighborhoods"><option value="{riverside}">Riverside</option>'
        rf'</optgroup><optgroup label="Other neighborhoods"><option value="{hilltop}">Hilltop'
        r"</option></optgroup>",
        select,
    )
    assert select.index(">All neighborhoods</option>") < select.index("<optgroup")


def test_another_officer_gets_their_own(client_for, city, other_district_officer):
    select = _select(_queue(client_for(other_district_officer)))
    assert re.search(
        r'<optgroup label="Your neighborhoods"><option value="\d+">Hilltop</option></optgroup>',
        select,
    )


def test_supervisor_without_beats_gets_the_plain_list(client_for, city, supervisor):
    select = _select(_queue(client_for(supervisor)))
    assert "optgroup" not in select
    assert select.index(">Hilltop<") < select.index(">Riverside<")  # alphabetical


def test_filtering_by_a_neighborhood_still_works(client_for, city, make_concern, supervisor):
    mine, theirs = make_concern(where=IN_B111), make_concern(where=IN_B211)
    html = _queue(client_for(supervisor), status="open", neighborhood=city["hilltop"].pk)
    assert f'id="concern-row-{theirs.pk}"' in html
    assert f'id="concern-row-{mine.pk}"' not in html
    assert f'<option value="{city["hilltop"].pk}" selected>Hilltop</option>' in html


def test_own_neighborhood_ids(city, officer, other_district_officer, supervisor, resident):
    assert triage.own_neighborhood_ids(officer) == {city["riverside"].pk}
    assert triage.own_neighborhood_ids(other_district_officer) == {city["hilltop"].pk}
    assert triage.own_neighborhood_ids(supervisor) == set()
    assert triage.own_neighborhood_ids(resident) == set()
    assert triage.own_neighborhood_ids(None) == set()


def test_form_puts_every_neighborhood_in_one_group_when_all_are_own(city):
    own = {city["riverside"].pk, city["hilltop"].pk}
    form = TriageFilterForm({}, status_choices=[], own_neighborhoods=own)
    html = str(form["neighborhood"])
    assert html.count("<optgroup") == 1 and "Other neighborhoods" not in html
    assert form.is_valid()

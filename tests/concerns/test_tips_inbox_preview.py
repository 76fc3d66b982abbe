"""The tip inbox shows the start of each tip's latest message: short, escaped, and never
the tipster's contact details."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beatbridge.concerns.tips import services

from .conftest import IN_B111, IN_B211
from .open311_helpers import fast_passwords  # noqa: F401


def _submit(body, **kwargs):
    return services.submit_tip(body=body, lon=IN_B111[0], lat=IN_B111[1], **kwargs)


def _inbox(client, **params):
    response = client.get(reverse("tips:inbox"), params)
    assert response.status_code == 200
    return response.content.decode()


def _preview(html, tip):
    row = re.search(rf'<tr>\s*<th scope="row"><a href="/tips/{tip.pk}/">.*?</tr>', html, re.S)
    assert row, f"tip #{tip.pk} is not in the inbox"
    cell = re.search(r'<td data-label="Latest message" class="tip-preview">(.*?)</td>', row[0])
    assert cell
    return cell.group(1)


def test_new_tip_previews_its_own_text(client_for, officer):
    tip = _submit("Cars racing on Elm at night").tip
    preview = _preview(_inbox(client_for(officer)), tip)
    assert preview == '<span class="muted">Tipster:</span> Cars racing on Elm at night'


def test_long_text_is_cut_short(client_for, officer):
    words = "The blue van parks behind the school every evening and two men unload boxes "
    tip = _submit(words * 6 + "THE-END").tip
    preview = _preview(_inbox(client_for(officer)), tip)
    text = preview.split("</span> ", 1)[1]
    assert text.endswith("…") and len(text) <= 90
    assert text.startswith("The blue van parks")
    assert "THE-END" not in preview


def test_preview_follows_the_latest_message(client_for, officer):
    submitted = _submit("Cars racing on Elm at night")
    staff = client_for(officer)
    services.reply_to_tip(submitted.tip, "Which nights, roughly?", by=officer)
    assert _preview(_inbox(staff), submitted.tip) == (
        '<span class="muted">Us:</span> Which nights, roughly?'
    )
    services.reply_as_tipster(submitted.code, "Fridays after 2am.")
    assert _preview(_inbox(staff), submitted.tip) == (
        '<span class="muted">Tipster:</span> Fridays after 2am.'
    )


def test_preview_is_escaped(client_for, officer):
    tip = _submit('<script>alert("x")</script> <b>bold</b> claim').tip
    html = _inbox(client_for(officer))
    assert "<script>alert" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in _preview(html, tip)


def test_never_the_tipsters_contact_details(client_for, officer, resident):
    tip = _submit(
        "The shop on Oak sells to minors",
        identify=True,
        contact="call Rosa at 555-0199",
        by=resident,
    ).tip
    html = _inbox(client_for(officer))
    assert "The shop on Oak sells to minors" in _preview(html, tip)
    assert "555-0199" not in html and "Rosa Resident" not in html
    assert "resident@example.org" not in html


def test_other_districts_previews_are_not_shown(client_for, other_district_officer):
    _submit("Stolen bikes in the garage on Oak")
    elsewhere = services.submit_tip(body="Fireworks at the pier", lon=IN_B211[0], lat=IN_B211[1])
    html = _inbox(client_for(other_district_officer))
    assert "Stolen bikes" not in html
    assert "Fireworks at the pier" in _preview(html, elsewhere.tip)


def test_refused_roles_see_no_previews(client_for, resident, partner):
    _submit("Stolen bikes in the garage on Oak")
    for user in (resident, partner):
        response = client_for(user).get(reverse("tips:inbox"))
        assert response.status_code in (302, 403)
        assert b"Stolen bikes" not in response.content


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        _inbox(client)
    return len(queries)


def test_previews_cost_no_query_per_tip(client_for, officer):
    staff = client_for(officer)
    first = _submit("First tip")
    services.reply_to_tip(first.tip, "Thanks", by=officer)
    _inbox(staff)
    one = _queries(staff)
    for n in range(4):
        more = _submit(f"Tip number {n}")
        services.reply_as_tipster(more.code, f"More about {n}")
    assert _queries(staff) == one


def test_the_inbox_read_is_audited_with_the_tips_it_previewed(client_for, officer):
    from beatbridge.accounts.models import ActivityEntry

    shown = _submit("Cars racing on Elm at night").tip
    hidden = services.submit_tip(body="Elsewhere", lon=IN_B211[0], lat=IN_B211[1]).tip
    _inbox(client_for(officer))
    entry = ActivityEntry.objects.filter(actor=officer, verb="read", is_read=True).latest("pk")
    assert entry.data["what"] == "tip inbox"
    assert shown.pk in entry.data["ids"] and hidden.pk not in entry.data["ids"]

"""Deciding a resident's agenda proposal from the agenda page (merge, bad input, refusal)."""

from beatbridge.meetings import services
from beatbridge.meetings.models import AgendaSection


def test_officer_merges_a_proposal_from_the_page(meeting, officer, resident, client_for):
    agenda = services.generate_agenda(meeting, by=officer)
    target = agenda.items.exclude(section=AgendaSection.RESIDENT_ITEM).first()
    proposal = services.propose_agenda_item(meeting, title="More graffiti", by=resident)
    url = f"/meetings/proposals/{proposal.pk}/decide/"

    response = client_for(officer).post(url, {"decision": "merge", "merge_into": str(target.pk)})

    assert response.status_code == 302
    proposal.refresh_from_db()
    target.refresh_from_db()
    assert proposal.status == "merged" and proposal.agenda_item_id == target.pk
    assert "More graffiti" in target.body


def test_bad_merge_target_is_an_error_not_a_crash(meeting, officer, resident, client_for):
    services.generate_agenda(meeting, by=officer)
    proposal = services.propose_agenda_item(meeting, title="More graffiti", by=resident)
    url = f"/meetings/proposals/{proposal.pk}/decide/"

    response = client_for(officer).post(
        url, {"decision": "merge", "merge_into": "abc"}, follow=True
    )

    assert response.status_code == 200
    assert b"Choose an item of this meeting" in response.content
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_resident_cannot_decide(meeting, resident, client_for):
    proposal = services.propose_agenda_item(meeting, title="More graffiti", by=resident)
    response = client_for(resident).post(
        f"/meetings/proposals/{proposal.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "pending"

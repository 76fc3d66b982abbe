"""The generated agenda: built from real concerns, priorities, proposals and incidents."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beatbridge.concerns.services import submit_concern, support_concern
from beatbridge.meetings import services
from beatbridge.meetings.agenda import incident_model
from beatbridge.meetings.models import AgendaSection
from beatbridge.priorities import services as priority_services

from ..factories import UserFactory

IN_0111 = {"lon": -87.695, "lat": 41.805}


@pytest.fixture
def cycle(make_meeting, city, officer, resident, category):
    """Last month's meeting, this month's (upcoming), next month's; concerns in between."""
    now = timezone.now().replace(second=0, microsecond=0)
    last = make_meeting(starts_at=now - dt.timedelta(days=28), title="Last month")
    this = make_meeting(starts_at=now + dt.timedelta(days=2), title="This month")
    nxt = make_meeting(starts_at=now + dt.timedelta(days=30), title="Next month")
    old = submit_concern(category=category, description="Old graffiti", by=resident, **IN_0111)
    old.__class__.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=40))
    concerns = [
        submit_concern(category=category, description=f"Tag on wall {i}", by=resident, **IN_0111)
        for i in range(3)
    ]
    supporters = [UserFactory() for _ in range(5)]
    for count, concern in zip([0, 2, 5], concerns, strict=True):
        for user in supporters[:count]:
            assert support_concern(concern, by=user)
    priority = priority_services.propose_priority(
        city["b111"], title="Drug dealing at the park", by=officer
    )
    priority_services.confirm_priorities(city["b111"], chosen=[priority], meeting=last, by=officer)
    priority_services.report_back(
        priority,
        meeting=last,
        what_was_done="Extra patrols",
        done_by="Officer Olivia",
        outcome="better",
        by=officer,
    )
    return {
        "last": last,
        "this": this,
        "next": nxt,
        "concerns": concerns,
        "old": old,
        "priority": priority,
    }


def test_agenda_follows_the_beat_meeting_order_with_real_data(cycle, officer, resident):
    proposal = services.propose_agenda_item(cycle["this"], title="Speeding on Elm", by=resident)
    services.decide_proposal(proposal, decision="accept", by=officer)
    agenda = services.generate_agenda(cycle["this"], by=officer)
    items = list(agenda.items.all())
    assert [i.section for i in items] == [
        AgendaSection.WELCOME,
        AgendaSection.REPORT_BACK,
        AgendaSection.CRIME,
        AgendaSection.NEW_CONCERNS,
        AgendaSection.RESIDENT_ITEM,
        AgendaSection.CHOOSE_PRIORITIES,
        AgendaSection.RESPONSIBILITIES,
        AgendaSection.NEXT_MEETING,
    ]
    by_section = {i.section: i for i in items}
    report = by_section[AgendaSection.REPORT_BACK]
    assert "Drug dealing at the park" in report.title
    assert report.data["last_report_back"]["what_was_done"] == "Extra patrols"
    crime = by_section[AgendaSection.CRIME]
    # Only the 3 concerns since last month's meeting; the 40-day-old one is before it.
    assert crime.data["concerns"] == [{"category": "Graffiti", "count": 3}]
    assert crime.data["since"] == cycle["last"].starts_at.isoformat()
    new = by_section[AgendaSection.NEW_CONCERNS].data["concerns"]
    assert [c["supports"] for c in new] == [5, 2, 0]
    assert [c["id"] for c in new] == [c.pk for c in reversed(cycle["concerns"])]
    assert by_section[AgendaSection.RESIDENT_ITEM].title == "Speeding on Elm"
    assert by_section[AgendaSection.NEXT_MEETING].data["meeting_id"] == cycle["next"].pk
    # Regenerating keeps the accepted proposal attached to its (new) item.
    agenda = services.generate_agenda(cycle["this"], by=officer)
    proposal.refresh_from_db()
    assert proposal.agenda_item.section == AgendaSection.RESIDENT_ITEM


def test_incident_counts_when_data_are_present(cycle, officer, city):
    model = incident_model()
    if model is None:
        agenda = services.generate_agenda(cycle["this"], by=officer)
        crime = agenda.items.get(section=AgendaSection.CRIME)
        assert crime.data["incidents"] is None
        assert "not available" in crime.body
        return
    category_model = model._meta.get_field("category").related_model
    theft = category_model.objects.filter(code="23H").first() or category_model.objects.create(
        code="23H", name_en="All other larceny", name_es="Otros hurtos", group="A"
    )
    now = timezone.now()
    for i in range(4):
        when = now - dt.timedelta(days=i + 1)
        model.objects.create(
            source="test",
            source_id=str(i),
            row_hash=str(i),
            occurred_at=when,
            local_month=int(when.strftime("%Y%m")),
            local_weekday=when.weekday(),
            local_hour=when.hour,
            category=theft,
            lon=-87.695,
            lat=41.805,
            public_lon=-87.695,
            public_lat=41.805,
            h3_cell="x",
            beat=city["b111"] if i < 3 else city["b112"],
        )
    agenda = services.generate_agenda(cycle["this"], by=officer)
    crime = agenda.items.get(section=AgendaSection.CRIME)
    assert crime.data["incidents"] == [{"category": str(theft.name), "count": 3}]
    assert "3 incidents" in crime.body


def test_officers_edit_then_publish_and_it_shows_on_area_page(cycle, officer, client):
    agenda = services.generate_agenda(cycle["this"], by=officer)
    welcome = agenda.items.get(section=AgendaSection.WELCOME)
    services.edit_agenda_item(welcome, by=officer, body="Coffee from 6:15")
    services.add_agenda_item(cycle["this"], title="Youth basketball league", by=officer)
    page = client.get("/areas/beat/0111/").content.decode()
    assert "Coffee from 6:15" not in page  # draft agendas stay private
    services.publish_agenda(cycle["this"], by=officer)
    page = client.get("/areas/beat/0111/").content.decode()
    assert "Coffee from 6:15" in page and "Youth basketball league" in page
    assert "Coffee from 6:15" in client.get(f"/meetings/{cycle['this'].pk}/").content.decode()


def test_agenda_permissions(cycle, resident, other_district_officer, supervisor, anon):
    for user in (resident, other_district_officer, anon):
        with pytest.raises(PermissionDenied):
            services.generate_agenda(cycle["this"], by=user)
    assert services.generate_agenda(cycle["this"], by=supervisor).items.count() == 7


def test_resident_facilitator_runs_the_agenda(make_meeting, resident, officer):
    meeting = make_meeting(host_facilitator=resident)
    agenda = services.generate_agenda(meeting, by=resident)
    assert agenda.items.exists()
    services.publish_agenda(meeting, by=resident)


def test_agenda_editor_page(cycle, officer, resident, client_for):
    url = f"/meetings/{cycle['this'].pk}/agenda/"
    assert client_for(resident).get(url).status_code == 403
    c = client_for(officer)
    assert c.post(url, {"action": "generate"}).status_code == 302
    page = c.get(url)
    assert page.status_code == 200 and b"Report-back: Drug dealing at the park" in page.content
    bad = c.post(url, {"action": "add", "new-title": ""})
    assert bad.status_code == 400 and b"errorlist" in bad.content
    assert c.post(url, {"action": "publish"}).status_code == 302
    cycle["this"].agenda.refresh_from_db()
    assert cycle["this"].agenda.is_published


def test_proposal_merge_and_decline(cycle, officer, resident):
    agenda = services.generate_agenda(cycle["this"], by=officer)
    target = agenda.items.get(section=AgendaSection.NEW_CONCERNS)
    p1 = services.propose_agenda_item(cycle["this"], title="More graffiti", by=resident)
    p2 = services.propose_agenda_item(cycle["this"], title="Off topic", by=resident)
    services.decide_proposal(p1, decision="merge", merge_into=target, by=officer)
    services.decide_proposal(p2, decision="decline", by=officer)
    target.refresh_from_db()
    assert "More graffiti" in target.body
    with pytest.raises(ValidationError):
        services.decide_proposal(p2, decision="accept", by=officer)
    with pytest.raises(PermissionDenied):
        services.decide_proposal(
            services.propose_agenda_item(cycle["this"], title="x", by=resident),
            decision="accept",
            by=resident,
        )
    with pytest.raises(ValidationError):
        services.propose_agenda_item(cycle["this"], title="  ", by=resident)


def test_internal_process_files_a_proposal_without_a_person(cycle):
    with pytest.raises(PermissionDenied):
        services.propose_agenda_item(cycle["this"], title="Revisit priorities", by=None)
    proposal = services.propose_agenda_item(
        cycle["this"], title="Revisit priorities", by=None, on_behalf_of="needs assessment"
    )
    assert proposal.proposed_by is None
    assert proposal.status == "pending"
    from beatbridge.accounts.models import ActivityEntry

    entry = ActivityEntry.objects.get(verb="meetings.agenda_item_proposed", target_id=proposal.pk)
    assert entry.actor is None
    assert entry.data == {"on_behalf_of": "needs assessment"}

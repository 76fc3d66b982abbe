"""The triage queue's shortcuts for large queues: capped counts, rows prepared in the view,
selects rendered in Python, and the partial indexes it relies on."""

import datetime as dt

from django import forms
from django.db import connection
from django.utils import timezone

from beatbridge.concerns import views
from beatbridge.concerns.forms import FastSelect, TriageFilterForm
from beatbridge.concerns.models import Concern


def test_triage_row_shows_what_an_officer_needs(client_for, make_concern, officer):
    concern = make_concern(description="Loud music every night after midnight on the corner")
    html = client_for(officer).get("/concerns/triage/").content.decode()
    assert f'<a href="/concerns/{concern.pk}/manage/">#{concern.pk} Noise</a>' in html
    assert f'aria-label="Select concern #{concern.pk}"' in html
    assert "Beat 0111" in html and "Riverside" in html
    assert '<span class="badge status-submitted">Submitted</span>' in html
    assert "Loud music every night after midnight on the corner" in html  # 10 words: whole
    local = timezone.localtime(concern.created_at)
    assert f'datetime="{local.isoformat()}"' in html
    assert "0\xa0minutes" in html  # the age
    assert '<td data-label="Assigned"><div>—</div></td>' in html


def test_triage_counts_stop_at_the_cap(client_for, make_concern, officer, monkeypatch):
    late = [make_concern() for _ in range(3)]
    Concern.objects.filter(pk__in=[c.pk for c in late]).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    monkeypatch.setattr(views, "OVERDUE_COUNT_CAP", 2)
    monkeypatch.setattr(views.CappedPaginator, "cap", 2)
    html = client_for(officer).get("/concerns/triage/").content.decode()
    assert "More than 2 overdue" in html
    paginator = views.CappedPaginator(Concern.objects.order_by("pk"), 1)
    assert paginator.count == 2 and paginator.num_pages == 2 and paginator.is_capped
    page = paginator.get_page(5)
    assert page.number == 2
    exact = views.CappedPaginator(Concern.objects.filter(pk=late[0].pk), 1)
    assert exact.count == 1 and not exact.is_capped


def test_triage_page_numbers_say_when_capped(client_for, make_concern, officer, monkeypatch):
    for _ in range(3):
        make_concern()
    monkeypatch.setattr(views.CappedPaginator, "cap", 2)
    monkeypatch.setattr(views, "TRIAGE_PAGE_SIZE", 1)
    html = client_for(officer).get("/concerns/triage/").content.decode()
    assert "Page 1 of more than 2" in html


def test_fast_select_renders_like_django(city):
    choices = [("", "All"), ("a", "Alpha <b>"), (3, "Three"), ("Group", [("g1", "G & 1")])]
    for value in ("", "a", 3, "g1", "missing", None):
        fast = FastSelect(choices=choices).render("f", value, {"id": "id_f", "required": True})
        plain = forms.Select(choices=choices).render("f", value, {"id": "id_f", "required": True})
        assert fast == "".join(line.strip() for line in plain.splitlines()), value
    form = TriageFilterForm({"neighborhood": str(city["hilltop"].pk)}, status_choices=[])
    assert form.is_valid()
    assert f'<option value="{city["hilltop"].pk}" selected>Hilltop</option>' in str(
        form["neighborhood"]
    )


def test_open_concern_indexes_exist(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Concern._meta.db_table)
    assert {"concern_open_beat_age", "concern_open_age", "concern_unanswered_beat"} <= set(indexes)

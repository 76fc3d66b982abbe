"""Atom feeds checked against RFC 4287's required elements, parsed back with xml.etree
(feedparser is not installed here)."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from beatbridge.outreach import services

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _parse(client, url):
    r = client.get(url)
    assert r.status_code == 200, url
    assert r["Content-Type"].startswith("application/atom+xml")
    assert "max-age" in r["Cache-Control"]
    root = ET.fromstring(r.content)
    assert root.tag == f"{ATOM}feed"
    return root


def _check_feed(root, self_url):
    ids = root.findall(f"{ATOM}id")
    assert len(ids) == 1 and ids[0].text.startswith("urn:uuid:")
    assert root.findtext(f"{ATOM}title").strip()
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    links = {link.get("rel", "alternate"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith(self_url)
    assert links["alternate"].startswith("http")
    assert root.find(f"{ATOM}author/{ATOM}name").text
    for entry in root.findall(f"{ATOM}entry"):
        assert len(entry.findall(f"{ATOM}id")) == 1
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
        assert entry.findtext(f"{ATOM}title")
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert RFC3339.match(entry.findtext(f"{ATOM}published"))
        alt = [x for x in entry.findall(f"{ATOM}link") if x.get("rel", "alternate") == "alternate"]
        assert alt and alt[0].get("href").startswith("http")
        assert entry.findtext(f"{ATOM}summary") is not None
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert entry.find(f"{ATOM}category").get("term")
    return root.findall(f"{ATOM}entry")


@pytest.fixture
def posts(officer, other_district_officer, supervisor, city):
    def post(by, areas, title, category="event", **kw):
        return services.post_announcement(
            by=by,
            title=title,
            body=f"{title} <b>now</b> & later",
            category=category,
            areas=areas,
            **kw,
        )

    return {
        "riverside": post(officer, [city["riverside"]], "Riverside fair"),
        "d2": post(other_district_officer, [city["d2"]], "District 2 closure", "closure"),
        "city": post(supervisor, [], "City-wide alert", "safety_alert", is_citywide=True),
    }


def test_city_feed_lists_everything_valid(client, posts):
    entries = _check_feed(_parse(client, "/outreach/feeds/city.atom"), "/outreach/feeds/city.atom")
    assert {e.findtext(f"{ATOM}title") for e in entries} == {
        "Riverside fair",
        "District 2 closure",
        "City-wide alert",
    }
    riverside = next(e for e in entries if e.findtext(f"{ATOM}title") == "Riverside fair")
    assert riverside.findtext(f"{ATOM}id") == f"urn:uuid:{posts['riverside'].uuid}"
    assert "&lt;b&gt;now&lt;/b&gt;" in riverside.findtext(f"{ATOM}summary")  # escaped text
    assert riverside.find(f"{ATOM}category").get("term") == "event"
    assert riverside.find(f"{ATOM}author/{ATOM}name").text == "Officer Olivia"


def test_area_feed_only_its_announcements(client, posts):
    url = "/outreach/feeds/area/neighborhood/1.atom"
    entries = _check_feed(_parse(client, url), url)
    assert {e.findtext(f"{ATOM}title") for e in entries} == {"Riverside fair", "City-wide alert"}
    url = "/outreach/feeds/area/beat/0211.atom"
    entries = _check_feed(_parse(client, url), url)
    assert {e.findtext(f"{ATOM}title") for e in entries} == {
        "District 2 closure",
        "City-wide alert",
    }


def test_category_feed(client, posts):
    url = "/outreach/feeds/category/closure.atom"
    entries = _check_feed(_parse(client, url), url)
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["District 2 closure"]
    assert client.get("/outreach/feeds/category/gossip.atom").status_code == 404
    assert client.get("/outreach/feeds/area/planet/1.atom").status_code == 404
    assert client.get("/outreach/feeds/area/beat/9999.atom").status_code == 404


def test_feed_ids_are_stable_and_distinct(client, posts, city):
    a = _parse(client, "/outreach/feeds/city.atom").findtext(f"{ATOM}id")
    b = _parse(client, "/outreach/feeds/city.atom").findtext(f"{ATOM}id")
    c = _parse(client, "/outreach/feeds/area/neighborhood/1.atom").findtext(f"{ATOM}id")
    assert a == b != c


def test_edit_changes_updated_not_id_and_withdrawn_leaves(client, posts, officer):
    a = posts["riverside"]
    before = {
        e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated")
        for e in _parse(client, "/outreach/feeds/city.atom").findall(f"{ATOM}entry")
    }
    a.updated_at = a.updated_at - dt.timedelta(minutes=5)
    a.save()
    services.edit_announcement(a, by=officer, title="Riverside fair (moved)")
    after = {
        e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated")
        for e in _parse(client, "/outreach/feeds/city.atom").findall(f"{ATOM}entry")
    }
    key = f"urn:uuid:{a.uuid}"
    assert key in after and after[key] != before[key]
    services.withdraw_announcement(a, by=officer)
    ids = [
        e.findtext(f"{ATOM}id")
        for e in _parse(client, "/outreach/feeds/city.atom").findall(f"{ATOM}entry")
    ]
    assert key not in ids


def test_empty_feed_is_still_valid(client, city):
    url = "/outreach/feeds/area/district/1.atom"
    assert _check_feed(_parse(client, url), url) == []


def test_area_page_announces_feeds_in_head(client, posts, city):
    html = client.get("/areas/neighborhood/1/").content.decode()
    head = html.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
        r'href="/outreach/feeds/area/neighborhood/1.atom">',
        head,
    )
    assert 'href="/outreach/feeds/city.atom"' in head
    assert 'type="text/calendar"' in head  # the meetings app's iCalendar feed
    body = html.split("</head>")[1]
    assert "/meetings/feeds/area/neighborhood/1.ics" in body and "Riverside fair" in body

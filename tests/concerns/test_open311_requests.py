"""GET requests.{fmt} and requests/{id}.{fmt}: mapping, filters, defaults, the 1000 cap."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.concerns.models import Concern, ConcernPhoto, ConcernStatus, ConcernUpdate

from .conftest import IN_B111, IN_B211, image_bytes
from .open311_helpers import (
    BASE,
    as_json,
    fast_passwords,  # noqa: F401
    xml_errors,
    xml_root,
)

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def _age(concern, days):
    when = timezone.now() - dt.timedelta(days=days)
    Concern.objects.filter(pk=concern.pk).update(created_at=when, updated_at=when)
    concern.refresh_from_db()
    return concern


@pytest.fixture
def sample(make_concern, officer):
    from beatbridge.concerns import services

    open_one = make_concern(
        address="5th and Main",
        contact_name="Secret Sam",
        contact_email="sam@example.org",
        contact_phone="555-0199",
    )
    closed = make_concern(where=IN_B211, category="lighting", description="Dark corner")
    services.acknowledge_concern(open_one, by=officer, note="We will patrol on Friday.")
    ConcernUpdate.objects.create(concern=open_one, text="Internal: suspect known", is_public=False)
    Concern.objects.filter(pk=closed.pk).update(
        status=ConcernStatus.RESOLVED, closed_at=timezone.now()
    )
    return {"open": open_one, "closed": Concern.objects.get(pk=closed.pk)}


def test_requests_json_mapping(client, sample):
    data = as_json(client.get(BASE + "requests.json"))
    assert [r["service_request_id"] for r in data] == [sample["closed"].pk, sample["open"].pk]
    row = data[1]
    assert list(row) == REQUEST_FIELDS
    assert row["status"] == "open"
    assert row["status_notes"] == "We will patrol on Friday."
    assert row["service_code"] == "noise"
    assert row["description"] == "Loud music every night after midnight."
    assert row["address"] == "5th and Main"
    assert row["lat"] == pytest.approx(IN_B111[1]) and row["long"] == pytest.approx(IN_B111[0])
    assert row["agency_responsible"]  # the category's responsible unit
    for field in ("requested_datetime", "updated_datetime"):
        value = row[field]
        assert dt.datetime.fromisoformat(value).tzinfo is not None
        assert value[-6] in "+-" and value[-3] == ":" and "." not in value
    assert row["media_url"] is None and row["zipcode"] is None
    assert data[0]["status"] == "closed"
    text = str(data)
    for secret in (
        "Secret Sam",
        "sam@example.org",
        "555-0199",
        "Internal: suspect",
        sample["open"].tracking_token,
    ):
        assert secret not in text


def test_requests_xml_structure(client, sample):
    root = xml_root(client.get(BASE + "requests.xml"))
    assert root.tag == "service_requests"
    assert [r.tag for r in root] == ["request", "request"]
    first = root[1]
    assert [c.tag for c in first] == REQUEST_FIELDS
    assert first.findtext("status") == "open"
    assert int(first.findtext("service_request_id")) == sample["open"].pk
    assert first.findtext("address_id") == "" and first.findtext("zipcode") == ""
    assert float(first.findtext("lat")) == pytest.approx(IN_B111[1])
    assert b"sam@example.org" not in client.get(BASE + "requests.xml").content


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ConcernStatus.SUBMITTED, "open"),
        (ConcernStatus.ACKNOWLEDGED, "open"),
        (ConcernStatus.IN_PROGRESS, "open"),
        (ConcernStatus.REFERRED, "open"),
        (ConcernStatus.RESOLVED, "closed"),
        (ConcernStatus.CLOSED, "closed"),
        (ConcernStatus.DUPLICATE, "closed"),
        (ConcernStatus.CLOSED_UNFIXED, "closed"),
    ],
)
def test_status_mapping(client, make_concern, status, expected):
    concern = make_concern()
    Concern.objects.filter(pk=concern.pk).update(status=status)
    data = as_json(client.get(BASE + f"requests/{concern.pk}.json"))
    assert data[0]["status"] == expected


def test_rejected_and_private_concerns_are_never_listed(client, make_concern, categories):
    rejected = make_concern()
    Concern.objects.filter(pk=rejected.pk).update(status=ConcernStatus.REJECTED)
    private = make_concern()
    Concern.objects.filter(pk=private.pk).update(is_public=False)
    assert as_json(client.get(BASE + "requests.json")) == []
    for concern in (rejected, private):
        assert client.get(BASE + f"requests/{concern.pk}.json").status_code == 404


def test_referred_agency_and_expected_datetime(client, make_concern, officer):
    from beatbridge.concerns import services

    concern = make_concern()
    row = as_json(client.get(BASE + f"requests/{concern.pk}.json"))[0]
    expected = dt.datetime.fromisoformat(row["expected_datetime"])
    assert expected == concern.created_at.replace(microsecond=0) + dt.timedelta(
        hours=concern.category.response_target_hours
    )
    services.refer_concern(concern, by=officer, to="Streets and Sanitation", note="Referred.")
    row = as_json(client.get(BASE + f"requests/{concern.pk}.json"))[0]
    assert row["agency_responsible"] == "Streets and Sanitation"
    assert row["status"] == "open" and row["status_notes"] == "Referred."
    assert row["expected_datetime"] is None  # it has had its first response


def test_media_url_is_the_first_photo(client, make_concern):
    concern = make_concern(photos=[image_bytes()])
    assert ConcernPhoto.objects.filter(concern=concern).exists()
    row = as_json(client.get(BASE + f"requests/{concern.pk}.json"))[0]
    assert row["media_url"].startswith("http://testserver/media/")


def test_request_detail_both_formats(client, sample):
    pk = sample["open"].pk
    data = as_json(client.get(BASE + f"requests/{pk}.json", {"jurisdiction_id": "x"}))
    assert len(data) == 1 and data[0]["service_request_id"] == pk
    root = xml_root(client.get(BASE + f"requests/{pk}.xml"))
    assert root.tag == "service_requests" and len(root) == 1 and root[0].tag == "request"


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("rid", ["999999", "abc"])
def test_unknown_request_is_404(client, sample, fmt, rid):
    response = client.get(BASE + f"requests/{rid}.{fmt}")
    assert response.status_code == 404
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert errors[0]["code"] == 404 and rid in errors[0]["description"]


def test_default_is_last_90_days(client, make_concern):
    recent = make_concern()
    old = _age(make_concern(), 120)
    ids = [r["service_request_id"] for r in as_json(client.get(BASE + "requests.json"))]
    assert ids == [recent.pk]
    start = (timezone.now() - dt.timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - dt.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = [
        r["service_request_id"]
        for r in as_json(client.get(BASE + "requests.json", {"start_date": start, "end_date": end}))
    ]
    assert ids == [old.pk]


def test_filters(client, make_concern):
    a = make_concern(category="noise")
    b = make_concern(category="lighting", description="Streetlight out")
    c = make_concern(category="other", description="Other thing")
    Concern.objects.filter(pk=c.pk).update(status=ConcernStatus.CLOSED)

    def ids(**params):
        return sorted(
            r["service_request_id"] for r in as_json(client.get(BASE + "requests.json", params))
        )

    assert ids(service_code="noise") == [a.pk]
    assert ids(service_code="noise,lighting") == sorted([a.pk, b.pk])
    assert ids(status="closed") == [c.pk]
    assert ids(status="open") == sorted([a.pk, b.pk])
    assert ids(status="open,closed") == sorted([a.pk, b.pk, c.pk])
    # service_request_id overrides everything else.
    assert ids(
        service_request_id=f"{a.pk},{c.pk}", status="open", service_code="lighting"
    ) == sorted([a.pk, c.pk])
    # Dates with an offset, and the plain-date form.
    today = timezone.localdate().isoformat()
    assert ids(start_date=today + "T00:00:00-06:00") == sorted([a.pk, b.pk, c.pk])
    assert ids(end_date="2001-01-01") == []


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"end_date": "2024-13-45T00:00:00Z"},
        {"start_date": "2024-05-01T00:00:00Z", "end_date": "2024-04-01T00:00:00Z"},
        {"start_date": "2024-01-01T00:00:00Z", "end_date": "2024-12-01T00:00:00Z"},
        {"status": "pending"},
        {"service_code": "no-such-code"},
        {"service_request_id": "12,abc"},
    ],
)
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_query_is_400(client, categories, params, fmt):
    response = client.get(BASE + f"requests.{fmt}", params)
    assert response.status_code == 400
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert errors and all(e["code"] == 400 and e["description"] for e in errors)


def test_at_most_1000(client, make_concern, django_assert_max_num_queries):
    first = make_concern()
    rows = []
    for _ in range(1004):
        clone = Concern(
            **{
                f.attname: getattr(first, f.attname)
                for f in Concern._meta.concrete_fields
                if f.attname not in ("id", "tracking_token")
            }
        )
        rows.append(clone)
    Concern.objects.bulk_create(rows)
    with django_assert_max_num_queries(12):
        data = as_json(client.get(BASE + "requests.json"))
    assert len(data) == 1000
    assert len(xml_root(client.get(BASE + "requests.xml"))) == 1000


def test_xml_survives_control_characters(client, make_concern):
    concern = make_concern(description="Bell \x07 rings, tab\tand <b>tags</b> & more")
    root = xml_root(client.get(BASE + f"requests/{concern.pk}.xml"))
    assert root[0].findtext("description") == "Bell  rings, tab\tand <b>tags</b> & more"
    data = as_json(client.get(BASE + f"requests/{concern.pk}.json"))
    assert "<b>tags</b>" in data[0]["description"]


@pytest.mark.parametrize(
    "url", ["requests.json?service_code=%00", "services/no%00pe.json", "requests/1%00.json"]
)
def test_nul_characters_are_400_not_500(client, categories, url):
    response = client.get(BASE + url)
    assert response.status_code in (400, 404)
    assert as_json(response)[0]["code"] == response.status_code

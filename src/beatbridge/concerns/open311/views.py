"""Open311 GeoReport v2 endpoints at ``/open311/v2/`` (``.xml`` and ``.json``).

* ``GET services.{fmt}`` and ``GET services/{service_code}.{fmt}`` (categories with extra
  questions only: ``metadata`` is ``true`` for them).
* ``POST requests.{fmt}``: form-encoded, needs an ``api_key`` (an :class:`ApiClient`);
  location is ``lat`` + ``long`` or ``address_string`` (``address_id`` is refused: we have no
  address repository). ``media_url`` (http or https) is kept as a link, never fetched: staff
  see it, and GET returns it when the request has no photo of ours. Honours an
  ``Idempotency-Key`` header (at least 128 random bits, else 400; the same key with other
  content is a 422). Realtime: the answer carries the ``service_request_id``.
* ``GET requests.{fmt}`` (public concerns; default the last 90 days; at most 1000) and
  ``GET requests/{id}.{fmt}``.
* ``GET tokens/{token}.{fmt}``: we never hand out tokens (requests are realtime), but a client
  that lost the answer to a POST can look up its request by the ``Idempotency-Key`` it sent.

``jurisdiction_id`` is accepted everywhere; when ``BEATBRIDGE["OPEN311_JURISDICTION_ID"]`` is
set, any other value is a 404. Errors follow the spec: 403 for a missing or wrong api_key,
404 for what does not exist, 400 for everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..idempotency import (
    IdempotencyConflict,
    IdempotencyKeyRefused,
    check_key,
    idempotent,
    request_fingerprint,
)
from ..models import ApiClient, Category, IdempotencyRecord
from ..services import submit_concern
from . import serializers
from .render import FORMATS, errors, respond

MAX_REQUESTS = 1000
DEFAULT_SPAN = dt.timedelta(days=90)
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
_DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also takes "²", which int() refuses
MAX_ID = 2**63 - 1  # a bigint: a larger number reaching PostgreSQL is an error, not "none"


def _is_id(raw: str) -> bool:
    """Whether ``raw`` is a number that can be a concern's id (anything else matches none)."""
    return bool(_DIGITS.fullmatch(raw)) and len(raw) <= 19 and int(raw) <= MAX_ID


def _has_nul(request: HttpRequest, kwargs: dict) -> bool:
    values = [*kwargs.values()]
    for data in (request.GET, request.POST):
        for key in data:
            values.append(key)
            values.extend(data.getlist(key))
    return any("\x00" in str(value) for value in values)


def open311(*methods: str) -> Callable:
    """Check the format and method and the jurisdiction; answer errors the spec's way."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, fmt: str = "", **kwargs) -> HttpResponse:
            if fmt not in FORMATS:
                return errors(
                    "xml", 404, _("Unknown format “%(f)s”: use .xml or .json.") % {"f": fmt[:20]}
                )
            allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
            if request.method not in allowed:
                return errors(fmt, 400, _("%(m)s is not supported here.") % {"m": request.method})
            if _has_nul(request, kwargs):  # PostgreSQL cannot even compare such text
                return errors(fmt, 400, _("The request contains a NUL character."))
            wanted = getattr(settings, "BEATBRIDGE", {}).get("OPEN311_JURISDICTION_ID")
            given = (
                request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
            ).strip()
            if wanted and given and given != wanted:
                return errors(
                    fmt, 404, _("jurisdiction_id “%(j)s” was not found.") % {"j": given[:100]}
                )
            return view(request, *args, fmt=fmt, **kwargs)

        return wrapper

    return decorate


def _url(request: HttpRequest) -> Callable[[str], str]:
    return request.build_absolute_uri


@open311("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    services = [serializers.service(c) for c in Category.objects.filter(is_active=True)]
    return respond(fmt, "services", services)


@open311("GET")
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    category = Category.objects.filter(code=service_code, is_active=True).first()
    if category is None:
        return errors(fmt, 404, _("service_code “%(c)s” was not found.") % {"c": service_code})
    if not serializers.has_metadata(category):
        return errors(
            fmt,
            404,
            _("service_code “%(c)s” has no service definition (its metadata is false).")
            % {"c": service_code},
        )
    return respond(fmt, "service_definition", serializers.service_definition(category))


def _parse_when(raw: str, name: str, end: bool = False) -> dt.datetime:
    raw = raw.strip()
    value = parse_datetime(raw.replace(" ", "+")) if "T" in raw else None
    if value is None and "T" not in raw:
        day = parse_date(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
        if day is not None:
            value = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    if value is None:
        raise ValueError(
            _("%(name)s must be a W3C datetime such as 2010-01-01T00:00:00Z.") % {"name": name}
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _comma_list(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


@csrf_exempt
@open311("GET", "POST")
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    concerns = serializers.public_requests()
    ids = _comma_list(params.get("service_request_id"))
    if ids:  # "This overrides all other arguments."
        if not all(_DIGITS.fullmatch(i) for i in ids):
            return errors(fmt, 400, _("service_request_id must be numbers separated by commas."))
        concerns = concerns.filter(pk__in=[int(i) for i in ids if _is_id(i)])
    else:
        problems = []
        try:
            start = (
                _parse_when(params["start_date"], "start_date")
                if params.get("start_date")
                else None
            )
        except ValueError as exc:
            problems.append(str(exc))
            start = None
        try:
            end = (
                _parse_when(params["end_date"], "end_date", end=True)
                if params.get("end_date")
                else None
            )
        except ValueError as exc:
            problems.append(str(exc))
            end = None
        if start and end and start > end:
            problems.append(_("start_date must be before end_date."))
        elif start and end and end - start > DEFAULT_SPAN + dt.timedelta(days=1):
            problems.append(_("start_date and end_date may not span more than 90 days."))
        statuses = _comma_list(params.get("status"))
        if any(s not in ("open", "closed") for s in statuses):
            problems.append(_("status must be open, closed, or both separated by a comma."))
        codes = _comma_list(params.get("service_code"))
        known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
        for code in codes:
            if code not in known:
                problems.append(_("service_code “%(c)s” was not found.") % {"c": code[:50]})
        if problems:
            return errors(fmt, 400, *problems)
        if start is None and end is None:
            end = timezone.now()
            start = end - DEFAULT_SPAN
        elif start is None and end is not None:
            start = end - DEFAULT_SPAN
        elif end is None and start is not None:
            end = start + DEFAULT_SPAN
        concerns = concerns.filter(created_at__gte=start, created_at__lte=end)
        if codes:
            concerns = concerns.filter(category__code__in=codes)
        if len(set(statuses)) == 1:
            open_q = concerns.open()
            concerns = (
                open_q if statuses[0] == "open" else concerns.exclude(pk__in=open_q.values("pk"))
            )
    rows = concerns.order_by("-created_at", "-pk")[:MAX_REQUESTS]
    url = _url(request)
    requests = [serializers.service_request(c, url, request.user) for c in rows]
    return respond(fmt, "service_requests", requests)


@open311("GET")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    concern = (
        serializers.public_requests().filter(pk=int(request_id)).first()
        if _is_id(request_id)
        else None
    )
    if concern is None:
        return errors(
            fmt, 404, _("service_request_id “%(i)s” was not found.") % {"i": request_id[:50]}
        )
    payload = [serializers.service_request(concern, _url(request), request.user)]
    return respond(fmt, "service_requests", payload)


@open311("GET")
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    record = (
        IdempotencyRecord.objects.filter(scope__startswith="open311:", key=token)
        .exclude(object_id="")
        .first()
    )
    concern = None
    if record is not None and record.object_id.isdigit():
        concern = serializers.public_requests().filter(pk=int(record.object_id)).first()
    if concern is None:
        return errors(fmt, 404, _("token “%(t)s” was not found.") % {"t": token[:50]})
    return respond(fmt, "service_requests", [{"service_request_id": concern.pk, "token": token}])


def _answers(category: Category, data) -> tuple[dict[str, str], list[str]]:
    """Read ``attribute[code]`` / ``attribute[code][]`` fields and check them against the
    service definition; return the answers for :func:`submit_concern` and any problems."""
    given: dict[str, list[str]] = {}
    for name in data:
        match = _ATTRIBUTE.match(name)
        if match:
            values = [v.strip() for v in data.getlist(name) if v.strip()]
            given.setdefault(match.group(1), []).extend(values)
    answers: dict[str, str] = {}
    problems: list[str] = []
    for q in serializers.questions(category):
        if not q["variable"]:
            continue
        code, values = q["code"], given.get(q["code"], [])
        label = f"attribute[{code}]"
        if not values:
            if q["required"]:
                problems.append(_("%(a)s is required: %(d)s") % {"a": label, "d": q["description"]})
            continue
        kind = q["datatype"]
        if kind == "multivaluelist" or kind == "singlevaluelist":
            keys = {v["key"] for v in q.get("values", [])}
            wrong = [v for v in values if v not in keys]
            if wrong or (kind == "singlevaluelist" and len(values) > 1):
                problems.append(
                    _("%(a)s must be one of: %(k)s.") % {"a": label, "k": ", ".join(sorted(keys))}
                )
                continue
        elif len(values) > 1:
            problems.append(_("%(a)s takes one value.") % {"a": label})
            continue
        elif kind == "number":
            try:
                float(values[0])
            except ValueError:
                problems.append(_("%(a)s must be a number.") % {"a": label})
                continue
        elif kind == "datetime":
            try:
                _parse_when(values[0], label)
            except ValueError as exc:
                problems.append(str(exc))
                continue
        answers[code] = ",".join(values)
    return answers, problems


def _float_param(data, name: str, problems: list[str]) -> float | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        problems.append(_("%(n)s must be a number.") % {"n": name})
        return None


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    client = ApiClient.authenticate(data.get("api_key"))
    if client is None:
        text = (
            _("api_key is missing -- can't proceed with create_request.")
            if not data.get("api_key")
            else _("Invalid api_key received -- can't proceed with create_request.")
        )
        return errors(fmt, 403, text)
    try:
        key = check_key(request.headers.get("Idempotency-Key"))
    except IdempotencyKeyRefused as exc:
        return errors(fmt, 400, str(exc))
    code = (data.get("service_code") or "").strip()
    if not code:
        return errors(fmt, 400, _("service_code was not provided."))
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return errors(fmt, 404, _("service_code “%(c)s” was not found.") % {"c": code[:50]})

    problems: list[str] = []
    lat, lon = _float_param(data, "lat", problems), _float_param(data, "long", problems)
    address = (data.get("address_string") or "").strip()
    if (lat is None) != (lon is None) and not problems:
        problems.append(_("lat and long must both be sent."))
    if lat is None and lon is None and not address and not problems:
        if (data.get("address_id") or "").strip():
            problems.append(
                _("address_id is not supported here: send lat and long, or address_string.")
            )
        else:
            problems.append(_("A location is required: lat and long, or address_string."))
    description = (data.get("description") or "").strip()
    if not description:
        problems.append(_("description is required."))
    name = " ".join(
        filter(
            None, [(data.get("first_name") or "").strip(), (data.get("last_name") or "").strip()]
        )
    )
    email = (data.get("email") or "").strip()
    phone = (data.get("phone") or "").strip()
    anonymous = not (name or email or phone)
    if anonymous and not category.allows_anonymous:
        problems.append(_("This service needs a name, email or phone of the person reporting."))
    answers, attribute_problems = _answers(category, data)
    problems += attribute_problems
    if problems:
        return errors(fmt, 400, *problems)

    def create() -> tuple[int, list]:
        try:
            concern = submit_concern(
                category=category,
                description=description,
                lon=lon,
                lat=lat,
                address=address,
                anonymous=anonymous,
                contact_name=name,
                contact_email=email,
                contact_phone=phone,
                attributes=answers,
                source=f"open311:{client.name}"[:40],
                media_url=data.get("media_url") or "",
            )
        except ValidationError as exc:
            messages = [
                f"{field}: {message}" if field != "__all__" else message
                for field, field_messages in exc.message_dict.items()
                for message in field_messages
            ]
            return 400, [{"code": 400, "description": m} for m in messages]
        return 200, [
            {
                "service_request_id": concern.pk,
                "service_notice": serializers.service_notice(category),
                "account_id": None,
            }
        ]

    fingerprint = request_fingerprint(
        sorted((k, data.getlist(k)) for k in data if k not in ("api_key", "jurisdiction_id"))
    )
    try:
        result = idempotent(
            f"open311:{client.pk}",
            key,
            create,
            request_hash=fingerprint,
            object_id=lambda body: body[0]["service_request_id"],
        )
    except IdempotencyConflict:
        return errors(fmt, 422, _("This Idempotency-Key was already used for a different request."))
    root = "errors" if result.status >= 400 else "service_requests"
    response = respond(fmt, root, result.body, status=result.status)
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@open311("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """The Service Discovery document that points clients at this GeoReport v2 endpoint."""
    from django.urls import reverse

    base = request.build_absolute_uri(reverse("open311:services", args=["xml"]))
    base = base.rsplit("/", 1)[0]
    payload = {
        "changeset": serializers.CHANGESET,
        "contact": getattr(settings, "BEATBRIDGE", {}).get(
            "OPEN311_CONTACT", settings.DEFAULT_FROM_EMAIL
        ),
        "key_service": _("API keys are issued by the department's Beatbridge administrator."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": serializers.CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", payload)


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    fmt = "json" if request.path.endswith(".json") else "xml"
    return errors(fmt, 404, _("No such GeoReport v2 resource: %(p)s") % {"p": request.path[:200]})

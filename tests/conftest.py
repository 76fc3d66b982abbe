"""Shared fixtures: a small city and one named persona per role.

The city: district 1 (beats 0111 and 0112 side by side) and district 2 (beat 0211), and two
neighborhoods, "Riverside" over beat 0111 and "Hilltop" over 0112 and 0211. Coordinates are
around Chicago so the demo map settings apply.
"""

import datetime as dt
import os
import shutil

import pytest
from shapely.geometry import box, mapping

from beatbridge.accounts.models import Role
from beatbridge.areas.models import Area, AreaKind, OfficerAssignment

from .factories import UserFactory

X0, Y0 = -87.70, 41.80


def _area(kind, code, name, geometry, parent=None, population=None):
    area = Area(kind=kind, code=code, name=name, parent=parent, population=population)
    area.set_geometry(mapping(geometry))
    area.save()
    return area


@pytest.fixture
def city(db):
    return build_city()


def build_city():
    """The small city's areas (also built once per module by tests/web/matrix_world.py)."""
    d1 = _area(AreaKind.DISTRICT, "1", "District 1", box(X0, Y0, X0 + 0.02, Y0 + 0.01))
    d2 = _area(AreaKind.DISTRICT, "2", "District 2", box(X0 + 0.02, Y0, X0 + 0.03, Y0 + 0.01))
    b111 = _area(AreaKind.BEAT, "0111", "Beat 0111", box(X0, Y0, X0 + 0.01, Y0 + 0.01), d1)
    b112 = _area(AreaKind.BEAT, "0112", "Beat 0112", box(X0 + 0.01, Y0, X0 + 0.02, Y0 + 0.01), d1)
    b211 = _area(AreaKind.BEAT, "0211", "Beat 0211", box(X0 + 0.02, Y0, X0 + 0.03, Y0 + 0.01), d2)
    riverside = _area(
        AreaKind.NEIGHBORHOOD, "1", "Riverside", box(X0, Y0, X0 + 0.01, Y0 + 0.01), population=12000
    )
    hilltop = _area(
        AreaKind.NEIGHBORHOOD,
        "2",
        "Hilltop",
        box(X0 + 0.01, Y0, X0 + 0.03, Y0 + 0.01),
        population=8000,
    )
    return {
        "d1": d1,
        "d2": d2,
        "b111": b111,
        "b112": b112,
        "b211": b211,
        "riverside": riverside,
        "hilltop": hilltop,
    }


def _persona(email, role, name, **extra):
    return UserFactory(email=email, role=role, display_name=name, **extra)


@pytest.fixture
def resident(city):
    return _persona(
        "resident@example.org", Role.RESIDENT, "Rosa Resident", home_neighborhood=city["riverside"]
    )


@pytest.fixture
def partner(city):
    return _persona("partner@example.org", Role.PARTNER, "Pat Partner")


@pytest.fixture
def officer(city):
    user = _persona("officer@example.org", Role.OFFICER, "Officer Olivia", badge_number="1111")
    OfficerAssignment.objects.create(officer=user, beat=city["b111"], starts_on=dt.date(2020, 1, 1))
    return user


@pytest.fixture
def other_district_officer(city):
    user = _persona("officer2@example.org", Role.OFFICER, "Officer Oscar", badge_number="2222")
    OfficerAssignment.objects.create(officer=user, beat=city["b211"], starts_on=dt.date(2020, 1, 1))
    return user


@pytest.fixture
def supervisor(city):
    return _persona("supervisor@example.org", Role.SUPERVISOR, "Sergeant Sam")


@pytest.fixture
def analyst(city):
    return _persona("analyst@example.org", Role.ANALYST, "Ana Analyst")


@pytest.fixture
def admin_user(city):
    return _persona("admin@example.org", Role.ADMIN, "Adam Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def personas(resident, partner, officer, other_district_officer, supervisor, analyst, admin_user):
    return {
        "resident": resident,
        "partner": partner,
        "officer": officer,
        "other_district_officer": other_district_officer,
        "supervisor": supervisor,
        "analyst": analyst,
        "admin": admin_user,
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client signed in as ``user`` (None for anonymous)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.cache import cache

    cache.clear()
    yield


def chromium_path():
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    )


def require_browser():
    """Skip (or fail when BEATBRIDGE_REQUIRE_BROWSER=1) when chromium/playwright are absent."""
    path = chromium_path()
    reason = None
    if not path:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("BEATBRIDGE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser test required but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in headless Debian chromium, pointed at the live server."""
    path = require_browser()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between page actions are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # The map tiles come from the internet, which tests never reach.
        context.route("https://**/*", lambda route: route.abort())
        page = context.new_page()
        page.base_url = live_server.url
        yield page
        context.close()
        browser.close()


# --- Staff sign-in passes a second factor (TOTP), as in production -------------------------


def staff_totp_device(user):
    """The persona's confirmed authenticator-app device (made on first use)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test app", confirmed=True)


def totp_code(device):
    """The code the persona's app shows now (the next step's if this one's was used)."""
    import time

    from django_otp.oath import TOTP, hotp

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(totp.t(), device.last_t + 1)
    while step > totp.t() + device.tolerance:  # both steps' codes used: wait for the next
        time.sleep(1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def _is_staff_persona(user):
    from beatbridge.accounts.permissions import STAFF_ROLES, held_role

    return held_role(user) in STAFF_ROLES


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """``client.force_login(staff)`` also marks the session as having entered a TOTP code
    of a real confirmed device, just as the code page does (django_otp.login).

    Tests of the gate itself sign in through the forms instead (``password_login``).
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if _is_staff_persona(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = staff_totp_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def password_login():
    """``password_login(user)``: a client signed in through the sign-in form only."""

    def make(user, password="correct-horse-battery"):
        from django.test import Client

        c = Client()
        response = c.post("/accounts/login/", {"username": user.email, "password": password})
        assert response.status_code == 302, response.status_code
        return c

    return make


def browser_login(page, user, password="correct-horse-battery"):
    """Sign in through the form in the browser; staff then type their app's current code."""
    device = staff_totp_device(user) if _is_staff_persona(user) else None
    page.goto(page.base_url + "/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if device is not None:
        assert "/accounts/two-factor/" in page.url, page.url
        page.locator("input[name=code]").fill(totp_code(device))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()

"""Django settings for Beatbridge, read from the environment.

Every setting that differs between a laptop demo and a department's production server comes
from an environment variable (django-environ). Booleans are strict: anything other than a
recognised true/false word is an error, not a silent default.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    """Read a boolean environment variable, refusing anything that is not clearly one."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def envsecret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return None


env = environ.Env()
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DATA_DIR = Path(os.environ.get("BEATBRIDGE_DATA_DIR", "var")).resolve()
DEBUG = envbool("DEBUG", False)
try:  # the SQLite database, Huey's queue and uploads live here by default
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"Cannot create BEATBRIDGE_DATA_DIR {DATA_DIR}: {exc}") from exc


def _secret_key() -> str:
    key = envsecret("SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    if TESTING:
        return "test-only-" + "k" * 60
    # Generated once and kept beside the database (created above), so sessions survive restarts.
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first, so our registration/*.html templates win over the admin's.
    "beatbridge.accounts",
    # SimpleAdminConfig: django-leaflet's admin module needs GDAL, which we do not require;
    # urls.py discovers the admin modules of Django's and our own apps instead.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "beatbridge.areas",
    "beatbridge.concerns",
    "beatbridge.data",
    "beatbridge.meetings",
    "beatbridge.priorities",
    "beatbridge.surveys",
    "beatbridge.projects",
    "beatbridge.analysis",
    "beatbridge.privacy",
    "beatbridge.ops",
    "beatbridge.watch",
    "beatbridge.subscriptions",
    "beatbridge.outreach",
    "beatbridge.web",
    "beatbridge.demo",
]

MIDDLEWARE = [
    "beatbridge.ops.health.RequestCountMiddleware",  # /metrics: responses by status class
    "django.middleware.security.SecurityMiddleware",
    "beatbridge.web.csp.ContentSecurityPolicyMiddleware",  # no inline script or style
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff roles need a second factor: OTPMiddleware reads it from the session, and
    # StaffSecondFactorMiddleware sends staff without it to the code page (API: 403).
    "django_otp.middleware.OTPMiddleware",
    "beatbridge.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out sign-in with 429
    "beatbridge.privacy.audit.StaffReadAuditMiddleware",  # staff reads of listed pages
    "beatbridge.ops.resilience.DatabaseUnavailableMiddleware",  # DB down: 503 "try again"
]

ROOT_URLCONF = "beatbridge.urls"
WSGI_APPLICATION = "beatbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "beatbridge.web.context_processors.site",
                "beatbridge.subscriptions.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'beatbridge.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if TESTING else 60)
    )
    # Parameters bound by the server: psycopg then prepares a statement it has run five
    # times, so the queries every page repeats are planned once per connection, not per use.
    if envbool("DB_SERVER_SIDE_BINDING", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every worker process: by default Django's database cache (a table in the same
# database, made by `migrate`); CACHE_URL=redis://... for a city. A per-process
# locmemcache:// only when CACHE_URL asks for it, and in the single-process test run.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL",
        default="locmemcache://beatbridge" if TESTING else "dbcache://beatbridge_cache",
    )
}
if CACHES["default"]["BACKEND"].endswith(".DatabaseCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
if TESTING:  # hashing passwords slowly only slows the test suite down
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "web:home"

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one email,
# or from one client address, sign-in is refused with 429 until AXES_COOLOFF_TIME has passed
# since the last failure (a right password included). The address is the one the trusted
# proxies saw (TRUSTED_PROXY_COUNT), stored only as a keyed pseudonym; no user agent, no
# access log: see accounts/throttle.py.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_CLIENT_IP_CALLABLE = "beatbridge.accounts.throttle.pseudonymous_address"
AXES_HANDLER = "beatbridge.accounts.throttle.LoginAttemptHandler"
AXES_LOCKOUT_CALLABLE = "beatbridge.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken", "next"]
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "beatbridge.accounts.throttle.client_str"  # logs name nobody
# Two-factor sign-in (TOTP, django-otp) for officers, supervisors, analysts and admins.
BEATBRIDGE_REQUIRE_STAFF_2FA = envbool("REQUIRE_STAFF_2FA", True)
OTP_TOTP_ISSUER = env.str("SITE_NAME", default="Beatbridge")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's key or QR code

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploads (and collected static files) readable by the service's own user only; the process
# also runs with umask 077 (cli.main, wsgi), so the database and the queue are 0600 too.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    # filemail:// without a path writes into the data directory.
    _path = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or ""
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox") if _path in ("", "/") else "/" + _path.lstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Beatbridge <noreply@beatbridge.local>")
SITE_NAME = env.str("SITE_NAME", default="Beatbridge")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# HTTPS hardening: on unless DEBUG (the demo) or the test run; each can be overridden.
_HTTPS = envbool("BEATBRIDGE_HTTPS", not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", _HTTPS)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", _HTTPS)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", _HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", _HTTPS)
_BEHIND_PROXY = envbool("BEATBRIDGE_BEHIND_PROXY", False)
if _BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front append to X-Forwarded-For: rate limits count the client
# address the outermost one wrote (the N-th entry from the right; what the client wrote to
# the left of it is ignored). 0: REMOTE_ADDR, X-Forwarded-For ignored.
BEATBRIDGE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if _BEHIND_PROXY else 0)
if BEATBRIDGE_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# Project action items: owners are reminded this many days before the due date (and once
# when overdue).
BEATBRIDGE_PROJECT_REMINDER_DAYS = env.int("PROJECT_REMINDER_DAYS", default=2)
if BEATBRIDGE_PROJECT_REMINDER_DAYS < 0:
    raise ImproperlyConfigured("PROJECT_REMINDER_DAYS must be 0 or more.")
# Text messages (subscriptions/sms.py): console, file (DATA_DIR/sms/outbox.jsonl) or http
# (POSTs JSON to SMS_GATEWAY_URL with a timeout); or a dotted path to a backend class.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
if SMS_BACKEND == "http" and not SMS_GATEWAY_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_GATEWAY_URL=https://...")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Session only: no HTTP Basic (a password per request, unthrottled, no second
        # factor). Open311 clients use their api_key (concerns.models.ApiClient).
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "beatbridge.core.api_pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "beatbridge.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Beatbridge API",
    "DESCRIPTION": "Community-policing partnership platform: areas, concerns, tips and more.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "beatbridge.core.api_schema.document_error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "beatbridge.meetings.models.MeetingKind",
        "MeetingStatusEnum": "beatbridge.meetings.models.MeetingStatus",
        "RSVPStatusEnum": "beatbridge.meetings.models.RSVPStatus",
        "PublicationStatusEnum": "beatbridge.meetings.models.AgendaStatus",
        "ProposalStatusEnum": "beatbridge.meetings.models.ProposalStatus",
        "ActionItemStatusEnum": "beatbridge.meetings.models.ActionItemStatus",
        "PriorityStatusEnum": "beatbridge.priorities.models.PriorityStatus",
        "ConcernStatusEnum": "beatbridge.concerns.models.ConcernStatus",
        "TipStatusEnum": "beatbridge.concerns.models.TipStatus",
        "ProjectStageEnum": "beatbridge.projects.models.Stage",
        "ProjectActionStatusEnum": "beatbridge.projects.models.ActionStatus",
        "ProjectEvidenceKindEnum": "beatbridge.projects.models.EvidenceKind",
        "ProjectTeamRoleEnum": "beatbridge.projects.models.TeamRole",
        "ProjectConclusionEnum": "beatbridge.projects.models.Conclusion",
        "ProjectNextStepEnum": "beatbridge.projects.models.NextStep",
        "AreaKindEnum": "beatbridge.areas.models.AreaKind",
        "SurveyQuestionKindEnum": "beatbridge.surveys.models.QuestionKind",
        "HomeLanguageEnum": "beatbridge.meetings.models.people.HOME_LANGUAGES",
        "SurveyLanguageEnum": ["en", "es"],
    },
}

LEAFLET_CONFIG = {
    # None: derived from the imported areas' extent (beatbridge.areas.extent.map_view);
    # MAP_CENTER="lat,lon" and MAP_ZOOM fix them.
    "DEFAULT_CENTER": (
        tuple(float(v) for v in os.environ["MAP_CENTER"].split(","))
        if os.environ.get("MAP_CENTER")
        else None
    ),
    "DEFAULT_ZOOM": int(os.environ["MAP_ZOOM"]) if os.environ.get("MAP_ZOOM") else None,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "TILES": [
        (
            "OpenStreetMap",
            env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            {"attribution": "&copy; OpenStreetMap contributors", "maxZoom": 19},
        )
    ],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "beatbridge",
    "filename": str(DATA_DIR / "huey.sqlite3"),
    "immediate": envbool("HUEY_IMMEDIATE", DEBUG or TESTING),
}
if os.environ.get("HUEY_REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "beatbridge",
        "url": os.environ["HUEY_REDIS_URL"],
        "immediate": envbool("HUEY_IMMEDIATE", False),
    }

# Every handler masks tip codes and tracking tokens in paths of old links and drops client
# addresses (beatbridge.web.logmask). Django's loggers are re-declared to use these handlers;
# its e-mail to ADMINS is left out on purpose: it carries the request's address and user agent.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "beatbridge.web.logmask.MaskSecrets"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_secrets"],
        },
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},  # propagates to the root's console
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
# LOG_FORMAT=json: one JSON object a line (beatbridge.ops.logs), still masked by the filter.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
if LOG_FORMAT == "json":
    LOGGING["formatters"]["json"] = {"()": "beatbridge.ops.logs.JsonFormatter"}
    for _handler in LOGGING["handlers"].values():
        _handler["formatter"] = "json"

# Privacy: closed tips' conversations are deleted, and closed concerns' contact details
# scrubbed, this many months after closing (0 keeps them). /metrics answers a request with
# "Authorization: Bearer <METRICS_TOKEN>", or a signed-in staff member.
RETENTION_TIP_MONTHS = env.int("RETENTION_TIP_MONTHS", default=12)
RETENTION_CONTACT_MONTHS = env.int("RETENTION_CONTACT_MONTHS", default=6)
if RETENTION_TIP_MONTHS < 0 or RETENTION_CONTACT_MONTHS < 0:
    raise ImproperlyConfigured(
        "RETENTION_TIP_MONTHS and RETENTION_CONTACT_MONTHS must be 0 or more."
    )
METRICS_TOKEN = envsecret("METRICS_TOKEN") or ""

# Product settings
BEATBRIDGE = {
    "REOPEN_WINDOW_DAYS": env.int("REOPEN_WINDOW_DAYS", default=30),
    "FIXED_CHECK_WEEKS": env.int("FIXED_CHECK_WEEKS", default=3),
    # "A new tip arrived" goes out after the next full hour plus up to this many random
    # minutes, so the email does not date the tip more closely than its stored hour.
    "TIP_NOTICE_JITTER_MINUTES": env.int("TIP_NOTICE_JITTER_MINUTES", default=20),
    "ANON_RATE_LIMIT": env.str("ANON_RATE_LIMIT", default="20/hour"),
    # RSVPs by email (each sends a confirmation email) per client, and how long the
    # emailed confirmation link works.
    "RSVP_RATE_LIMIT": env.str("RSVP_RATE_LIMIT", default="10/hour"),
    "RSVP_CONFIRM_HOURS": env.int("RSVP_CONFIRM_HOURS", default=48),
    "MAX_PHOTO_BYTES": env.int("MAX_PHOTO_BYTES", default=8 * 1024 * 1024),
    "GEOCODER": env.str("GEOCODER", default=""),
    # How often (seconds) a process re-reads what changed in areas and categories made by
    # other processes (changes made in the same process are seen at once). The tests use 0:
    # each test's rolled-back rows must not linger in a cache.
    "RECHECK_SECONDS": env.float("RECHECK_SECONDS", default=0.0 if TESTING else 2.0),
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Trust and safety surveys: the smallest group whose results are shown, the cap on a raking
# weight (times the mean weight), and how many days after a concern is resolved its pulse
# follow-up is sent.
SURVEYS_MIN_CELL = env.int("SURVEYS_MIN_CELL", default=10)
SURVEYS_WEIGHT_CAP = env.float("SURVEYS_WEIGHT_CAP", default=5.0)
SURVEYS_PULSE_DELAY_DAYS = env.float("SURVEYS_PULSE_DELAY_DAYS", default=3.0)
if SURVEYS_MIN_CELL < 2 or SURVEYS_WEIGHT_CAP <= 1 or SURVEYS_PULSE_DELAY_DAYS < 0:
    raise ValueError(
        "SURVEYS_MIN_CELL must be at least 2, SURVEYS_WEIGHT_CAP above 1 and "
        "SURVEYS_PULSE_DELAY_DAYS not negative"
    )

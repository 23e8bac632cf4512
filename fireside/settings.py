"""Fireside's one settings module: everything that varies comes from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from fireside.lib.env import (
    email_settings,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_str,
    s3_storage,
    trusted_proxies,
)
from fireside.lib.logs import logging_config
from fireside.lib.sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FIRESIDE_VAR_DIR", str(BASE_DIR / "var")))

FIRESIDE_ENV = env_str("FIRESIDE_ENV", "development")
if FIRESIDE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"FIRESIDE_ENV must be development or production, not {FIRESIDE_ENV!r}."
    )
PRODUCTION = FIRESIDE_ENV == "production"

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)

if PRODUCTION:
    if len(SECRET_KEY) < 32 or SECRET_KEY == _DEV_SECRET:
        raise ImproperlyConfigured(
            "Production needs SECRET_KEY (or SECRET_KEY_FILE): 32+ characters."
        )
    if DEBUG:
        raise ImproperlyConfigured("Production refuses to start with DEBUG on.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS (comma-separated host names).")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
REQUIRE_VERIFIED_EMAIL = env_bool("REQUIRE_VERIFIED_EMAIL", PRODUCTION)
GATHERING_REMINDER_DAYS = env_int("GATHERING_REMINDER_DAYS", 2, minimum=0)
POST_EDIT_MINUTES = env_int("POST_EDIT_MINUTES", 60, minimum=0)
# Survey and confidence results are shown only once this many people have answered.
SURVEY_MIN_RESPONSES = env_int("SURVEY_MIN_RESPONSES", 5, minimum=2)
CERTIFICATE_PAPER = env_str("CERTIFICATE_PAPER", "letter").lower()
if CERTIFICATE_PAPER not in {"letter", "a4"}:
    raise ImproperlyConfigured(
        f"CERTIFICATE_PAPER must be letter or a4, not {CERTIFICATE_PAPER!r}."
    )
# Program reports are served from figures at most this old; older ones are recomputed in
# the background while the last figures are shown.
REPORT_REFRESH_SECONDS = env_int("REPORT_REFRESH_SECONDS", 600, minimum=0)
# A program with more groups than this has its report PDF drawn in the background and kept.
REPORT_PDF_AT_ONCE_COMMUNITIES = env_int("REPORT_PDF_AT_ONCE_COMMUNITIES", 100, minimum=0)
# Routes /bench/floor, the fixed answer bench/run measures every page against. Off by default.
BENCH = env_bool("BENCH", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "ninja",
    # Before django_tasks_db: its `db_worker` command is ours, which also runs the schedule.
    "fireside.ops",
    "django_tasks",
    "django_tasks_db",
    "fireside.lib",
    "fireside.audit",
    "fireside.accounts",
    # After fireside.accounts, whose admin registers their devices first (metadata only).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "fireside.programs",
    "fireside.communities",
    "fireside.gatherings",
    "fireside.conversations",
    "fireside.notifications",
    "fireside.inbound",
    "fireside.search",
    "fireside.mentoring",
    "fireside.surveys",
    "fireside.hours",
    "fireside.certificates",
    "fireside.enrolment",
    "fireside.stories",
    "fireside.themes",
    "fireside.reports",
    "fireside.announcements",
    "fireside.activities",
    "fireside.library",
    "fireside.invitations",
    # Not the product: seed_demo, seed_scale and the test factories (fireside/demo/apps.py).
    # Installed in production too, for `seed_demo` on a demo site (bench/serve.sh); it has no
    # models, and routes nothing unless BENCH is on.
    "fireside.demo",
]

MIDDLEWARE = [
    # First: every line logged while a request is served carries its id.
    "fireside.lib.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads a body (the CSRF check reads a form in process_view).
    "fireside.lib.http.RequestBodyMiddleware",
    "fireside.accounts.two_factor.StaffTwoFactorMiddleware",
    "fireside.lib.http.RejectNulMiddleware",
    "fireside.lib.i18n.PreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fireside.lib.http.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fireside.urls"
WSGI_APPLICATION = "fireside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fireside" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["fireside.lib.templatetags.fireside"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "fireside.notifications.context.unread",
                "fireside.lib.context.version",
            ],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{VAR_DIR / 'fireside.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db) or _default_db)}
# Each process keeps its connection between requests (DATABASE_CONN_MAX_AGE seconds; 0
# closes it after every request), checked before reuse after an error or a restart.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
        # BEGIN so two joins racing for the last seat queue instead of failing mid-way.
        # synchronous=NORMAL is durable in WAL mode except for the last commits on a power
        # cut; the page cache (64 MiB), memory-mapped reads (256 MiB) and temporary tables
        # in memory serve reads without system calls; a writer waits up to 20 s for the lock.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; "
            "PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too (not shared-cache memory), so concurrency tests see the same
    # locking as production: WAL, IMMEDIATE transactions and the busy timeout.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-fireside.sqlite3")}
elif env_bool("DATABASE_PGBOUNCER", False):
    # Behind PgBouncer in transaction pooling, consecutive transactions may run on different
    # server connections: no server-side prepared statements (psycopg prepares a query run
    # 5 times otherwise) and no named cursors that outlive a transaction.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is shared by every app server and worker, so that sign-in limits count every
# attempt: Redis when REDIS_URL is set, else a table in the database (made by `migrate`).
# Both count atomically (fireside.lib.cache).
REDIS_URL = env_str("REDIS_URL").strip()
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "fireside.lib.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "fireside.lib.cache.DatabaseCache",
            "LOCATION": "fireside_cache",
            # Django culls a third of the entries past MAX_ENTRIES, which could drop live
            # sign-in counters; expired entries go first, so keep the ceiling high.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    ),
    # Rendered HTML fragments (a post as it reads), keyed by everything that changes them:
    # memory in each process, so a thread page costs no cache round trips. Nothing here
    # needs sharing: a stale key is never asked for again.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    },
}
# Sessions in the database (default) or in the cache (cache: faster with Redis; sessions
# end when Redis loses its data).
SESSION_STORE = env_str("SESSION_STORE", "db").strip().lower()
if SESSION_STORE not in {"db", "cache"}:
    raise ImproperlyConfigured(f"SESSION_STORE must be db or cache, not {SESSION_STORE!r}.")
SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_STORE}"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)
# Hourly limits on what sends email or does costly work for anyone who asks: reset emails
# per address and per client, sign-ups per client, uploads per person.
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3, minimum=1)
PASSWORD_RESET_CLIENT_LIMIT = env_int("PASSWORD_RESET_CLIENT_LIMIT", 10, minimum=1)
REGISTRATION_CLIENT_LIMIT = env_int("REGISTRATION_CLIENT_LIMIT", 10, minimum=1)
UPLOAD_HOURLY_LIMIT = env_int("UPLOAD_HOURLY_LIMIT", 30, minimum=1)
INVITATION_HOURLY_LIMIT = env_int("INVITATION_HOURLY_LIMIT", 50, minimum=1)
# An emailed invitation's link works this many days (resending starts them again).
INVITATION_DAYS = env_int("INVITATION_DAYS", 30, minimum=1)
# Two-step sign-in (TOTP, with django-otp): optional for everyone; staff must turn it on
# before anything else when this is on (by default in production mode).
REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Fireside"
# Wrong codes are counted like wrong passwords (LOGIN_FAILURE_LIMIT), not by django-otp's
# own back-off, which refuses even a right code for a while after a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# An email address change waits this long for a click on the link sent to the new address.
EMAIL_CHANGE_MAX_AGE_SECONDS = env_int("EMAIL_CHANGE_MAX_AGE_SECONDS", 60 * 60 * 24 * 3, minimum=60)

LANGUAGE_CODE = "en"
# Canadian French: "fr-ca" brings Django's fr_CA formats (13 h 40, 2024-01-31) and falls back
# to Django's own French messages. Browsers asking for any French get it.
LANGUAGES = [("en", "English"), ("fr-ca", "Français (Canada)")]
LOCALE_PATHS = [BASE_DIR / "fireside" / "locale"]
FORMAT_MODULE_PATH = ["fireside.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "fireside" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded files (resources, certificate PDFs): under MEDIA_ROOT, or on an S3-compatible store
# when S3_BUCKET is set (see .env.example). Either way they are only ever served through
# Fireside's own views, after the access check: MEDIA_URL is never routed.
STORAGES = {
    "default": s3_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# The web app manifest (add to home screen) is served with its own type, which WhiteNoise lacks.
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}

# Email: written to the console in development unless EMAIL_URL says otherwise.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Fireside <fireside@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write for help with their account (e.g. an email change they did not ask for);
# empty: the address DEFAULT_FROM_EMAIL sends from.
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "")
globals().update(
    email_settings(env_str("EMAIL_URL", "smtp://localhost:25" if PRODUCTION else "console:"))
)
# Reply by email (fireside.inbound): notification emails carry the reply address
# PREFIX+<token>@DOMAIN, whose mail reaches `manage.py receive_email` or POST /inbound/email.
# No domain: the feature is off (no reply address in any email).
INBOUND_EMAIL_DOMAIN = env_str("INBOUND_EMAIL_DOMAIN", "").strip().lower()
INBOUND_EMAIL_PREFIX = env_str("INBOUND_EMAIL_PREFIX", "reply").strip().lower() or "reply"
# The key a mail service sends to POST /inbound/email; empty: the endpoint refuses everyone.
INBOUND_EMAIL_SECRET = env_secret("INBOUND_EMAIL_SECRET", "")
# A larger email is refused, with a bounce to its sender when they have an account.
INBOUND_EMAIL_MAX_BYTES = env_int("INBOUND_EMAIL_MAX_BYTES", 10 * 1024 * 1024, minimum=64 * 1024)

# Background work: a database-backed queue that `manage.py db_worker` drains.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env_str("TASKS_BACKEND", "database")]
    }
}

# `manage.py db_worker` also runs the daily and weekly jobs (digests, nudges, survey rounds,
# themes; fireside/ops/schedule.py), so one box needs no cron. Turn it off to run them from cron.
SCHEDULE_IN_WORKER = env_bool("SCHEDULE_IN_WORKER", True)

# Security headers, on in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# The reverse proxies in front (IPs or CIDRs): only a request from one of them has its
# client address read from X-Forwarded-For (fireside.lib.http.client_ip).
TRUSTED_PROXIES = trusted_proxies(env_list("TRUSTED_PROXIES"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# One line per record on standard error, for the app servers and `manage.py db_worker`
# alike: JSON (production default) or key=value text (development default).
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO") or "INFO")

# Error reports to Sentry, only when SENTRY_DSN is set; personal data is taken out before an
# event leaves (fireside.lib.sentry.before_send).
SENTRY_DSN = env_secret("SENTRY_DSN").strip()
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", FIRESIDE_ENV) or FIRESIDE_ENV,
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0),
    )
CSRF_FAILURE_VIEW = "fireside.lib.http.csrf_failure"

"""Kinerja settings, read from environment variables with safe defaults.

With no variable set, the app runs on a laptop: SQLite file in the project, Celery tasks run
in-process (eager), DEBUG on. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
and CELERY_BROKER_URL; `manage.py check --deploy` is then clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab  # noqa: F401  (used by the beat schedule entries)
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.log import DEFAULT_LOGGING
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-key-only-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tables2",
    "django_filters",
    "axes",
    "csp",
    "spm",
    "org",
    "outlets",
    "kpi",
    "okr",
    "incentives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spm.urls"
WSGI_APPLICATION = "spm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "org.context_processors.policy",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Seconds a request's connection is kept for the next one (0: a new connection per
        # request); checked before reuse. Production sets 60 (docker-compose.yml).
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles (JIT) a query whose planner cost passes 100,000 by default: 0.1–0.4 s
    # of compiling that a page's query never wins back (the payout review's sums of 2,000 people
    # cost 1M: 0.3 s compiling, 25 ms running). Only the close's pass over a month of 20,000
    # salesmen (cost ≈ 4.8M) gains from it (outlets/metrics.py `_tune`).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit_above_cost=2000000"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering index of the monthly metrics (outlets.OrderLine) includes columns only PostgreSQL
# can hold; on the SQLite laptop default the index simply has its key columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: 5 failures for one username, or from one address, block it for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# No "AXES: BEGIN …" banner from every process that loads the app (each gunicorn worker, the
# autoreloader's two processes, every manage.py command); lockouts are still logged.
AXES_VERBOSE = False

# Reverse proxies in front of the app (docker-compose.yml: Caddy, which terminates TLS, so 1).
# With 0 nothing a client sends in X-Forwarded-* is believed: the client address is REMOTE_ADDR.
# With n, the request is HTTPS when the proxy says so in X-Forwarded-Proto, and the client
# address (login throttling) is the n-th address from the right of X-Forwarded-For: the one the
# outermost trusted proxy saw, whatever the client wrote further left (spm/proxy.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
AXES_CLIENT_IP_CALLABLE = "spm.proxy.client_ip"

# API tokens (`Authorization: Token …`) stop working this many days after they were issued, and
# while their user is locked out by the login throttling (org/authentication.py).
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30)

# E-mail (dispute notifications, incentives/disputes/notify.py): printed on the console in
# development; production sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and
# EMAIL_HOST (tests use Django's in-memory outbox).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kinerja@localhost")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style and one number style per language (spm/formats/<language>/formats.py); pages
# show dates with the named formats (`|date:"DATE_FORMAT"`), numbers and Rupiah through
# spm.formats (docs/formats.md, "Numbers and dates").
FORMAT_MODULE_PATH = ["spm.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads (imports) larger than this are refused with one clear message.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 200 * 1024 * 1024)
# An import that writes at least this many rows refreshes the table's planner statistics
# (ANALYZE, PostgreSQL) once it has committed: outlets/imports/service.py.
IMPORT_ANALYZE_MIN_ROWS = env_int("IMPORT_ANALYZE_MIN_ROWS", 50_000)
IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = env_int(
    "IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024
)
# An XLSX file's first sheet and shared strings are inflated and parsed only within these
# bounds (outlets/imports/xlsx.py; docs/contracts.md "Import files"). A million rows of the
# widest kind fit; a part inflating more than IMPORT_MAX_XLSX_RATIO times is a zip bomb.
IMPORT_MAX_XLSX_SHEET_BYTES = env_int("IMPORT_MAX_XLSX_SHEET_BYTES", 512 * 1024 * 1024)
IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES = env_int(
    "IMPORT_MAX_XLSX_SHARED_STRINGS_BYTES", 64 * 1024 * 1024
)
IMPORT_MAX_XLSX_RATIO = env_int("IMPORT_MAX_XLSX_RATIO", 100)
IMPORT_MAX_XLSX_ROWS = env_int("IMPORT_MAX_XLSX_ROWS", 1_048_576)
# `POST /api/v1/imports/` answers with the report for files up to this size and 202 with an
# import job (a Celery task, GET /api/v1/imports/<id>/) above it; the upload page always runs a
# job. A job writes its progress every IMPORT_PROGRESS_EVERY_ROWS rows (outlets/imports/jobs.py).
IMPORT_SYNC_MAX_BYTES = env_int("IMPORT_SYNC_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_PROGRESS_EVERY_ROWS = env_int("IMPORT_PROGRESS_EVERY_ROWS", 10_000)
if IMPORT_PROGRESS_EVERY_ROWS < 1:
    raise ImproperlyConfigured("IMPORT_PROGRESS_EVERY_ROWS must be 1 or more")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "org.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "spm.schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja API",
    "DESCRIPTION": "Sales performance management: people, field data, KPIs, OKRs, incentives.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets sharing a field name get their own component names.
    "ENUM_NAME_OVERRIDES": {
        "ImportJobStatusEnum": "outlets.models.ImportJob.Status",
        "StatusEnum": "incentives.models.RunStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Celery: with no broker configured, tasks run in-process so the app needs nothing but Python.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task whose whole worker died (acks_late: never acknowledged) goes back to the queue once the
# Redis broker's visibility timeout has passed since it was delivered (kombu's default: an hour).
# It must exceed the longest task, or a task still running is delivered a second time: the
# longest is an import at the upload limit (1,000,000 order lines import in 17–29 s,
# bench/README.md; a 200 MB file holds about 3 million, so about 1.5 min), then the close of
# 2,000 salesmen (about 4 s). 15 minutes leaves ten times that margin; a running worker sweeps
# for such messages at start and then about every 100 s (kombu's unacked_restore_interval 10 s ×
# unacked_restore_throttle 10), so a lost close runs again within about 17 minutes. Every task
# is idempotent, so even a second delivery is harmless.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 15 * 60),
}
# Periodic jobs (times in Asia/Jakarta). Each app adds its entries below.
CELERY_BEAT_SCHEDULE: dict = {}
# KPI: the month in progress (kpi.live.refresh_month): MTD metrics, draft scorecards, pace
# scores and projections in one pipeline, before the OKRs read the metrics. Imports that touch
# the current month queue the same task on commit.
CELERY_BEAT_SCHEDULE["kpi-refresh-month"] = {
    "task": "kpi.tasks.refresh_month_task",
    "schedule": crontab(hour=1, minute=0),
}
# OKRs: metric-linked key results, after the night's metric refresh.
CELERY_BEAT_SCHEDULE["okr-refresh-key-results"] = {
    "task": "okr.tasks.refresh_key_results",
    "schedule": crontab(hour=3, minute=30),
}
# Org: transfers dated in the future become the current team on their day (org/assignments.py),
# before the night's refresh reads the teams.
CELERY_BEAT_SCHEDULE["org-apply-due-assignments"] = {
    "task": "org.tasks.apply_due_assignments_task",
    "schedule": crontab(hour=0, minute=10),
}
# Field data (PostgreSQL): this month's and next month's partitions before anything writes into
# them, rows left in the DEFAULT partition moved to their month, the parents analysed.
CELERY_BEAT_SCHEDULE["outlets-maintain-partitions"] = {
    "task": "outlets.tasks.maintain_partitions",
    "schedule": crontab(hour=0, minute=5),
}
# Incentives: the monthly close (draft payout run) of the month just ended.
CELERY_BEAT_SCHEDULE["incentives-close-previous-month"] = {
    "task": "incentives.tasks.close_previous_month_task",
    "schedule": crontab(day_of_month=1, hour=2, minute=0),
}

# Gamification: the weekly leaderboards and badges, Monday morning for the Sunday just ended.
CELERY_BEAT_SCHEDULE["kpi-publish-leaderboards"] = {
    "task": "kpi.gamification.tasks.publish_leaderboards_task",
    "schedule": crontab(day_of_week="mon", hour=6, minute=0),
}

# The month's metrics read every field row of the month once; with a sales force of at least
# METRICS_SIDE_BY_SIDE_MIN_SALESMEN that pass runs in METRICS_WORKERS pieces side by side, each
# on its own database connection (one per core the database has: outlets/metrics.py).
METRICS_WORKERS = env_int("METRICS_WORKERS", 2)
METRICS_SIDE_BY_SIDE_MIN_SALESMEN = env_int("METRICS_SIDE_BY_SIDE_MIN_SALESMEN", 1000)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
    }

# One handler, on the root logger. Django's default configuration gives the "django" logger a
# console handler of its own (DEBUG only) and lets it propagate to the root one as well, which
# printed every django.* line ("Not Found: …", the autoreloader) twice: the "django" logger keeps
# no handler here (runserver's request lines keep Django's own). Celery's worker and gunicorn put
# their own handlers on their own loggers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"django.server": DEFAULT_LOGGING["formatters"]["django.server"]},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": DEFAULT_LOGGING["handlers"]["django.server"],
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": DEFAULT_LOGGING["loggers"]["django.server"],
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only, no
# inline script or event handler (templates bind behaviour from static/js/kinerja.js). Style
# attributes stay allowed (`style-src-attr`): they size progress bars and inputs and cannot run
# code; `data:` images are Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production hardening: on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "same-origin"

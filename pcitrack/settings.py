"""pcitrack's one settings module: every option comes from an environment variable.

PCITRACK_DEBUG          "true" for development (default), "false" in production
PCITRACK_SECRET_KEY     required when PCITRACK_DEBUG is false
PCITRACK_DATA_DIR       SQLite database and uploads (default ./var)
PCITRACK_ALLOWED_HOSTS  comma-separated host names (production)
DATABASE_URL            postgresql://user:pass@host:5432/name or sqlite:///path (default SQLite in the data dir)
PCITRACK_SECURE_PROXY   "true" when a reverse proxy terminates HTTPS and sets X-Forwarded-Proto
PCITRACK_HSTS_SECONDS   Strict-Transport-Security max-age in production (default one year)
PCITRACK_LOG_LEVEL      level of the application log on stderr (default INFO)
PCITRACK_SMTP_HOST      send e-mail through this SMTP server (also _PORT, _USER, _PASSWORD, _TLS); else the console
PCITRACK_FROM_EMAIL     sender address of reminders
PCITRACK_SITE_URL       the site's address for links in e-mails (https://pcitrack.example.gov.vn); else paths only
PCITRACK_DB_CONN_MAX_AGE        seconds a PostgreSQL connection is kept for the next request (default 60; 0 closes it)
PCITRACK_TASK_BACKEND   "immediate" (default: run at once, no extra process), "database" (queued in the database
                        for `pcitrack worker`), or a Django tasks backend's class path
PCITRACK_JOB_TIMEOUT    seconds a background job may stay queued or running before it counts as failed (default 600)
PCITRACK_LOGIN_FAILURE_LIMIT    failed log-ins for one user name before it is locked (default 5)
PCITRACK_LOGIN_LOCKOUT_MINUTES  how long such a user name stays locked (default 15)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_positive_int(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value} must be at least 1.")
    return value


def env_non_negative_int(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 0:
        raise ImproperlyConfigured(f"{name}={value} must be 0 or more.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


# Several server processes share one SQLite file: readers never wait for a writer (WAL); a write transaction takes
# the write lock when it begins (IMMEDIATE), so two saves queue up instead of one failing half-way with "database is
# locked"; a process waits up to 20 s for the lock before giving up.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_from_url(url: str, data_dir: Path) -> dict:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            path = path.lstrip("/")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path or str(data_dir / "pcitrack.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # A server process keeps its connection for the next request instead of opening one per request,
            # and checks it still answers before reusing it (after a database restart).
            "CONN_MAX_AGE": env_non_negative_int("PCITRACK_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL={url!r}: only postgresql://… and sqlite:///… are supported.")


DEBUG = env_bool("PCITRACK_DEBUG", True)
DATA_DIR = Path(os.environ.get("PCITRACK_DATA_DIR") or "var").resolve()

SECRET_KEY = os.environ.get("PCITRACK_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("PCITRACK_SECRET_KEY must be set when PCITRACK_DEBUG is false.")
    SECRET_KEY = "django-insecure-pcitrack-development-only"

ALLOWED_HOSTS = env_list("PCITRACK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'pcitrack.sqlite3'}", DATA_DIR
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite needs its directory before the first connection.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",  # the queue of background work when PCITRACK_TASK_BACKEND=database
    "axes",  # before pcitrack.audit: its lockout state is known when the audit records a failed log-in
    "pcitrack.web",
    "pcitrack.audit",
    "pcitrack.org",
    "pcitrack.plans",
    "pcitrack.monitoring",
    "pcitrack.reporting",
    "pcitrack.notifications",
    "pcitrack.pci",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pcitrack.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pcitrack.web.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pcitrack.web.plan_choice.RememberPlanMiddleware",
    "pcitrack.web.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: turns a lockout into the lockout page
]
if not DEBUG:
    # The server process itself serves the collected static files (`pcitrack collectstatic`), compressed and with
    # names that change with their content, so browsers keep them for a year; no proxy configuration needed.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "pcitrack.urls"
WSGI_APPLICATION = "pcitrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pcitrack.web.context.navigation",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "pcitrack.web.accounts.MinimumLengthValidator"},  # Django's, with a Vietnamese message
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Log-in throttling (django-axes): after PCITRACK_LOGIN_FAILURE_LIMIT failed log-ins a user name is locked for
# PCITRACK_LOGIN_LOCKOUT_MINUTES, whatever the address. Offices reach the server through one NAT address, so locking
# by address would lock out a whole office because of one person's typos.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_positive_int("PCITRACK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("PCITRACK_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# django-axes warns when the address is not part of the lock (axes.W006). Here that is deliberate (see above); trying
# many user names from one address is for the reverse proxy's rate limit on /accounts/login/ (README, Security).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not prolong it, so the time the lockout page gives is the time it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "pcitrack.web.accounts.lockout_response"
AXES_ENABLE_ADMIN = False  # pcitrack registers the attempts itself, so that unlocking is audited
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # successful log-ins are audit events already (pcitrack/audit/logins.py)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["pcitrack.formats"]
# Numbers are grouped ("1.234,5") only where a filter asks for it (quantity, intcomma): an id, a
# version or a year rendered into a form field or a link must read back as it was ("1001", not "1.001").
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "uploads"
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: everything comes from pcitrack itself (vendored, no CDN), and nothing inline runs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # No 'unsafe-inline': charts are inline SVG drawn with presentation attributes, not style attributes
    # (core/charts.py); the nonce lets the admin's change list keep its one <style nonce="...">.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],  # Pico's form icons are data: SVG images in its stylesheet
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PCITRACK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("PCITRACK_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PCITRACK_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("PCITRACK_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("PCITRACK_CSRF_TRUSTED_ORIGINS", [])
if env_bool("PCITRACK_SECURE_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# E-mail: printed on the console unless an SMTP server is configured.
if os.environ.get("PCITRACK_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["PCITRACK_SMTP_HOST"],
                "port": env_int("PCITRACK_SMTP_PORT", 587),
                "username": os.environ.get("PCITRACK_SMTP_USER", ""),
                "password": os.environ.get("PCITRACK_SMTP_PASSWORD", ""),
                "use_tls": env_bool("PCITRACK_SMTP_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("PCITRACK_FROM_EMAIL", "pcitrack@localhost")
PCITRACK_SITE_URL = os.environ.get("PCITRACK_SITE_URL", "").strip().rstrip("/")
if PCITRACK_SITE_URL and not PCITRACK_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"PCITRACK_SITE_URL={PCITRACK_SITE_URL!r} must start with https:// (or http://).")

# Background work: run at once unless a deployment queues it in the database for `pcitrack worker`.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("PCITRACK_TASK_BACKEND", "").strip() or "immediate"
if _task_backend not in _TASK_BACKENDS and "." not in _task_backend:
    raise ImproperlyConfigured(
        f"PCITRACK_TASK_BACKEND={_task_backend!r} is not one of {', '.join(_TASK_BACKENDS)} nor a class path."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}
# A job queued or running longer than this is failed with a message saying so (the page stops waiting for it).
PCITRACK_JOB_TIMEOUT = env_positive_int("PCITRACK_JOB_TIMEOUT", 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("PCITRACK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        # django-axes says INFO on every log-in; its warnings (failures, lockouts) stay, beside pcitrack.security's.
        "axes": {"level": "WARNING"},
    },
}

PCITRACK_DEMO_PASSWORD = os.environ.get("PCITRACK_DEMO_PASSWORD", "pcitrack-demo")

# The official report: an office's own Word template and letterhead (see README, "The official report").
PCITRACK_REPORT_TEMPLATE = os.environ.get("PCITRACK_REPORT_TEMPLATE", "")

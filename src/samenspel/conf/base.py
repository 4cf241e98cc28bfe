"""Settings shared by every environment. Everything that differs between machines is read
from the environment (see docs/configuration.md); dev, test and production only set
defaults and then import this module."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("SAMENSPEL_DATA_DIR", PROJECT_DIR / "data"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "samenspel.common",
    "samenspel.accounts",
    "samenspel.programmes",
    "samenspel.cycles",
    "samenspel.learning_sessions",
    "samenspel.coaching",
    "samenspel.compass",
    "samenspel.journal",
    "samenspel.insights",
    "samenspel.demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samenspel.common.middleware.DutchFirstLocaleMiddleware",
    "samenspel.common.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samenspel.common.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into a friendly page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samenspel.urls"
WSGI_APPLICATION = "samenspel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]
# Django's form renderer, with the common widgets drawn in Python (faster, same markup).
FORM_RENDERER = "samenspel.common.form_renderer.FormRenderer"

# The embedded default is a SQLite file in the data folder. Settings make no folders:
# common.apps makes the data folder when Samenspel starts (SAMENSPEL_FOLDERS below).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'samenspel.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# Folders Samenspel makes when it starts, if they are missing (common.apps.CommonConfig):
# the folder of a SQLite database file; dev and test add STATIC_ROOT.
SAMENSPEL_FOLDERS: list[Path] = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if str(DATABASES["default"]["NAME"]) not in {"", ":memory:"}:
        SAMENSPEL_FOLDERS.append(Path(DATABASES["default"]["NAME"]).parent)
    # SQLite has no row locks (select_for_update is a no-op): IMMEDIATE transactions take
    # the write lock up front, so concurrent writes wait their turn instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses log-ins from a locked-out address before checking.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "samenspel.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
# Two locks, each on its own: too many failures for one account (from any address) lock
# that account, and too many failures from one address (for any accounts) lock that
# address. Every spelling of an e-mail address counts as the same account.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "samenspel.accounts.lockout.normalised_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, set AXES_PROXY_COUNT to the number of proxies so that the
# visitor's own address (from X-Forwarded-For) is throttled, not the proxy's.
if os.environ.get("AXES_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Guests join a learning session with a short code. Guessing is slowed down: per client
# address (REMOTE_ADDR, or as AXES_PROXY_COUNT above says behind a proxy) at most this
# many failed attempts per ten minutes, and per code at most this many attempts.
JOIN_FAILURES_PER_ADDRESS = int(os.environ.get("JOIN_FAILURES_PER_ADDRESS", "10"))
JOIN_ATTEMPTS_PER_CODE = int(os.environ.get("JOIN_ATTEMPTS_PER_CODE", "300"))
# Answers through a compass link (without an account) per client address per hour.
LINK_ANSWERS_PER_ADDRESS = int(os.environ.get("LINK_ANSWERS_PER_ADDRESS", "30"))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds a mail server may keep a connection waiting: a stuck server must not hold the
# reminders' run (send_reminders) past the time after which it counts as lost.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samenspel@localhost")
# This Samenspel's address as people reach it (scheme and host, no path), for the links in
# e-mails sent outside a request: the daily reminders (`samenspel send_reminders`).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): only our own scripts, styles and images; no inline
# script or style attribute anywhere, so an injected one does nothing. The admin works
# within it too (tests/browser/test_csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Long work (making a travel report into a PDF or DOCX) runs off the request as a task
# (journal.tasks), stored in the database; `samenspel db_worker` runs the tasks
# (docs/deployment.md). The same on SQLite and PostgreSQL.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Cached figures and renderings (common/caching.py) are keyed by data version, so a
# cache of this process's own is always correct; a shared one (Redis) raises hit rates.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (4xx) is logged as one line, without a traceback.
    "filters": {"quiet_refusals": {"()": "samenspel.common.logging.QuietRefusalsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_refusals"]}},
    "loggers": {"django.request": {"filters": ["quiet_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Pages of lists show this many rows; long lists are paginated, never unbounded.
SAMENSPEL_PAGE_SIZE = 25

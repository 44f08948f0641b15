"""Django settings for the quote annotator.

Every setting that differs between machines comes from the environment (12-factor);
see `.env.example` for the full list. Nothing here imports spaCy or reads files other
than the optional `.env`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from `.env` without overriding the real environment."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or in .env), or set DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "annotator.core",
    "annotator.accounts",
    "annotator.corpus",
    "annotator.annotations",
    "annotator.proposer",
    "annotator.review",
    "annotator.imports",
    "annotator.releases",
    # After the proposer, whose `db_worker` (the same worker, plus task recovery) is found first.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "annotator.core.middleware.LoginRequiredEverywhereMiddleware",
    # Last: turns a throttled login into the 429 page (annotator.accounts.throttle).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "annotator.urls"
WSGI_APPLICATION = "annotator.wsgi.application"
ASGI_APPLICATION = "annotator.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# axes first: a throttled login is refused before ModelBackend hashes the password.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "annotator.core.storage.StaticFilesStorage"
        )
    },
}

# Background work: the queue lives in the same database; `manage.py db_worker` runs it.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that anonymous calls get 401 with a WWW-Authenticate header.
        "annotator.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: every view is checked against the scope it declares.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "annotator.accounts.scope.ProjectRolePermission",
    ],
    # NUL characters, lone surrogates and deep nesting in a body are a 400, not a 500.
    "DEFAULT_PARSER_CLASSES": [
        "annotator.core.parsers.CheckedJSONParser",
        "annotator.core.parsers.CheckedFormParser",
        "annotator.core.parsers.CheckedMultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "annotator.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "annotator.core.schema.AnnotatorAutoSchema",  # with the error answers
    "EXCEPTION_HANDLER": "annotator.core.exceptions.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Quote annotator API",
    "DESCRIPTION": "Articles, quote annotations, speakers and gold releases.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "annotator.corpus.models.ArticleStatus",
        "ProposalStatusEnum": "annotator.corpus.models.ProposalStatus",
        "SetKindEnum": "annotator.annotations.models.SetKind",
        "SetStatusEnum": "annotator.annotations.models.SetStatus",
        "SpeakerKindEnum": "annotator.annotations.models.SpeakerKind",
    },
}

# Strict Content Security Policy: no inline script or style anywhere, nothing off-site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Production hardening; `manage.py check --deploy` passes when DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Application settings (ANNOTATOR_ prefix) ---------------------------------------
# spaCy model package to load; empty means en_core_web_sm when installed, else its PyPI copy.
ANNOTATOR_SPACY_MODEL = os.environ.get("ANNOTATOR_SPACY_MODEL", "")
# Largest upload accepted in one request/file, and largest single article text.
ANNOTATOR_MAX_UPLOAD_BYTES = env_int("ANNOTATOR_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
ANNOTATOR_MAX_ARTICLE_CHARS = env_int("ANNOTATOR_MAX_ARTICLE_CHARS", 1_000_000)
# Propose quotes automatically when articles are imported.
ANNOTATOR_PROPOSE_ON_IMPORT = env_bool("ANNOTATOR_PROPOSE_ON_IMPORT", True)
# Seconds after which a task still running (its worker presumably died) is queued again,
# and a pending proposal request is shown as stuck; `db_worker` recovers both.
ANNOTATOR_TASK_TIMEOUT = env_int("ANNOTATOR_TASK_TIMEOUT", 15 * 60)
# The article list counts its matches up to this many and then says "more than" (one page
# of rows costs the same at any project size; see annotator/core/pagination.py).
ANNOTATOR_LIST_COUNT_CAP = env_int("ANNOTATOR_LIST_COUNT_CAP", 1000)
ANNOTATOR_RELEASE_ROOT = Path(os.environ.get("ANNOTATOR_RELEASE_ROOT", MEDIA_ROOT / "releases"))
# Trained proposer models (one directory each, never changed once written); shared by every worker.
ANNOTATOR_MODEL_ROOT = Path(os.environ.get("ANNOTATOR_MODEL_ROOT", BASE_DIR / "var" / "models"))

# API tokens live this many days (POST /api/auth/token/ makes a new one).
ANNOTATOR_TOKEN_DAYS = env_int("ANNOTATOR_TOKEN_DAYS", 30)
# Login throttling (annotator/accounts/throttle.py): failures per username and address,
# the cool-off, the ceiling per address over all usernames, and how many proxies in
# front of the app append to X-Forwarded-For (0: use the connection's address).
ANNOTATOR_LOGIN_FAILURE_LIMIT = env_int("ANNOTATOR_LOGIN_FAILURE_LIMIT", 10)
ANNOTATOR_LOGIN_COOLOFF_MINUTES = env_int("ANNOTATOR_LOGIN_COOLOFF_MINUTES", 15)
ANNOTATOR_LOGIN_IP_FAILURE_LIMIT = env_int("ANNOTATOR_LOGIN_IP_FAILURE_LIMIT", 100)
ANNOTATOR_TRUSTED_PROXIES = env_int("ANNOTATOR_TRUSTED_PROXIES", 0)

AXES_HANDLER = "annotator.accounts.throttle.LoginAttemptHandler"
AXES_FAILURE_LIMIT = ANNOTATOR_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ANNOTATOR_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries write nothing
AXES_LOCKOUT_CALLABLE = "annotator.accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "annotator.accounts.throttle.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful logins need no row each; the failures are kept
AXES_HTTP_RESPONSE_CODE = 429
# Uploads larger than this (all files of one upload together) are imported by a task
# worker, with progress on the page; smaller ones while the request waits.
ANNOTATOR_IMPORT_SYNC_BYTES = env_int("ANNOTATOR_IMPORT_SYNC_BYTES", 2 * 1024 * 1024)
# Where uploads wait for their background import (shared by web and worker machines).
ANNOTATOR_IMPORT_ROOT = Path(os.environ.get("ANNOTATOR_IMPORT_ROOT", MEDIA_ROOT / "imports"))

DATA_UPLOAD_MAX_MEMORY_SIZE = ANNOTATOR_MAX_UPLOAD_BYTES
# Every uploaded file goes to a temporary file on disk, never into memory, whatever its size.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("ANNOTATOR_MAX_UPLOAD_FILES", 100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # one line per failed login and lockout, not five
        # db_worker adds its own stdout handler to these; don't print every line twice.
        "django.tasks": {"propagate": False},
        "django_tasks_db": {"propagate": False},
    },
}

"""Settings shared by every environment; everything that varies comes from the environment.

| variable        | meaning                                         | default                          |
| --------------- | ----------------------------------------------- | -------------------------------- |
| DATABASE_URL    | database, as a URL                              | sqlite:///var/portal.sqlite3     |
| SECRET_KEY      | Django's signing key                            | an insecure development key      |
| DEBUG           | 1/true for the development error pages          | off                              |
| ALLOWED_HOSTS   | comma-separated host names                      | localhost,127.0.0.1              |
| MEDIA_ROOT      | where uploads are kept on local disk            | var/media                        |
| STATIC_ROOT     | where collectstatic gathers static files        | staticfiles                      |
| EMAIL_BACKEND   | console, smtp, file or locmem                   | console                          |
| EMAIL_HOST ...  | SMTP host, port, user, password, TLS            | localhost:25                     |
| EMAIL_FILE_PATH | where the file backend writes                   | var/mail                         |
| DEFAULT_FROM_EMAIL | sender of every e-mail                       | noreply@pavilion.example         |
| TASK_BACKEND    | immediate (in the request) or database (worker) | immediate                        |
| SITE_URL        | the portal's public address, for links in mails | http://127.0.0.1:8000            |
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url):
    """Parse DATABASE_URL; on SQLite serialise writers so invariants hold under concurrency."""
    config = dj_database_url.parse(url, conn_max_age=int(env("DB_CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # BEGIN IMMEDIATE: a writer takes the write lock when its transaction starts,
            # so two requests can never interleave a check and a write.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SECRET_KEY = env("SECRET_KEY", "django-insecure-development-only-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    # The project package first: its templates and the `import` command override the libraries'.
    "portal",
    "events",
    "exhibitors",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_countries",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Links in the mails sent while a request is served lead to that request's address.
    "portal.mail.MailOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware with the user read from the cache (portal/auth_cache.py).
    "portal.auth_cache.CachedUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean first: the applicants are Korean companies; English is complete as well.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times in each language's order ("오후 6:00", not Django's Korean "6:00 오후").
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from the npm registry at set-up time (`npm ci`), never committed.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    # The booth page's QR reader (no worker, no eval: the CSP needs no exception).
    ("vendor/jsqr", BASE_DIR / "node_modules" / "jsqr" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export: every import runs in one transaction and is rolled back whole when
# any row is invalid (see portal.spreadsheets).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Accounts (django-allauth): e-mail is the login, verified before first use.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "exhibitors:applications"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
# The sign-up asks for consent to the privacy notice (required) and records it.
ACCOUNT_FORMS = {"signup": "exhibitors.applications.signup.SignupForm"}
# Failed logins are throttled per address and per account, for minutes, not for good:
# an attacker cannot lock a victim out for long.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# E-mail: the backend by name from the environment.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _EMAIL_BACKENDS[env("EMAIL_BACKEND", "console")]
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Seoul Pavilion <noreply@pavilion.example>")

# Background tasks (django.tasks API, django-tasks backport). "immediate" runs a task when it
# is enqueued (development, tests); "database" queues it for `manage.py db_worker`.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env("TASK_BACKEND", "immediate")]}}

# Uploads: a request body (forms and files together) is refused above this size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Production-readiness shared by every environment (CSP, cache, sessions, logging) ---------

# Content Security Policy (django-csp): nothing inline, nothing from another origin. Every
# script is a static file; data for scripts travels in <script type="application/json">.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
# /healthz answers before anything else looks at the request (host, HTTPS redirect, session).
MIDDLEWARE.insert(0, "portal.health.HealthCheckMiddleware")
# Before everything: when the request reached the portal (request.arrived_at), by which the
# call's deadline is judged (portal/arrival.py). A submission that arrived before the deadline
# is accepted if it is handled at most SUBMISSION_GRACE_SECONDS later.
MIDDLEWARE.insert(0, "portal.arrival.ArrivalMiddleware")
SUBMISSION_GRACE_SECONDS = int(env("SUBMISSION_GRACE_SECONDS", "60"))


def cache_from_url(url):
    """CACHE_URL: ``locmem`` (one process), ``database`` (shared table) or ``redis://...``."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "database":
        # made by `manage.py createcachetable` (part of the release step)
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    if url == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ValueError(f"CACHE_URL must be locmem, database or a redis:// URL, not {url!r}")


# The cache holds the login throttles; with several processes it must be shared (database or
# Redis), or each process counts failed logins on its own.
CACHES = {"default": cache_from_url(env("CACHE_URL", "locmem"))}
# The public pages (the calls on the home page, each pavilion's page) are read through the
# cache for at most this many seconds; every edit replaces them at once (events/public.py).
# 0 turns that cache off.
PUBLIC_CACHE_SECONDS = int(env("PUBLIC_CACHE_SECONDS", "300"))
# The pages' cached copies (portal/pagecache.py) last at most this long; every write of what
# one shows replaces it before that. 0 turns them off.
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "86400"))


# Sessions are rows in the database (shared by every process), read through the cache when the
# cache is in memory (locmem, one process) or Redis: a cache read instead of a query and its
# compilation on every request of a signed-in user. With the database's cache table a cache
# read is a query as well, and a cache write each time a session is written: plain database
# sessions there.
def session_engine(caches):
    return (
        "django.contrib.sessions.backends.db"
        if caches["default"]["BACKEND"].endswith("DatabaseCache")
        else "django.contrib.sessions.backends.cached_db"
    )


SESSION_ENGINE = session_engine(CACHES)

# Logging to standard output: one JSON object per line when LOG_FORMAT=json (production),
# readable lines otherwise.
LOG_FORMAT = env("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # 4xx/5xx with the request; the JSON formatter adds method, path and status.
        "django.request": {"level": "WARNING"},
        "django.security": {"level": "WARNING"},
    },
}

# --- Login protection and two-factor authentication (portal and back office) ---------------
# The back office has no login form of its own: /admin/login/ sends to the portal's (allauth)
# login, so both are throttled by ACCOUNT_RATE_LIMITS["login_failed"] above. The counters live
# in the default cache: with several processes it must be shared (Redis or database).
# Behind a load balancer, TRUSTED_PROXY_COUNT is the number of proxies in front of the portal
# that append to X-Forwarded-For: without it every visitor would share the balancer's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
# Optional two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery
# codes, set up by each user at /accounts/2fa/. A user who turned it on gives a code after the
# password, on the portal and for the back office alike.
INSTALLED_APPS += ["allauth.mfa"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Seoul Pavilion portal")
MFA_ADAPTER = "portal.login_protection.MFAAdapter"
# STAFF_REQUIRE_MFA=1: staff without two-factor authentication are sent to set it up before
# the back office opens to them (off by default).
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", False)
MIDDLEWARE += [
    # Marks the browser of a successful login, so that strangers' failures cannot lock its
    # owner out (portal/login_protection.py).
    "portal.login_protection.LoginDeviceMiddleware",
    "portal.login_protection.StaffMFAMiddleware",
]

# --- Private documents: where uploaded files are kept (storage) ------------------------------
# Application documents, logos and MOU scans are private: they are only ever handed out by the
# permission-checked views of exhibitors.documents, never from a public address.
# STORAGE_BACKEND=local (the default) keeps them on disk under MEDIA_ROOT, which no URL serves.
# STORAGE_BACKEND=s3 keeps them in a private bucket of S3-compatible object storage
# (django-storages); the views redirect to a signed address that expires after
# AWS_QUERYSTRING_EXPIRE seconds and forces a download. The credentials are read from the
# environment by django-storages and boto3 (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, and
# AWS_SESSION_TOKEN if any), never written here.
from django.core.exceptions import ImproperlyConfigured  # noqa: E402


def private_storage(environ):
    """The storage of uploaded files, from the environment (``STORAGE_BACKEND`` and the S3
    variables); the test suite builds the object-storage one with it too."""
    backend = environ.get("STORAGE_BACKEND", "local").strip().lower()
    if backend == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend != "s3":
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, not {backend!r}.")
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "location": environ.get("AWS_LOCATION", ""),
            "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # Private: no public-read ACL on any object, every address signed and short-lived,
            # never an unsigned custom domain, an upload never replaces another file.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE", "60")),
            "custom_domain": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }


STORAGES = {
    "default": private_storage(os.environ),
    # Static files: Django's default here; production settings may choose another backend.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Audit trail (django-simple-history): every change to applications, reviews and scores,
# booths, outcome reports and their rows, companies and exhibitors is kept with who, when and
# what (``portal.audit``); staff read it on each object's "History" page in the admin.
# The middleware tells simple-history who the signed-in user is. Old versions are read, never
# restored from the admin: a restore would bypass the services that keep the rules.
INSTALLED_APPS += ["simple_history"]
MIDDLEWARE += ["simple_history.middleware.HistoryRequestMiddleware"]
SIMPLE_HISTORY_REVERT_DISABLED = True

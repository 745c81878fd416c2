"""Production: PostgreSQL, several processes, HTTPS only. Refuses to start half-configured.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. See README.md ("Deployment") for the rest.
`manage.py check --deploy` passes without a warning under these settings (tested).
"""

import os

from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, cache_from_url, env, env_bool, env_list, session_engine


def _required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment for production (see README.md, Deployment)."
        )
    return value


SECRET_KEY = _required("SECRET_KEY")
if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
_required("DATABASE_URL")  # base.py has parsed it; SQLite is allowed for a one-machine install
# Persistent connections: each gunicorn worker keeps its connection between requests instead
# of opening one per request (about a third of a short page's time in bench/), checked for
# health before reuse so a restarted database server costs one failed check, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names, comma-separated.")
DEBUG = False

# HTTPS only. Behind a load balancer that terminates TLS, it must set X-Forwarded-Proto
# (and strip the client's own); turn TRUST_X_FORWARDED_PROTO off when clients reach
# gunicorn directly.
if env_bool("TRUST_X_FORWARDED_PROTO", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"
]

# Several processes share one cache (the login throttles, the public pages' cached copies):
# the database's table by default (made by `createcachetable` in the release step), or Redis.
CACHES = {"default": cache_from_url(env("CACHE_URL", "database"))}
SESSION_ENGINE = session_engine(CACHES)

# Static files: served by WhiteNoise from STATIC_ROOT (`collectstatic` in the release step),
# with content-hashed names cached for a year and compressed copies.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    **globals().get("STORAGES", global_settings.STORAGES),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail goes through SMTP and a worker process (`manage.py db_worker`) by default.
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[env("EMAIL_BACKEND", "smtp")]
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env("TASK_BACKEND", "database")]
    }
}

LOGGING["handlers"]["stdout"]["formatter"] = env("LOG_FORMAT", "json")  # noqa: F405

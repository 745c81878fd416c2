"""Settings for the benchmarks: the production settings (``portal.settings.base``, DEBUG off)
with the bench URLconf, which adds the bare view. Only ``bench/`` uses them."""

from portal.settings.base import *  # noqa: F403
from portal.settings.base import VAR_DIR, env

DEBUG = False
ROOT_URLCONF = "bench.urls"
# Persistent connections, as production has them (portal/settings/production.py).
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# The seeded accounts log in through sessions written by the bench; a fast hasher keeps the
# seeding short and is never used by the pages measured.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "bench-media"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

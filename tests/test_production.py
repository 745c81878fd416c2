"""Production settings, the health endpoint, the security headers and logging.

The settings module is imported in a child process each time: it reads the environment once,
at import, exactly as gunicorn and ``manage.py`` do.
"""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from portal.logs import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(64)


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=STRONG_KEY,
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'prod.sqlite3'}"),
        ALLOWED_HOSTS="pavilion.example.org",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(*args, **env_overrides):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    result = manage("check", **{missing: None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_the_development_key():
    result = manage("check", SECRET_KEY="django-insecure-development-only-key-change-me")
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr


def test_production_cookies_and_https_settings():
    script = (
        "from django.conf import settings as s; import json;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.DEBUG, s.CSRF_TRUSTED_ORIGINS, s.TASKS['default']['BACKEND'],"
        " s.STORAGES['staticfiles']['BACKEND'], 'whitenoise.middleware.WhiteNoiseMiddleware' in"
        " s.MIDDLEWARE, s.DATABASES['default']['CONN_MAX_AGE'],"
        " s.DATABASES['default']['CONN_HEALTH_CHECKS']]))"
    )
    result = manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == [
        True,
        True,
        True,
        365 * 24 * 3600,
        False,
        ["https://pavilion.example.org"],
        "django_tasks_db.DatabaseBackend",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        True,
        60,  # persistent database connections
        True,
    ]


def test_health_answers_200_whatever_the_host_and_scheme(client, db):
    response = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_health_answers_503_when_the_database_does_not():
    # A real database server that is not there: nothing listens on port 1.
    script = (
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='10.0.3.7', headers={'x-forwarded-proto': 'https'});"
        "print(r.status_code, r.content.decode().strip())"
    )
    result = manage(
        "shell",
        "-c",
        script,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/portal?connect_timeout=2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable"


def test_every_page_carries_a_content_security_policy_without_inline_script(client, db):
    for url in ("/", "/accounts/login/", "/admin/login/"):
        response = client.get(url, follow=True)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["object-src"] == "'none'", url
        assert directives["frame-ancestors"] == "'none'", url
        assert "unsafe-inline" not in policy


def test_logs_are_one_json_object_per_line_with_the_request(client, db):
    formatter = JsonFormatter()
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(formatter.format(record))

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/?q=한국")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(lines[-1])
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["status"] == 404
    assert entry["method"] == "GET"
    assert entry["path"] == "/no-such-page/"
    assert "Not Found" in entry["message"]


def test_logs_carry_the_traceback_of_an_error():
    try:
        raise ValueError("broken <thing>")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR"
    assert "ValueError: broken <thing>" in entry["exception"]


def test_static_files_collect_with_hashed_names(tmp_path):
    result = manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/bootstrap/css/bootstrap.min.css"]
    assert hashed != "vendor/bootstrap/css/bootstrap.min.css"
    assert (tmp_path / hashed).exists()
    assert (tmp_path / f"{hashed}.gz").exists()  # compressed copies for WhiteNoise
    assert "js/countdown.js" in manifest


def redis_answers():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis server on 127.0.0.1:6379")
def test_a_redis_cache_url_gives_a_cache_every_process_shares():
    # Two processes with the same CACHE_URL: what one stores, the other reads.
    key = f"shared-{secrets.token_hex(4)}"
    url = "redis://127.0.0.1:6379/3"
    write = manage(
        "shell",
        "-c",
        f"from django.core.cache import cache; cache.set('{key}', 'from one process', 30)",
        CACHE_URL=url,
    )
    assert write.returncode == 0, write.stderr
    read = manage(
        "shell",
        "-c",
        f"from django.core.cache import cache; from django.conf import settings as s; print(cache.get('{key}'), s.SESSION_ENGINE)",
        CACHE_URL=url,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == (
        "from one process django.contrib.sessions.backends.cached_db"
    )


def test_an_unknown_cache_url_is_refused_at_start():
    result = manage("check", CACHE_URL="memcached://127.0.0.1")
    assert result.returncode != 0
    assert "CACHE_URL must be locmem, database or a redis:// URL" in result.stderr


def test_production_shares_its_cache_between_processes_by_default():
    """Several gunicorn workers must count login failures together and see an edit of a
    public page at once: without CACHE_URL, production uses the database's cache table."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)",
        CACHE_URL=None,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.cache.backends.db.DatabaseCache django.contrib.sessions.backends.db"
    )

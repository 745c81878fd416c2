"""The production shape, for real: two gunicorn workers and a task worker on PostgreSQL.

The processes run under ``portal.settings.production`` against the test database, behind no
proxy: the test speaks HTTP to gunicorn and says ``X-Forwarded-Proto: https`` as the load
balancer would. A sign-up's verification mail is queued by a web worker and sent by the
task worker; a login made on one web worker holds on whichever answers next.
"""

import http.client
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import MembershipFactory, UserFactory
from tests.test_production import ROOT, production_env

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several processes share one database only on PostgreSQL: "
        "run with DATABASE_URL=postgres://...",
    ),
]

HOST = "pavilion.example.org"
#: How long to wait for a process to answer or a mail to be written before the test fails: a
#: bound for a stuck process, not an expectation of speed (a loaded machine is slow to start
#: gunicorn and the task worker).
WAIT_SECONDS = 180


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mail_written(mail_dir):
    """Every message the file backend has written so far, as one text."""
    if not mail_dir.exists():
        return ""
    return "".join(path.read_text() for path in mail_dir.iterdir())


class Browser:
    """Just enough of a browser: cookies (Secure ones included: the balancer speaks HTTPS
    to the client), the Referer Django's HTTPS CSRF check wants, and no redirects followed."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, https=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)
        headers = {"Host": HOST, "Accept-Language": "en"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":  # a deletion carries nothing
                    self.cookies.pop(name, None)
                    continue
                assert morsel["secure"], f"cookie {name} is not Secure"
                self.cookies[name] = morsel.value
        conn.close()
        return response


@pytest.fixture
def production(tmp_path):
    """Collect static files, then start gunicorn (2 workers) and `db_worker`."""
    db = connection.settings_dict
    env = production_env(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STATIC_ROOT=str(tmp_path / "static"),
        EMAIL_BACKEND="file",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        TASK_BACKEND="database",
        CACHE_URL="database",
        SITE_URL=f"https://{HOST}",
        LOG_LEVEL="WARNING",
    )
    for step in (["collectstatic", "--noinput"], ["createcachetable"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    port = free_port()
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**env, "WEB_CONCURRENCY": "2"},
            stdout=(logs / "web.log").open("w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=(logs / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        ),
    ]
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                if Browser(port).request("GET", "/healthz", https=False).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (logs / "web.log").read_text()
            time.sleep(0.2)
        yield port, tmp_path / "mail", logs
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_two_web_workers_and_a_task_worker_serve_the_portal(production):
    port, mail_dir, logs = production
    web_log = (logs / "web.log").read_text()
    assert web_log.count("Booting worker") == 2, web_log

    browser = Browser(port)
    # plain HTTP is sent to HTTPS; the health check is not
    insecure = browser.request("GET", "/", https=False)
    assert insecure.status == 301
    assert insecure.getheader("Location") == f"https://{HOST}/"
    assert browser.request("GET", "/healthz", https=False).status == 200

    home = browser.request("GET", "/")
    assert home.status == 200
    assert home.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert "script-src 'self'" in home.getheader("Content-Security-Policy")
    assert home.getheader("X-Content-Type-Options") == "nosniff"
    # static files by hashed name, from WhiteNoise, cached for good
    css = re.search(
        r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', home.text
    )
    assert css, home.text[:2000]
    static = browser.request("GET", css.group(1))
    assert static.status == 200
    assert "immutable" in static.getheader("Cache-Control")

    # log in on one worker; every later request, on either worker, knows who it is
    # hashed as production hashes (the suite's own settings use a fast hasher)
    user = UserFactory(username="exhibitor@example.com")
    user.password = PBKDF2PasswordHasher().encode("secret-pass-123", "saltsaltsalt")
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    MembershipFactory(user=user, company__name_en="Hanbit Process Lab")
    assert browser.request("GET", "/accounts/login/").status == 200
    login = browser.request(
        "POST", "/accounts/login/", {"login": user.email, "password": "secret-pass-123"}
    )
    assert login.status == 302, login.text[:2000]
    for _ in range(8):
        page = browser.request("GET", "/applications/")
        assert page.status == 200
        assert "Hanbit Process Lab" in page.text

    # a web worker queues the verification mail, the task worker sends it
    newcomer = Browser(port)
    newcomer.request("GET", "/accounts/signup/")
    signup = newcomer.request(
        "POST",
        "/accounts/signup/",
        {
            "email": "newcomer@example.com",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
            "privacy_consent": "on",
        },
    )
    assert signup.status == 302, signup.text[:2000]
    # Wait for the whole message (its link is near its end), not for the file to appear: the
    # file backend may still be writing it when it first shows up.
    link = f"https://{HOST}/accounts/confirm-email/"
    deadline = time.monotonic() + WAIT_SECONDS
    while link not in (sent := _mail_written(mail_dir)):
        assert time.monotonic() < deadline, (logs / "worker.log").read_text()
        time.sleep(0.2)
    assert "To: newcomer@example.com" in sent

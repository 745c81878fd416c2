"""Accounts (django-allauth): e-mail login, mandatory verification, reset, throttling."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _link(message, fragment):
    return re.search(rf"https?://[^\s]+{fragment}[^\s]*", message.body).group(0)


def test_sign_up_requires_verifying_the_e_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new@startup.example",
                "password1": "a-long-Passw0rd!",
                "password2": "a-long-Passw0rd!",
                "privacy_consent": "on",
            },
        )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@startup.example")
    assert not EmailAddress.objects.get(user=user).verified
    # Not verified yet: logging in sends the user back to verification, not into the portal.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new@startup.example", "password": "a-long-Passw0rd!"}
    )
    assert "/applications/" not in response.get("Location", "")
    link = _link(mail.outbox[0], "/accounts/confirm-email/")
    path = link[link.index("/accounts/") :]
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    # Verified and logged in: the portal asks for the company next.
    assert client.get("/applications/").url.startswith("/company/new/")


def test_password_reset_sends_a_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="reset@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "reset@example.com"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_repeated_failed_logins_are_throttled(client):
    user = UserFactory(username="victim@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        response = client.post(
            "/accounts/login/",
            {"login": user.email, "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": "secret-pass-123"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_the_login_page_is_in_korean_by_default(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="ko">' in page
    assert "로그인" in page

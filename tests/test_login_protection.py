"""Login protection: one throttled login for the portal and the back office.

Failed logins are counted per address and per account (django-allauth's `login_failed` rate
limit, in the default cache); the clock is moved with time-machine, which is what allauth's
counters read, so the tests hold whatever cache backend is configured.
"""

import base64
import datetime
import io
import json
import re
import zlib

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from exhibitors.demo import DEMO_PASSWORD
from portal.login_protection import DEVICE_COOKIE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # the factories' password
ATTACKER = "203.0.113.7"
VICTIM_HOME = "198.51.100.20"
ELSEWHERE = "192.0.2.44"
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def verified_user(email, **fields):
    user = UserFactory(username=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in(client, email, password, ip, *, next_url=None, language="en"):
    path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(
        path,
        {"login": email, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def refused(response):
    return response.status_code == 200 and TOO_MANY in response.content.decode()


def test_failed_logins_lock_an_account_for_minutes_not_longer(client, clock):
    verified_user("victim@example.com")
    verified_user("bystander@example.com")
    for _ in range(5):
        response = log_in(client, "victim@example.com", "guess", ATTACKER)
        assert response.status_code == 200
        assert "Enter a correct" in response.content.decode() or "not correct" in (
            response.content.decode()
        )
    # The account is locked: even the right password, even from the victim's own address.
    assert refused(log_in(client, "victim@example.com", PASSWORD, ATTACKER))
    assert refused(log_in(client, "victim@example.com", PASSWORD, VICTIM_HOME))
    assert not logged_in(client)
    # In Korean as well, the portal's default language.
    korean = log_in(client, "victim@example.com", PASSWORD, VICTIM_HOME, language="ko")
    assert korean.status_code == 200
    assert "너무 많은 로그인 실패" in korean.content.decode()
    # Another account from another address is not affected.
    response = log_in(client, "bystander@example.com", PASSWORD, ELSEWHERE)
    assert response.status_code == 302
    assert logged_in(client)
    client.logout()
    # The attacker keeps trying during the lock-out: refused tries do not make it longer.
    for minutes in (1, 2, 4):
        clock.move_to(START + datetime.timedelta(minutes=minutes))
        assert refused(log_in(client, "victim@example.com", "guess", ATTACKER))
    clock.move_to(START + datetime.timedelta(minutes=5, seconds=1))
    response = log_in(client, "victim@example.com", PASSWORD, VICTIM_HOME)
    assert response.status_code == 302
    assert logged_in(client)


def test_one_address_cannot_try_many_accounts(client, clock):
    for n in range(11):
        verified_user(f"member{n}@example.com")
    for n in range(10):
        log_in(client, f"member{n}@example.com", "guess", ATTACKER)
    # The eleventh try within the minute from that address is refused, whatever the account...
    assert refused(log_in(client, "member10@example.com", PASSWORD, ATTACKER))
    assert not logged_in(client)
    # ...while the same account logs in from elsewhere.
    assert log_in(client, "member10@example.com", PASSWORD, ELSEWHERE).status_code == 302
    client.logout()
    # A minute later the address may try again.
    clock.move_to(START + datetime.timedelta(minutes=1, seconds=1))
    assert log_in(client, "member10@example.com", PASSWORD, ATTACKER).status_code == 302


def test_every_login_throttle_window_is_minutes():
    """Throttling must not become a lock-out: every window is at most five minutes."""
    rates = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    assert {rate.per for rate in rates} == {"ip", "key"}
    assert all(0 < rate.duration <= 5 * 60 for rate in rates)


def test_the_back_office_sends_to_the_portal_login(client):
    response = client.get("/admin/exhibitors/application/", follow=True)
    assert response.redirect_chain[-1][0] == (
        "/accounts/login/?next=%2Fadmin%2Fexhibitors%2Fapplication%2F"
    )
    assert response.status_code == 200
    # Somewhere else than the portal is never a place to go back to.
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_login_form_authenticates_nobody(client):
    verified_user("staff@example.com", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "staff@example.com", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not logged_in(client)


def test_failed_back_office_logins_are_throttled_like_the_portal(client, clock):
    verified_user("staff@example.com", is_staff=True, is_superuser=True)
    login_url = client.get("/admin/login/?next=/admin/").url
    for _ in range(5):
        response = client.post(
            login_url,
            {"login": "staff@example.com", "password": "guess"},
            REMOTE_ADDR=ATTACKER,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
    response = client.post(
        login_url,
        {"login": "staff@example.com", "password": PASSWORD},
        REMOTE_ADDR=VICTIM_HOME,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused(response)
    assert client.get("/admin/").status_code == 302
    clock.move_to(START + datetime.timedelta(minutes=5, seconds=1))
    response = client.post(
        login_url, {"login": "staff@example.com", "password": PASSWORD}, REMOTE_ADDR=VICTIM_HOME
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_log_out_of_the_back_office(client):
    verified_user("staff@example.com", is_staff=True, is_superuser=True)
    log_in(client, "staff@example.com", PASSWORD, VICTIM_HOME, next_url="/admin/")
    assert client.get("/admin/").status_code == 200
    response = client.post("/admin/logout/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Logged out" in response.content.decode()
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_a_company_user_is_refused_by_the_back_office_without_a_loop(client):
    verified_user("company@example.com")
    log_in(client, "company@example.com", PASSWORD, VICTIM_HOME)
    response = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    page = response.content.decode()
    assert "company@example.com, which has no access to the back office" in page
    assert 'action="/accounts/logout/"' in page
    assert logged_in(client)


def test_the_demo_logins_reach_the_back_office(client):
    call_command("seed_demo", stdout=io.StringIO())
    for email in ("staff@example.com", "manager@example.com", "floor@example.com"):
        response = log_in(client, email, DEMO_PASSWORD, VICTIM_HOME, next_url="/admin/")
        assert response.url == "/admin/", email
        assert client.get("/admin/").status_code == 200, email
        client.post("/admin/logout/")
    log_in(client, "company@example.com", DEMO_PASSWORD, VICTIM_HOME)
    assert client.get("/admin/", follow=True).status_code == 403


def test_the_back_office_links_to_two_factor_authentication(client):
    verified_user("staff@example.com", is_staff=True, is_superuser=True)
    log_in(client, "staff@example.com", PASSWORD, VICTIM_HOME)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<a href="/accounts/2fa/">Two-Factor Authentication</a>', page)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "2단계 인증" in page


def test_behind_a_load_balancer_visitors_are_told_apart_by_forwarded_address(
    client, clock, settings
):
    """TRUSTED_PROXY_COUNT=1: the balancer's address is not every visitor's address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(11):
        verified_user(f"member{n}@example.com")

    def through_balancer(email, password, forwarded_for):
        return client.post(
            "/accounts/login/",
            {"login": email, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
            HTTP_ACCEPT_LANGUAGE="en",
        )

    for n in range(10):
        through_balancer(f"member{n}@example.com", "guess", ATTACKER)
    assert refused(through_balancer("member10@example.com", PASSWORD, ATTACKER))
    # A forged address in front of the one the balancer appended changes nothing.
    assert refused(through_balancer("member10@example.com", PASSWORD, f"{ELSEWHERE}, {ATTACKER}"))
    # Another visitor behind the same balancer logs in.
    assert through_balancer("member10@example.com", PASSWORD, VICTIM_HOME).status_code == 302


def test_strangers_failures_do_not_lock_the_owner_out_of_their_own_browser(clock):
    """A browser where the account logged in before counts its failures apart."""
    verified_user("victim@example.com")
    victim, attacker, new_browser = Client(), Client(), Client()
    assert log_in(victim, "victim@example.com", PASSWORD, VICTIM_HOME).status_code == 302
    assert DEVICE_COOKIE in victim.cookies
    victim.post("/accounts/logout/")
    for _ in range(5):
        log_in(attacker, "victim@example.com", "guess", ATTACKER)
    # Locked for everyone else, at any address, even with the right password...
    assert refused(log_in(attacker, "victim@example.com", PASSWORD, ATTACKER))
    assert refused(log_in(new_browser, "victim@example.com", PASSWORD, VICTIM_HOME))
    # ...but not for the owner's browser.
    assert log_in(victim, "victim@example.com", PASSWORD, VICTIM_HOME).status_code == 302
    assert logged_in(victim)
    # A forged or copied-over cookie of another account changes nothing.
    attacker.cookies[DEVICE_COOKIE] = victim.cookies[DEVICE_COOKIE].value + "x"
    assert refused(log_in(attacker, "victim@example.com", PASSWORD, ATTACKER))
    verified_user("other@example.com")
    other = Client()
    log_in(other, "other@example.com", PASSWORD, ELSEWHERE)
    attacker.cookies[DEVICE_COOKIE] = other.cookies[DEVICE_COOKIE].value
    assert refused(log_in(attacker, "victim@example.com", PASSWORD, ATTACKER))


def test_a_known_device_is_throttled_too(clock):
    """A stolen device cookie gives five guesses per five minutes, as anyone else."""
    verified_user("victim@example.com")
    browser = Client()
    log_in(browser, "victim@example.com", PASSWORD, VICTIM_HOME)
    browser.post("/accounts/logout/")
    for _ in range(5):
        log_in(browser, "victim@example.com", "guess", VICTIM_HOME)
    assert refused(log_in(browser, "victim@example.com", PASSWORD, VICTIM_HOME))


def _base64_forms(text):
    """``text`` in url-safe base64 (as signing writes it) at each of the three alignments it
    can take inside a longer value, without the edge characters that depend on its
    neighbours."""
    forms = []
    for shift, start in enumerate([0, 2, 3]):
        encoded = base64.urlsafe_b64encode(b"\0" * shift + text.encode()).decode()
        forms.append(encoded.rstrip("=")[start:-2])
    return forms


def test_the_device_cookie_reveals_nothing_about_the_address(clock):
    """The cookie is signed, not encrypted: it holds a keyed hash, never the address."""
    verified_user("victim@example.com")
    browser = Client()
    assert log_in(browser, "Victim@Example.com", PASSWORD, VICTIM_HOME).status_code == 302
    value = browser.cookies[DEVICE_COOKIE].value
    payload = signing.b64_decode(value.split(":")[0].lstrip(".").encode())
    if value.startswith("."):
        payload = zlib.decompress(payload)
    for address in ("victim@example.com", "Victim@Example.com", "victim"):
        assert address.lower() not in value.lower()
        assert address.lower().encode() not in payload.lower()
        assert not any(form in value for form in _base64_forms(address))
    # Two logins of one account carry unrelated values: nothing to match browsers by.
    again = Client()
    log_in(again, "victim@example.com", PASSWORD, ELSEWHERE)
    first, second = (
        json.loads(signing.b64_decode(c.cookies[DEVICE_COOKIE].value.split(":")[0].encode()))
        for c in (browser, again)
    )
    assert first["account"] != second["account"] and first["device"] != second["device"]


def test_a_device_cookie_of_the_old_format_counts_as_none(clock):
    """A cookie written before the keyed hash (with the address in it) is simply ignored."""
    verified_user("victim@example.com")
    old_cookie = signing.dumps(
        {"login": "victim@example.com", "device": "an-old-device"},
        salt="portal.login_protection.device",
    )
    victim, attacker = Client(), Client()
    victim.cookies[DEVICE_COOKIE] = old_cookie
    for _ in range(5):
        log_in(attacker, "victim@example.com", "guess", ATTACKER)
    assert refused(log_in(victim, "victim@example.com", PASSWORD, VICTIM_HOME))
    # Five minutes on, the owner logs in and gets a cookie of the new format.
    clock.shift(datetime.timedelta(minutes=5, seconds=1))
    assert log_in(victim, "victim@example.com", PASSWORD, VICTIM_HOME).status_code == 302
    assert victim.cookies[DEVICE_COOKIE].value != old_cookie

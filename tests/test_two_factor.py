"""Optional two-factor authentication (allauth.mfa): an authenticator app and recovery codes.

The codes are computed from the secret the set-up page shows, with allauth's own TOTP
functions, at a clock moved by time-machine (a code is accepted once per 30-second period).
"""

import datetime
import re
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(db):
    user = UserFactory(username="staff@example.com", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def code_now(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, email, *, next_url="/admin/", language="en"):
    return client.post(
        f"/accounts/login/?next={next_url}",
        {"login": email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def give_code(client, code, language="en"):
    return client.post("/accounts/2fa/authenticate/", {"code": code}, HTTP_ACCEPT_LANGUAGE=language)


def logged_in(client):
    return "_auth_user_id" in client.session


def activate_totp(client, clock):
    """Set up an authenticator app through the portal's pages; return the secret."""
    response = client.get("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a change of the login's security.
    assert response.url == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    response = client.post(response.url, {"password": PASSWORD})
    assert response.url == "/accounts/2fa/totp/activate/"
    page = client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    secret = page.context["form"].secret
    html = page.content.decode()
    assert secret in html
    assert "<svg" in html  # the QR code is drawn in the page, not a data: image
    assert "data:" not in html
    scripts_are_all_files(html)
    response = client.post(
        "/accounts/2fa/totp/activate/", {"code": code_now(secret)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302, response.context["form"].errors
    clock.shift(datetime.timedelta(seconds=30))  # the next code is a new one
    return secret


def scripts_are_all_files(html):
    """No inline script: every <script> loads a file (or is data, not code)."""
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_staff_with_an_authenticator_app_give_a_code_for_the_back_office(client, clock, staff):
    log_in(client, staff.email)
    secret = activate_totp(client, clock)
    client.post("/accounts/logout/")
    assert not logged_in(client)

    response = log_in(client, staff.email)
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing

    right = code_now(secret)
    wrong = "000000" if right != "000000" else "111111"
    response = give_code(client, wrong)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not logged_in(client)

    response = give_code(client, right)
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_in_korean(client, clock, staff):
    log_in(client, staff.email)
    activate_totp(client, clock)
    client.post("/accounts/logout/")
    log_in(client, staff.email, language="ko")
    page = client.get("/accounts/2fa/authenticate/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "2단계 인증" in page
    response = give_code(client, "12345x", language="ko")
    assert "올바르지 않은 코드" in response.content.decode()


def test_guessing_codes_is_throttled(client, clock, staff):
    log_in(client, staff.email)
    secret = activate_totp(client, clock)
    client.post("/accounts/logout/")
    log_in(client, staff.email)
    right = code_now(secret)
    for guess in ("000001", "000002", "000003", "000004", "000005"):
        if guess != right:
            give_code(client, guess)
    response = give_code(client, right)
    assert "Too many failed login attempts" in response.content.decode()
    assert not logged_in(client)


def test_a_recovery_code_works_once(client, clock, staff):
    log_in(client, staff.email)
    activate_totp(client, clock)
    codes = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES).wrap()
    recovery = codes.get_unused_codes()[0]
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert recovery in page  # shown to the user who set it up
    client.post("/accounts/logout/")

    log_in(client, staff.email)
    response = give_code(client, recovery)
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/accounts/logout/")

    log_in(client, staff.email)
    response = give_code(client, recovery)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not logged_in(client)


def test_the_two_factor_pages_keep_the_portal_look_without_inline_script(client, clock, staff):
    log_in(client, staff.email)
    index = client.get("/accounts/2fa/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "navbar" in index  # the portal's own layout
    assert "인증 앱" in index
    assert 'href="/accounts/2fa/totp/activate/"' in index
    scripts_are_all_files(index)
    activate_totp(client, clock)
    scripts_are_all_files(client.get("/accounts/2fa/recovery-codes/").content.decode())
    client.post("/accounts/logout/")
    log_in(client, staff.email)
    scripts_are_all_files(client.get("/accounts/2fa/authenticate/").content.decode())


def test_the_account_pages_link_to_two_factor_authentication(client, staff):
    log_in(client, staff.email)
    page = client.get("/accounts/email/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/accounts/2fa/"' in page
    assert 'href="/accounts/password/change/"' in page


def test_two_factor_is_optional_by_default(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_staff_can_be_required_to_set_up_two_factor(client, settings, staff):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(staff)
    response = client.get("/admin/exhibitors/application/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"
    # The portal and the way out stay open.
    assert client.get("/").status_code == 200
    TOTP.activate(staff, "JBSWY3DPEHPK3PXP")
    assert client.get("/admin/exhibitors/application/").status_code == 200
    assert client.post("/admin/logout/").status_code == 200


def test_the_requirement_leaves_company_users_alone(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    user = UserFactory(username="company@example.com")
    client.force_login(user)
    assert client.get("/admin/", follow=True).status_code == 403


def test_the_recovery_codes_left_read_right_in_korean(client, clock, staff):
    """allauth's own Korean says "M of N accounts can set up recovery codes"; the portal's
    catalogue says how many of the codes are left (portal/allauth_strings.py)."""
    log_in(client, staff.email)
    activate_totp(client, clock)
    codes = Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES).wrap()
    left = len(codes.get_unused_codes())
    page = client.get("/accounts/2fa/recovery-codes/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f"복구 코드 {left}개 중 {left}개를 쓸 수 있습니다." in page
    assert "개의 계정이 복구 코드" not in page

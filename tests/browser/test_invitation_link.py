"""An invitation link opened in a real browser, in Korean, by the wrong account: the page says
to log in with the invited address, its button logs out and leads through the login back to the
invitation, and the invitee joins."""

import re

from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse

from exhibitors.companies import services
from exhibitors.companies.models import CompanyInvitation, Membership
from tests.factories import CompanyFactory, UserFactory

PASSWORD = "secret-pass-123"  # the factories' password


def _verified(email):
    user = UserFactory(username=email, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_the_wrong_account_is_led_to_log_in_as_the_invitee_who_joins(
    transactional_db, live_server, ko_page
):
    company = CompanyFactory(name_ko="한빛스마트랩")
    invitation = services.invitation_send(
        invitation=CompanyInvitation(company=company, email="Colleague@Example.com"),
        inviter=None,
    )
    stranger = _verified("stranger@example.com")
    invitee = _verified("colleague@example.com")
    client = Client()
    client.force_login(stranger)
    page = ko_page
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    url = reverse("exhibitors:invitation", args=[invitation.token])
    page.goto(url)
    main = page.locator("main")
    assert "다른 주소로 보낸 초대입니다" in main.inner_text()
    assert "한빛스마트랩" not in page.content()

    page.get_by_role("button", name="로그아웃하고 초대받은 주소로 로그인").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.fill("input[name=login]", "colleague@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"**{url}")
    assert "한빛스마트랩" in main.inner_text()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('exhibitors:applications')}")
    assert Membership.objects.get(user=invitee).company == company
    assert not Membership.objects.filter(user=stranger).exists()

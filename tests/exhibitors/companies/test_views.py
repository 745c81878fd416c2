"""The company's pages and the invitations' pages: inviting from the company's page through
the one service (the inviter recorded, the mail sent after commit), the invitation seen by
the invitee on logging in, and its page open to the invited address only. The back office's
side is in ``test_admin``."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from exhibitors.companies import selectors, services
from exhibitors.companies.models import CompanyInvitation, Membership
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Passw0rd!"


def invitee(email="colleague@example.com"):
    user = UserFactory(username=email, email=email)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_the_portal_invitation_goes_through_the_same_service(
    client, django_capture_on_commit_callbacks
):
    member = MembershipFactory(company=CompanyFactory(preferred_language="en"))
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exhibitors:company_invite"), {"email": "colleague@example.com"})
    invitation = CompanyInvitation.objects.get()
    assert invitation.invited_by == member.user
    [message] = mail.outbox
    assert message.subject.startswith("You are invited to join")
    # A second invitation to the same address is refused, with nothing mailed.
    with pytest.raises(services.InvitationRefused):
        services.invitation_send(
            invitation=CompanyInvitation(company=member.company, email="colleague@example.com"),
            inviter=member.user,
        )


def test_the_invitee_sees_the_invitation_on_logging_in(client):
    company = CompanyFactory(name_en="Hanbit Smart Lab")
    invitation = services.invitation_send(
        invitation=CompanyInvitation(company=company, email="Colleague@Example.com"),
        inviter=None,
    )
    invitee()
    response = client.post(
        "/accounts/login/",
        {"login": "colleague@example.com", "password": PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "You are invited to join Hanbit Smart Lab." in page
    assert f'href="/invitations/{invitation.token}/"' in page
    # And on the page that asks for a company, until the invitation is taken.
    page = client.get(reverse("exhibitors:company_create"), HTTP_ACCEPT_LANGUAGE="en")
    assert f'href="/invitations/{invitation.token}/"' in page.content.decode()
    client.post(reverse("exhibitors:invitation", args=[invitation.token]))
    assert Membership.objects.get(user__username="colleague@example.com").company == company
    assert not selectors.invitations_open_for(Membership.objects.get(company=company).user)


def test_no_banner_for_an_expired_invitation_or_someone_else(client):
    company = CompanyFactory()
    old = services.invitation_send(
        invitation=CompanyInvitation(company=company, email="colleague@example.com"), inviter=None
    )
    CompanyInvitation.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    services.invitation_send(
        invitation=CompanyInvitation(company=company, email="other@example.com"), inviter=None
    )
    user = invitee()
    assert list(selectors.invitations_open_for(user)) == []
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert "/invitations/" not in response.content.decode()


def sent(email="colleague@example.com", company=None):
    return services.invitation_send(
        invitation=CompanyInvitation(company=company or CompanyFactory(), email=email),
        inviter=None,
    )


@pytest.mark.parametrize("language", ["en", "ko"])
def test_another_logged_in_user_with_the_link_is_told_to_log_in_with_the_invited_address(
    client, language
):
    invitation = sent(company=CompanyFactory(name_en="Hanbit Smart Lab", name_ko="한빛"))
    stranger = invitee("stranger@example.com")
    client.force_login(stranger)
    url = reverse("exhibitors:invitation", args=[invitation.token])
    for response in (
        client.get(url, HTTP_ACCEPT_LANGUAGE=language),
        client.post(url, HTTP_ACCEPT_LANGUAGE=language),
    ):
        page = response.content.decode()
        assert response.status_code == 403
        # Nothing about the invitation: neither the company nor the invited address.
        assert "Hanbit" not in page and "한빛" not in page and "colleague@" not in page
        assert "stranger@example.com" in page
        told = {
            "en": "Log out, then log in with the address the invitation was sent to",
            "ko": "로그아웃한 뒤 초대받은 주소로 로그인하고",
        }[language]
        assert told in page
    # The button logs out and comes back to the login, then to the invitation.
    assert 'action="/accounts/logout/"' in page
    login_url = f"/accounts/login/?next=%2Finvitations%2F{invitation.token}%2F"
    assert f'name="next" value="{login_url}"' in page
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    # The service refuses too, whoever calls it.
    with pytest.raises(services.InvitationRefused):
        services.invitation_accept(invitation=invitation, user=stranger)
    assert not Membership.objects.exists()


def test_the_link_is_refused_to_the_invited_address_unverified(client):
    invitation = sent()
    user = UserFactory(username="colleague@example.com", email="colleague@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)
    response = client.post(reverse("exhibitors:invitation", args=[invitation.token]))
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_the_invited_address_joins_in_any_letter_case(client):
    invitation = sent(email="Colleague@Example.COM")
    user = invitee("colleague@example.com")
    client.force_login(user)
    url = reverse("exhibitors:invitation", args=[invitation.token])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(user=user).company == invitation.company
    # Once: a second acceptance (the back button, a colleague with the same address) joins
    # nobody.
    other = UserFactory()
    EmailAddress.objects.create(user=other, email="COLLEAGUE@example.com", verified=True)
    with pytest.raises(services.InvitationRefused):
        services.invitation_accept(invitation=invitation, user=other)
    assert Membership.objects.filter(company=invitation.company).count() == 1


def test_an_address_is_invited_once_whatever_its_letter_case(
    client, staff_user, django_capture_on_commit_callbacks
):
    member = MembershipFactory()
    sent(email="colleague@example.com", company=member.company)
    with pytest.raises(services.InvitationRefused, match="already been invited"):
        sent(email="Colleague@Example.com", company=member.company)
    # From the company's page and from the admin: told, nothing sent.
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exhibitors:company_invite"),
            {"email": "COLLEAGUE@example.com"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        client.force_login(staff_user)
        admin_response = client.post(
            reverse("admin:exhibitors_companyinvitation_add"),
            {"company": member.company.pk, "email": "Colleague@example.com"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "already been invited" in response.content.decode()
    assert admin_response.status_code == 200
    assert "already been invited" in admin_response.content.decode()
    assert CompanyInvitation.objects.count() == 1 and not mail.outbox

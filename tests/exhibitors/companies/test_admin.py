"""The companies' back office: staff invite a user to a company through the same service as
the company's page (``services.invitation_send``); a sent invitation is read-only."""

import pytest
from django.core import mail
from django.urls import reverse

from exhibitors.companies import services
from exhibitors.companies.models import CompanyInvitation
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_staff_invite_from_the_admin_as_themselves_and_the_invitee_is_mailed(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    company = CompanyFactory(preferred_language="ko", name_ko="한빛")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:exhibitors_companyinvitation_add"),
            {"company": company.pk, "email": "colleague@example.com"},
            HTTP_HOST="localhost:8123",
        )
    assert response.status_code == 302
    invitation = CompanyInvitation.objects.get()
    assert (invitation.company, invitation.invited_by) == (company, staff_user)
    [message] = mail.outbox
    assert message.to == ["colleague@example.com"]
    assert "한빛" in message.subject and message.from_email.startswith("서울관 ")
    assert f"http://localhost:8123/invitations/{invitation.token}/" in message.body


def test_a_sent_invitation_is_read_only_in_the_admin(staff_client):
    invitation = services.invitation_send(
        invitation=CompanyInvitation(company=CompanyFactory(), email="a@example.com"),
        inviter=None,
    )
    url = reverse("admin:exhibitors_companyinvitation_change", args=[invitation.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="email"' not in page and "a@example.com" in page

"""Buyer accounts: created at sign-up, approved or refused by staff (audited, mailed in the
buyer's language once committed), badges renewed; a user has one role only."""

import pytest
from django.core import mail

from exhibitors.buyers import services
from exhibitors.buyers.models import Buyer, BuyerStatus
from tests.exhibitors.buyers.accounts_factories import make_buyer
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="programme@example.com", is_staff=True)


def test_a_new_buyer_waits_for_approval():
    buyer = make_buyer()
    assert buyer.status == BuyerStatus.PENDING
    assert buyer.decided_by is None
    assert buyer.history.get().history_user == buyer.user


def test_approval_mails_the_buyer_in_their_language_after_commit(
    staff, django_capture_on_commit_callbacks
):
    buyer = make_buyer(language="ko")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.buyer_approve(buyer=buyer, user=staff) is True
        assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    buyer.refresh_from_db()
    assert (buyer.status, buyer.decided_by, buyer.decided_at is not None) == (
        BuyerStatus.APPROVED,
        staff,
        True,
    )
    (message,) = mail.outbox
    assert message.to == ["buyer@rhein.example"]
    assert message.subject == "바이어 계정이 승인되었습니다"
    assert "Rhein Mobility GmbH의 바이어 계정이 승인되었습니다" in message.body
    assert "/buyers/" in message.body
    assert "비밀번호" not in message.body  # signed up with a password: no set-password link
    latest = buyer.history.latest()
    assert (latest.status, latest.history_user) == (BuyerStatus.APPROVED, staff)


def test_refusal_mails_the_reason_in_english(staff, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.buyer_refuse(buyer=buyer, user=staff, reason="Not a buyer.") is True
    buyer.refresh_from_db()
    assert buyer.status == BuyerStatus.REJECTED
    (message,) = mail.outbox
    assert message.subject == "Your buyer account"
    assert "we could not approve the buyer account of Rhein Mobility GmbH" in message.body
    assert "Not a buyer." in message.body


def test_deciding_twice_changes_nothing_and_mails_once(staff, django_capture_on_commit_callbacks):
    buyer = make_buyer()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.buyer_approve(buyer=buyer, user=staff) is True
        assert services.buyer_approve(buyer=buyer, user=staff) is False
    assert len(mail.outbox) == 1
    assert buyer.history.count() == 2  # the sign-up and one approval


def test_a_refused_buyer_may_be_approved_later_and_an_approved_one_refused(staff):
    buyer = make_buyer()
    services.buyer_refuse(buyer=buyer, user=staff)
    services.buyer_approve(buyer=buyer, user=staff)
    assert Buyer.objects.get().status == BuyerStatus.APPROVED
    services.buyer_refuse(buyer=buyer, user=staff)
    assert Buyer.objects.get().status == BuyerStatus.REJECTED


def test_staff_and_company_members_cannot_become_buyers():
    profile = {
        "organisation": "X",
        "country": "ES",
        "buyer_type": "other",
        "contact_name": "X",
    }
    staff = UserFactory(is_staff=True)
    with pytest.raises(services.BuyerRefused, match="Staff accounts"):
        services.buyer_create(user=staff, **profile)
    member = MembershipFactory().user
    with pytest.raises(services.BuyerRefused, match="belongs to a company"):
        services.buyer_create(user=member, **profile)
    buyer = make_buyer()
    with pytest.raises(services.BuyerRefused, match="already a buyer"):
        services.buyer_create(user=buyer.user, **profile)
    assert Buyer.objects.count() == 1


def test_a_renewed_badge_has_a_new_code(staff):
    buyer = make_buyer(approved=True)
    old = buyer.badge_token
    services.buyer_badge_renew(buyer=buyer, user=buyer.user)
    buyer.refresh_from_db()
    assert buyer.badge_token != old and len(buyer.badge_token) >= 40
    assert buyer.history.latest().history_change_reason == "badge renewed"

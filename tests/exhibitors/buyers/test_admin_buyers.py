"""The buyers in the back office: the list in a fixed number of queries, approval and refusal
through the actions (with the reason asked first), the programme manager's permissions."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from exhibitors import roles
from exhibitors.buyers.models import Buyer, BuyerStatus
from tests.exhibitors.buyers.accounts_factories import make_buyer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:exhibitors_buyer_changelist")


@pytest.fixture
def programme_client(client):
    user = UserFactory(username="programme@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_MANAGER))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _grow(n, approved=False):
    start = Buyer.objects.count()
    for k in range(start, start + n):
        make_buyer(f"buyer{k}@example.com", approved=approved, organisation=f"Org {k}")


def test_the_list_takes_the_same_queries_with_1_and_20_buyers(
    programme_client, django_assert_num_queries
):
    _grow(1, approved=True)
    programme_client.get(CHANGELIST)  # warm the caches (content types, permissions)
    with django_assert_num_queries(QUERIES) as one:
        assert programme_client.get(CHANGELIST).status_code == 200
    _grow(19, approved=True)
    with django_assert_num_queries(QUERIES):
        response = programme_client.get(CHANGELIST)
    assert b"buyer19@example.com" in response.content
    assert one.final_queries == QUERIES


#: The changelist (the session and the user from the cache): their permissions and their groups' permissions, the
#: count and the filtered count, the rows (with their users and deciders, joined), and the date
#: hierarchy's two.
QUERIES = 7


def test_approving_mails_each_buyer_and_refusing_asks_for_the_reason_first(
    programme_client, django_capture_on_commit_callbacks
):
    first, second = make_buyer("a@example.com"), make_buyer("b@example.com", language="ko")
    with django_capture_on_commit_callbacks(execute=True):
        response = programme_client.post(
            CHANGELIST, {"action": "approve", "_selected_action": [first.pk]}, follow=True
        )
    assert b"1 buyer approved" in response.content
    assert Buyer.objects.get(pk=first.pk).status == BuyerStatus.APPROVED
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    # Refusing: a page first, with the reason; nothing changes until it is sent.
    response = programme_client.post(
        CHANGELIST, {"action": "refuse", "_selected_action": [second.pk]}
    )
    assert response.status_code == 200 and b"Refuse the buyers" in response.content
    assert Buyer.objects.get(pk=second.pk).status == BuyerStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        programme_client.post(
            CHANGELIST,
            {
                "action": "refuse",
                "_selected_action": [second.pk],
                "apply": "1",
                "reason": "Please sign up with your company address.",
            },
        )
    assert Buyer.objects.get(pk=second.pk).status == BuyerStatus.REJECTED
    refusal = mail.outbox[-1]
    assert refusal.to == ["b@example.com"] and refusal.subject == "바이어 계정 안내"
    assert "Please sign up with your company address." in refusal.body


def test_the_status_is_not_editable_on_the_change_page(programme_client):
    buyer = make_buyer()
    url = reverse("admin:exhibitors_buyer_change", args=[buyer.pk])
    page = programme_client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    data = {
        "organisation": "Renamed GmbH",
        "country": "DE",
        "buyer_type": "other",
        "interests": "",
        "contact_name": "Lena",
        "phone": "",
        "preferred_language": "en",
        "status": "approved",
    }
    assert programme_client.post(url, data).status_code == 302
    buyer.refresh_from_db()
    assert (buyer.organisation, buyer.status) == ("Renamed GmbH", BuyerStatus.PENDING)


def test_buyers_are_not_added_by_hand(programme_client):
    assert programme_client.get(reverse("admin:exhibitors_buyer_add")).status_code == 403

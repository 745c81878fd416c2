"""The buyer's pages: sign-up (allauth, the consent, e-mail verification), the page waiting for
approval, the approved page with the badge, the profile, the badge's QR code for exhibitors,
and the wall between buyers and companies."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from exhibitors.applications.models import Consent, ConsentKind
from exhibitors.buyers import services
from exhibitors.buyers.models import Buyer, BuyerStatus
from portal.qrcodes import qr_svg
from tests.exhibitors.buyers.accounts_factories import make_buyer
from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Buyers read English first (the page's language comes from the browser)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


SIGNUP = {
    "email": "lena@rhein.example",
    "password1": "a-long-Passw0rd!",
    "password2": "a-long-Passw0rd!",
    "organisation": "Rhein Mobility GmbH",
    "country": "DE",
    "buyer_type": "distributor",
    "interests": "Parking sensors",
    "contact_name": "Lena Vogel",
    "phone": "+49 30 1234",
    "preferred_language": "en",
    "privacy_consent": "on",
}


def _confirmation_path(message):
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]*", message.body).group(0)
    return link[link.index("/accounts/") :]


def test_sign_up_makes_a_waiting_buyer_with_the_consent_and_verifies_the_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exhibitors:buyer_signup"), SIGNUP)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="lena@rhein.example")
    buyer = Buyer.objects.get(user=user)
    assert (buyer.organisation, buyer.country.code, buyer.status) == (
        "Rhein Mobility GmbH",
        "DE",
        BuyerStatus.PENDING,
    )
    assert Consent.objects.filter(user=user, kind=ConsentKind.PRIVACY).exists()
    assert not EmailAddress.objects.get(user=user).verified
    # Not verified: no way in until the link in the mail is followed.
    assert client.get(reverse("exhibitors:buyer_home")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_confirmation_path(mail.outbox[0]))
    assert EmailAddress.objects.get(user=user).verified
    assert response.url == reverse("exhibitors:buyer_home")
    page = client.get(response.url)
    assert b"Waiting for approval" in page.content
    assert b"qr-code" not in page.content  # no badge before approval
    assert b"My buyer page" in page.content and b"My applications" not in page.content


def test_sign_up_without_the_consent_or_the_organisation_keeps_what_was_typed(client):
    data = {**SIGNUP, "privacy_consent": "", "organisation": ""}
    response = client.post(reverse("exhibitors:buyer_signup"), data)
    assert response.status_code == 200
    assert b"Please agree to the collection" in response.content
    assert b"Lena Vogel" in response.content and b"Parking sensors" in response.content
    assert not get_user_model().objects.filter(email="lena@rhein.example").exists()


@pytest.mark.parametrize("kind", ["member", "staff"])
def test_a_company_member_or_staff_cannot_sign_up_as_a_buyer(client, kind):
    user = MembershipFactory().user if kind == "member" else UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("exhibitors:buyer_signup")).status_code == 403
    response = client.post(reverse("exhibitors:buyer_signup"), SIGNUP)
    assert response.status_code == 403
    assert not Buyer.objects.exists()


def test_a_signed_in_buyer_is_sent_from_the_sign_up_to_their_page(client):
    client.force_login(make_buyer().user)
    response = client.get(reverse("exhibitors:buyer_signup"))
    assert response.url == reverse("exhibitors:buyer_home")


def test_the_approved_page_shows_the_badge_qr_code_of_the_scan_address(client):
    buyer = make_buyer(approved=True)
    client.force_login(buyer.user)
    page = client.get(reverse("exhibitors:buyer_home"))
    assert b"Approved" in page.content
    # The code on the page is the one of the badge's scan address, on this server.
    scan = "http://testserver" + reverse("exhibitors:buyer_badge_scan", args=[buyer.badge_token])
    assert qr_svg(scan, scale=5, title="Your badge").encode() in page.content
    assert reverse("exhibitors:buyer_badge").encode() in page.content
    printable = client.get(reverse("exhibitors:buyer_badge"))
    assert b"Rhein Mobility GmbH" in printable.content and b"Germany" in printable.content
    assert b'class="qr-code"' in printable.content


def test_the_navigation_shows_buyers_their_links_not_the_company_links(client):
    client.force_login(make_buyer(approved=True).user)
    page = client.get(reverse("exhibitors:buyer_home")).content.decode()
    assert "My buyer page" in page
    assert reverse("exhibitors:company") not in page
    assert reverse("exhibitors:applications") not in page


def test_the_waiting_page_reads_in_korean_for_a_korean_browser(client):
    client.force_login(make_buyer().user)
    page = client.get(reverse("exhibitors:buyer_home"), HTTP_ACCEPT_LANGUAGE="ko")
    assert "승인 대기 중" in page.content.decode()


def test_a_waiting_buyer_cannot_open_the_badge(client):
    client.force_login(make_buyer().user)
    assert client.get(reverse("exhibitors:buyer_badge")).url == reverse("exhibitors:buyer_home")


def test_the_profile_is_saved_and_a_mistake_keeps_what_was_typed(client):
    buyer = make_buyer()
    client.force_login(buyer.user)
    url = reverse("exhibitors:buyer_home")
    profile = {
        "organisation": "Rhein Mobility AG",
        "country": "AT",
        "buyer_type": "investor",
        "interests": "Mobility data",
        "contact_name": "Lena Vogel",
        "phone": "",
        "preferred_language": "ko",
    }
    assert client.post(url, profile).url == url
    buyer.refresh_from_db()
    assert (buyer.organisation, buyer.country.code, buyer.preferred_language) == (
        "Rhein Mobility AG",
        "AT",
        "ko",
    )
    assert buyer.status == BuyerStatus.PENDING  # the profile changes no status
    response = client.post(url, {**profile, "country": "", "interests": "Typed again"})
    assert response.status_code == 200
    assert response.context["form"].errors["country"]
    assert b"Typed again" in response.content
    buyer.refresh_from_db()
    assert buyer.interests == "Mobility data"


def test_the_profile_cannot_change_the_status(client):
    buyer = make_buyer()
    client.force_login(buyer.user)
    client.post(
        reverse("exhibitors:buyer_home"),
        {**{k: SIGNUP[k] for k in services.PROFILE_FIELDS}, "status": "approved"},
    )
    buyer.refresh_from_db()
    assert buyer.status == BuyerStatus.PENDING


@pytest.mark.parametrize(
    "name", ["exhibitors:company", "exhibitors:applications", "exhibitors:reports"]
)
def test_a_buyer_is_sent_from_company_pages_to_their_own(client, name):
    client.force_login(make_buyer(approved=True).user)
    assert client.get(reverse(name)).url == reverse("exhibitors:buyer_home")


def test_a_buyer_cannot_create_a_company(client):
    client.force_login(make_buyer().user)
    response = client.post(reverse("exhibitors:company_create"), {"name_ko": "바이어"})
    assert response.url == reverse("exhibitors:buyer_home")
    from exhibitors.companies.models import Company

    assert not Company.objects.exists()


@pytest.mark.parametrize("kind", ["member", "staff"])
def test_the_buyer_pages_are_not_for_anyone_else(client, kind):
    user = MembershipFactory().user if kind == "member" else UserFactory(is_staff=True)
    client.force_login(user)
    for name in ("exhibitors:buyer_home", "exhibitors:buyer_badge"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("exhibitors:buyer_badge_renew")).status_code == 404


def test_the_buyer_page_asks_anonymous_visitors_to_log_in(client):
    assert client.get(reverse("exhibitors:buyer_home")).url.startswith("/accounts/login/")


def test_renewing_the_badge_retires_the_old_code(client):
    buyer = make_buyer(approved=True)
    old = buyer.badge_token
    client.force_login(buyer.user)
    response = client.post(reverse("exhibitors:buyer_badge_renew"))
    assert response.url == reverse("exhibitors:buyer_badge")
    buyer.refresh_from_db()
    assert buyer.badge_token != old


# The badge's QR code, as an exhibitor's phone opens it ----------------------------------------


@pytest.fixture
def exhibitor_member():
    exhibitor = confirmed_exhibitor(started_pavilion())
    return MembershipFactory(company=exhibitor.company).user


def test_an_exhibitor_member_reads_the_badge_of_an_approved_buyer(client, exhibitor_member):
    buyer = make_buyer(approved=True)
    client.force_login(exhibitor_member)
    response = client.get(reverse("exhibitors:buyer_badge_scan", args=[buyer.badge_token]))
    assert response.status_code == 200
    assert b"Rhein Mobility GmbH" in response.content and b"Germany" in response.content
    assert b"lena" not in response.content.lower()  # not the contact's name or address


def test_a_badge_leads_nowhere_for_others_or_when_not_approved(client, exhibitor_member):
    approved = make_buyer(approved=True)
    waiting = make_buyer("waiting@example.com")
    url = reverse("exhibitors:buyer_badge_scan", args=[approved.badge_token])
    for user in (
        MembershipFactory().user,  # a company that exhibits nowhere
        UserFactory(is_staff=True, is_superuser=True),
        make_buyer("other@example.com", approved=True).user,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).url.startswith("/accounts/login/")
    client.force_login(exhibitor_member)
    waiting_url = reverse("exhibitors:buyer_badge_scan", args=[waiting.badge_token])
    assert client.get(waiting_url).status_code == 404
    assert client.get(reverse("exhibitors:buyer_badge_scan", args=["no-such"])).status_code == 404
    old = approved.badge_token
    services.buyer_badge_renew(buyer=approved, user=approved.user)
    assert client.get(reverse("exhibitors:buyer_badge_scan", args=[old])).status_code == 404


# The catalogues on the buyer's page -------------------------------------------------------------


def _publish_catalogues(n):
    from django.utils import timezone

    from exhibitors.buyers.models import Catalogue
    from tests.factories import open_pavilion

    for _ in range(n):
        Catalogue.objects.create(
            pavilion=open_pavilion(), published_at=timezone.now() - timezone.timedelta(hours=1)
        )


def test_the_approved_page_lists_the_published_catalogues_in_fixed_queries(
    client, django_assert_num_queries
):
    from exhibitors.buyers.models import Catalogue
    from tests.factories import open_pavilion

    buyer = make_buyer(approved=True)
    Catalogue.objects.create(pavilion=open_pavilion())  # not published: not listed
    client.force_login(buyer.user)
    url = reverse("exhibitors:buyer_home")
    _publish_catalogues(1)
    client.get(url)
    with django_assert_num_queries(BUYER_PAGE_QUERIES):
        page = client.get(url)
    assert len(page.context["catalogues"]) == 1
    _publish_catalogues(9)
    with django_assert_num_queries(BUYER_PAGE_QUERIES):
        page = client.get(url)
    assert len(page.context["catalogues"]) == 10
    pavilion, link = page.context["catalogues"][0]
    assert link.encode() in page.content


#: The buyer (the session and the user from the cache), the catalogues with their pavilions and events.
BUYER_PAGE_QUERIES = 2

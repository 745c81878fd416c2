"""The floor plan on a confirmed exhibitor's application page, with its booth highlighted,
and the offers staff made that the company accepts (``floor/views.py``)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from exhibitors.applications import services
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth
from tests.exhibitors.floor.plans import (
    confirmed,
    drawing,
    fill,
    geometry,
    holder,
    place,
)
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    ThemeFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English (the portal's default language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


# The company's page ----------------------------------------------------------------------------


def test_a_confirmed_company_sees_its_booth_highlighted(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    place(pavilion, "A3", 6, 0)
    other = holder(pavilion, name_en="Neighbour Robotics")
    booths.booth_allocate(booth=Booth.objects.get(code="A2"), exhibitor=other)
    application, exhibitor = confirmed(pavilion, member)
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=exhibitor)

    response = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    svg = drawing(response)
    page = response.content.decode()

    assert [code for code, rect in svg.booths.items() if rect.get("data-own") == "true"] == ["A1"]
    assert "booth--own" in svg.booths["A1"]["class"]
    assert len(svg.highlights) == 1 and geometry(svg.highlights[0]) == (0, 0, 3, 3)
    assert "Your booth: A1, 3 m × 3 m, corner" in page
    # The public layout names the neighbours.
    assert "3 m × 3 m · Neighbour Robotics" in page  # in A2's tooltip
    assert "own" in svg.legend


def test_a_company_not_yet_confirmed_sees_no_plan(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    application = ApplicationFactory(pavilion=pavilion, company=member.company)
    services.application_submit(application=application, user=member.user)
    page = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    assert "data-code" not in page.content.decode()


def test_a_confirmed_company_without_a_booth_is_told_so(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    application, _ = confirmed(pavilion, member)
    page = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    text = page.content.decode()
    assert "Your booth is not allocated yet" in text
    assert 'data-own="true"' not in text and 'data-code="A1"' in text


def offer(pavilion, exhibitor, *, expires_at=None, now=None):
    booth = Booth.objects.get(pavilion=pavilion, code="A2")
    return booths.booth_offer(
        booth=booth,
        exhibitor=exhibitor,
        expires_at=expires_at or timezone.now() + datetime.timedelta(days=3),
        now=now,
    )


def accept_url(application, booth):
    return reverse("exhibitors:booth_offer_accept", args=[application.pk, booth.pk])


def test_the_company_accepts_the_booth_offered_to_it(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    application, exhibitor = confirmed(pavilion, member)
    booth = offer(pavilion, exhibitor)
    url = reverse("exhibitors:application", args=[application.pk])

    response = member_client.get(url)
    page = response.content.decode()
    assert 'data-offer="A2"' in page and "Accept this booth" in page
    assert f'action="{accept_url(application, booth)}"' in page
    assert drawing(response).booths["A2"]["data-offered-to-you"] == "true"

    assert member_client.get(accept_url(application, booth)).status_code == 405
    response = member_client.post(accept_url(application, booth))

    assert response.status_code == 302 and response.url == url
    booth.refresh_from_db()
    assert (booth.holder, booth.held_for, booth.hold_expires_at) == (exhibitor, None, None)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Booth A2 is yours. See you at the pavilion!"
    ]
    assert 'data-own="true"' in member_client.get(url).content.decode()


def test_another_company_cannot_accept_the_offer(client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    application, exhibitor = confirmed(pavilion, member)
    booth = offer(pavilion, exhibitor)
    rival = MembershipFactory()
    rival_application, _ = confirmed(pavilion, rival)
    client.force_login(rival.user)

    # Through the offered company's application: not theirs, so not found.
    assert client.post(accept_url(application, booth)).status_code == 404
    # Through their own application: the booth is not offered to them.
    response = client.post(accept_url(rival_application, booth))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This booth is not offered to you."
    ]
    # Nor through a booth of another pavilion.
    elsewhere = place(open_pavilion(), "A2", 3, 0)
    assert client.post(accept_url(rival_application, elsewhere)).status_code == 404
    booth.refresh_from_db()
    assert booth.holder is None and booth.held_for == exhibitor


def test_an_expired_offer_cannot_be_accepted(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    application, exhibitor = confirmed(pavilion, member)
    earlier = timezone.now() - datetime.timedelta(days=2)
    booth = offer(pavilion, exhibitor, expires_at=earlier + datetime.timedelta(days=1), now=earlier)

    page = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    assert "Accept this booth" not in page.content.decode()  # a lapsed offer is not shown

    response = member_client.post(accept_url(application, booth))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The offer of booth A2 has expired."
    ]
    booth.refresh_from_db()
    assert booth.holder is None


# (The session, the user and the membership from the cache) application; booths, themes, applications; status changes.
COMPANY_QUERIES = 5


def test_the_company_page_takes_a_fixed_number_of_queries(
    member_client, member, django_assert_num_queries
):
    pavilion = open_pavilion(
        floor_width_m=Decimal(60), floor_depth_m=Decimal(40), floor_area_m2=Decimal(2400)
    )
    ThemeFactory(event=pavilion.event)
    application, exhibitor = confirmed(pavilion, member)
    now = timezone.now()
    fill(pavilion, 5, now)
    booths.booth_allocate(booth=place(pavilion, "Z1", 57, 37), exhibitor=exhibitor)
    url = reverse("exhibitors:application", args=[application.pk])
    member_client.get(url)  # the session and the user are cached from now on
    with django_assert_num_queries(COMPANY_QUERIES):
        small = member_client.get(url)
    fill(pavilion, 60, now)
    with django_assert_num_queries(COMPANY_QUERIES):
        large = member_client.get(url)
    assert len(drawing(small).booths) == 6
    assert len(drawing(large).booths) == 60

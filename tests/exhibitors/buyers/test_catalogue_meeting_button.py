"""The exhibitor's catalogue page leads a buyer to a meeting request: the button for an
approved buyer who may ask, the services' reason when they may not, the way to a buyer account
for a visitor, and nothing for companies."""

import pytest
from django.test import Client
from django.urls import reverse

from exhibitors.buyers import meetings
from tests.exhibitors.buyers.catalogue_factories import entry_for
from tests.exhibitors.buyers.meeting_factories import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = meeting_world()
    entry_for(world.exhibitor)
    return world


def page(client, world):
    pavilion = world.pavilion
    url = reverse(
        "exhibitors:catalogue_exhibitor",
        args=[pavilion.event.slug, pavilion.slug, world.exhibitor.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_an_approved_buyer_gets_the_request_button(world):
    html = page(signed_in(world.buyer.user), world)
    request_url = reverse("exhibitors:meeting_request", args=[world.exhibitor.pk])
    assert f'href="{request_url}" data-meeting-request' in html


def test_a_buyer_with_an_open_request_reads_why_not(world):
    meetings.meeting_request(
        buyer=world.buyer,
        exhibitor=world.exhibitor,
        slot=None,
        reason="Parking",
        by=world.buyer.user,
    )
    html = page(signed_in(world.buyer.user), world)
    assert "data-meeting-request>" not in html
    assert "You already have an open request with this exhibitor." in html


def test_closed_requests_are_said_so(world):
    world.settings.requests_open = False
    world.settings.save()
    html = page(signed_in(world.buyer.user), world)
    assert "does not take meeting requests at the moment" in html
    assert "data-meeting-request>" not in html


def test_a_visitor_is_shown_the_buyer_sign_up(world):
    html = page(Client(HTTP_ACCEPT_LANGUAGE="en"), world)
    assert reverse("exhibitors:buyer_signup") in html
    assert "data-meeting-request>" not in html


def test_a_company_member_gets_neither(world):
    html = page(signed_in(world.other_exhibitor.member), world)
    assert "data-meeting-request" not in html
    assert reverse("exhibitors:buyer_signup") not in html


def test_the_pavilion_page_links_the_catalogue_once_published(world):
    from django.utils import timezone

    from exhibitors.buyers import catalogue
    from exhibitors.buyers.models import Catalogue

    Catalogue.objects.filter(pavilion=world.pavilion).update(published_at=None)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = world.pavilion.get_absolute_url()
    assert b"data-catalogue-link" not in client.get(url).content
    catalogue.catalogue_publish(pavilion=world.pavilion, user=None, now=timezone.now())
    html = client.get(url).content.decode()
    catalogue_url = reverse(
        "exhibitors:catalogue", args=[world.pavilion.event.slug, world.pavilion.slug]
    )
    assert f'href="{catalogue_url}" data-catalogue-link' in html


def test_an_exhibitor_outside_the_catalogue_is_not_offered_to_buyers(world):
    """Only what the company agreed to publish: its request page is not found and the service
    refuses, whatever id is asked for."""
    from exhibitors.buyers.models import CatalogueEntry

    CatalogueEntry.objects.filter(exhibitor=world.other_exhibitor).update(agreed_at=None)
    client = signed_in(world.buyer.user)
    url = reverse("exhibitors:meeting_request", args=[world.other_exhibitor.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"slot": "", "reason": "Hello"}).status_code == 404
    assert meetings.meeting_request_refusals(
        buyer=world.buyer, exhibitor=world.other_exhibitor
    ) == ["This exhibitor is not in the catalogue."]
    with pytest.raises(meetings.MeetingRefused, match="not in the catalogue"):
        meetings.meeting_request(
            buyer=world.buyer,
            exhibitor=world.other_exhibitor,
            slot=None,
            reason="Hello",
            by=world.buyer.user,
        )
    assert not world.other_exhibitor.meetings.exists()

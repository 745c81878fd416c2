"""The secret calendar feeds: what each person's feed holds, as a calendar program reads it,
and the address's life (renewed, revoked)."""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from exhibitors import roles
from exhibitors.buyers import calendars
from exhibitors.buyers.models import (
    Buyer,
    BuyerStatus,
    CalendarFeed,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSlot,
    MeetingStatus,
)
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.factories import CompanyFactory, SideEventFactory, UserFactory

pytestmark = pytest.mark.django_db


def feed_url(feed):
    return reverse("exhibitors:calendar_feed", args=[feed.token])


def read(client, feed):
    response = client.get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def approved_buyer(organisation="Rhein Mobility"):
    return Buyer.objects.create(
        user=UserFactory(),
        organisation=organisation,
        country="DE",
        contact_name="Anna",
        status=BuyerStatus.APPROVED,
    )


def meeting(pavilion, exhibitor, buyer, *, hour=10, status=MeetingStatus.ACCEPTED, label="T1"):
    starts = datetime.datetime.combine(
        pavilion.event.starts_on, datetime.time(hour), tzinfo=datetime.UTC
    )
    slot, _ = MeetingSlot.objects.get_or_create(
        pavilion=pavilion,
        starts_at=starts,
        defaults={"ends_at": starts + datetime.timedelta(minutes=30)},
    )
    place, _ = MeetingPlace.objects.get_or_create(
        pavilion=pavilion, label=label, defaults={"kind": MeetingPlaceKind.LOUNGE}
    )
    booked = status in (MeetingStatus.ACCEPTED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
    return Meeting.objects.create(
        pavilion=pavilion,
        buyer=buyer,
        exhibitor=exhibitor,
        status=status,
        reason="Trams",
        slot=slot if booked else None,
        place=place if booked else None,
    )


@pytest.fixture
def world():
    pavilion = started_pavilion()
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(preferred_language="en"))
    SideEventFactory(pavilion=pavilion, name_en="Seoul Night", name_ko="서울의 밤")
    buyer = approved_buyer()
    booked = meeting(pavilion, exhibitor, buyer)
    meeting(pavilion, exhibitor, buyer, hour=11, status=MeetingStatus.REQUESTED)
    meeting(pavilion, exhibitor, buyer, hour=12, status=MeetingStatus.DECLINED)
    other = confirmed_exhibitor(pavilion)
    meeting(pavilion, other, approved_buyer("Someone else"), hour=13, label="T2")
    return {"pavilion": pavilion, "exhibitor": exhibitor, "buyer": buyer, "booked": booked}


def test_a_company_members_feed(world, client):
    pavilion, exhibitor = world["pavilion"], world["exhibitor"]
    feed = calendars.calendar_feed_get_or_create(user=member_of(exhibitor.company))
    events = read(client, feed)
    name = f"{pavilion.name_en} · {pavilion.event.name_en}"
    company = exhibitor.company.name_en
    assert set(events) == {
        f"Call closes · {name}",
        f"Confirm participation by · {name}",
        f"Outcome report due · {name}",
        f"Seoul Night · {name}",
        f"Meeting: Rhein Mobility · {company}",
    }
    deadline = events[f"Outcome report due · {name}"]["DTSTART"].dt
    assert deadline == pavilion.report_deadline
    booked = events[f"Meeting: Rhein Mobility · {company}"]
    assert booked["DTSTART"].dt == world["booked"].slot.starts_at
    assert booked["DTEND"].dt == world["booked"].slot.ends_at
    assert str(booked["UID"]).startswith(f"meeting-{world['booked'].pk}@")


def test_a_buyers_feed(world, client):
    feed = calendars.calendar_feed_get_or_create(user=world["buyer"].user)
    events = read(client, feed)
    pavilion = world["pavilion"]
    assert set(events) == {
        f"Seoul Night · {pavilion.name_en} · {pavilion.event.name_en}",
        f"Meeting: Rhein Mobility · {world['exhibitor'].company.name_en}",
    }


def test_a_korean_company_reads_its_feed_in_korean(world, client):
    company = world["exhibitor"].company
    company.preferred_language = "ko"
    company.save()
    feed = calendars.calendar_feed_get_or_create(user=member_of(company))
    events = read(client, feed)
    name = f"{world['pavilion'].name_ko} · {world['pavilion'].event.name_ko}"
    assert f"서울의 밤 · {name}" in events
    assert f"성과 보고서 마감 · {name}" in events


def test_a_buyer_waiting_for_approval_has_an_empty_feed(world, client):
    buyer = world["buyer"]
    buyer.status = BuyerStatus.PENDING
    buyer.save()
    feed = calendars.calendar_feed_get_or_create(user=buyer.user)
    assert read(client, feed) == {}


def test_staff_pavilion_feed_holds_every_booked_meeting(world, client):
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.PROGRAMME_MANAGER))
    feed = calendars.calendar_feed_get_or_create(user=staff, pavilion=world["pavilion"])
    events = read(Client(HTTP_ACCEPT_LANGUAGE="en"), feed)
    meetings = [summary for summary in events if summary.startswith("Meeting:")]
    assert len(meetings) == 2  # both booked ones, not the request nor the declined one
    pavilion = world["pavilion"]
    assert f"Seoul Night · {pavilion.name_en} · {pavilion.event.name_en}" in events


def test_a_pavilion_feed_is_for_staff_only(world):
    with pytest.raises(calendars.FeedRefused):
        calendars.calendar_feed_get_or_create(
            user=member_of(world["exhibitor"].company), pavilion=world["pavilion"]
        )


def test_a_revoked_or_renewed_address_is_a_404(world):
    user = member_of(world["exhibitor"].company)
    client = Client()
    feed = calendars.calendar_feed_get_or_create(user=user)
    assert client.get(feed_url(feed)).status_code == 200
    renewed = calendars.calendar_feed_renew(user=user)
    assert client.get(feed_url(feed)).status_code == 404
    assert client.get(feed_url(renewed)).status_code == 200
    calendars.calendar_feed_revoke(user=user)
    assert client.get(feed_url(renewed)).status_code == 404
    assert client.get(reverse("exhibitors:calendar_feed", args=["guess"])).status_code == 404


def test_the_feeds_page_gets_renews_and_revokes(world, client):
    user = member_of(world["exhibitor"].company)
    client.force_login(user)
    page = reverse("exhibitors:calendar_feeds")
    assert b"data-feed-url" not in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content
    client.post(page, {"action": "create"})
    first = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    content = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"http://testserver{feed_url(first)}" in content
    client.post(page, {"action": "renew"})
    second = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    assert second.token != first.token
    client.post(page, {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_a_company_member_cannot_take_a_pavilion_feed_from_the_page(world, client):
    client.force_login(member_of(world["exhibitor"].company))
    response = client.post(
        reverse("exhibitors:calendar_feeds"), {"action": "create", "pavilion": world["pavilion"].pk}
    )
    assert response.status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("extra", [0, 5])
def test_the_feed_takes_the_same_queries(world, client, extra, django_assert_max_num_queries):
    pavilion = world["pavilion"]
    exhibitor = world["exhibitor"]
    for index in range(extra):
        meeting(
            pavilion, exhibitor, approved_buyer(f"B{index}"), hour=14 + index, label=f"L{index}"
        )
        SideEventFactory(pavilion=pavilion)
    feed = calendars.calendar_feed_get_or_create(user=member_of(exhibitor.company))
    with django_assert_max_num_queries(7):
        assert client.get(feed_url(feed)).status_code == 200

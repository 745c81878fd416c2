"""The meetings' pages, both sides: what each sees and may do, another's meetings are 404,
stale forms lose nothing, and the lists do a fixed number of queries."""

import icalendar
import pytest
from django.urls import reverse

from exhibitors.buyers import meetings
from exhibitors.buyers.models import Meeting, MeetingStatus
from tests.exhibitors.buyers.meeting_factories import approved_buyer, meeting_world
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def world():
    return meeting_world()


def request(world, *, buyer=None, exhibitor=None, slot=None):
    buyer = buyer or world.buyer
    return meetings.meeting_request(
        buyer=buyer,
        exhibitor=exhibitor or world.exhibitor,
        slot=slot,
        reason="Smart parking for Warsaw",
        by=buyer.user,
    )


def book(world, *, buyer, slot, exhibitor=None):
    exhibitor = exhibitor or world.exhibitor
    meeting = request(world, buyer=buyer, exhibitor=exhibitor, slot=slot)
    return meetings.meeting_accept(meeting=meeting, by=exhibitor.member, version=meeting.version)


# --- The buyer ------------------------------------------------------------------------------


def test_request_page_offers_the_slots_by_day_and_any_time(client, world):
    client.force_login(world.buyer.user)
    url = reverse("exhibitors:meeting_request", args=[world.exhibitor.pk])
    page = client.get(url).content.decode()
    assert "Any time that suits the exhibitor" in page
    assert "<optgroup" in page and "10:30–11:00" in page
    # A closed drop-down shows only the chosen option: its label names the day too.
    from django.utils import formats

    local = world.slots[1].starts_at.astimezone(world.pavilion.event.zone)
    day = formats.date_format(local, "SHORT_DATE_FORMAT")
    assert f">{day} 10:30–11:00</option>" in page

    response = client.post(url, {"slot": str(world.slots[1].pk), "reason": "Sensors"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.requested_slot, meeting.reason) == (world.slots[1], "Sensors")


def test_request_without_reason_shows_the_form_again(client, world):
    client.force_login(world.buyer.user)
    url = reverse("exhibitors:meeting_request", args=[world.exhibitor.pk])
    response = client.post(url, {"slot": str(world.slots[1].pk), "reason": ""})
    assert response.status_code == 200
    assert f'value="{world.slots[1].pk}" selected' in response.content.decode()
    assert not Meeting.objects.exists()


def test_request_page_says_why_not(client, world):
    request(world)
    client.force_login(world.buyer.user)
    page = client.get(reverse("exhibitors:meeting_request", args=[world.exhibitor.pk]))
    assert "already have an open request" in page.content.decode()
    assert "<textarea" not in page.content.decode()


def test_request_page_of_an_unpublished_catalogue_is_not_found(client, world):
    world.pavilion.catalogue.published_at = None
    world.pavilion.catalogue.save()
    client.force_login(world.buyer.user)
    assert (
        client.get(reverse("exhibitors:meeting_request", args=[world.exhibitor.pk])).status_code
        == 404
    )


def test_companies_and_staff_are_not_buyers(client, world):
    client.force_login(world.exhibitor.member)
    assert client.get(reverse("exhibitors:buyer_meetings")).status_code == 404


def test_a_buyer_sees_only_their_meetings(client, world):
    theirs = request(world, buyer=world.other_buyer)
    client.force_login(world.buyer.user)
    assert client.get(reverse("exhibitors:buyer_meeting", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("exhibitors:buyer_meeting", args=[theirs.pk]),
        {"cancel-action": "cancel", "action": "cancel", "cancel-version": "1"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == MeetingStatus.REQUESTED


def test_buyer_accepts_a_proposal(client, world, mailoutbox):
    meeting = request(world)
    meetings.meeting_propose(
        meeting=meeting, slot=world.slots[2], by=world.exhibitor.member, version=1
    )
    client.force_login(world.buyer.user)
    url = reverse("exhibitors:buyer_meeting", args=[meeting.pk])
    assert "Accept the proposed time" in client.get(url).content.decode()
    response = client.post(
        url, {"action": "accept", "accept-action": "accept", "accept-version": "2"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED
    assert meeting.place == world.exhibitor.place


def test_buyer_cancels_with_a_stale_page_and_loses_nothing(client, world):
    meeting = book(world, buyer=world.buyer, slot=world.slots[0])
    client.force_login(world.buyer.user)
    url = reverse("exhibitors:buyer_meeting", args=[meeting.pk])
    stale = meeting.version - 1
    response = client.post(
        url,
        {
            "action": "cancel",
            "cancel-action": "cancel",
            "cancel-version": str(stale),
            "cancel-reason": "My flight moved",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "changed elsewhere" in page
    assert "My flight moved" in page
    assert f'name="cancel-version" value="{meeting.version}"' in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED


def test_my_meetings_list_shows_the_next_step_in_fixed_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.buyer.user)
    request(world)
    with django_assert_max_num_queries(8):
        client.get(reverse("exhibitors:buyer_meetings"))
    book(world, buyer=world.buyer, exhibitor=world.other_exhibitor, slot=world.slots[0])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("exhibitors:buyer_meetings")).content.decode()
    assert "Booked" in page and "Waiting for the other side" in page
    # The times are the expo's, named by its city and the zone's abbreviation there.
    assert "(Barcelona time, CET)" in page or "(Barcelona time, CEST)" in page


def test_buyer_schedule_and_its_ics(client, world, django_assert_max_num_queries):
    book(world, buyer=world.buyer, slot=world.slots[0])
    book(world, buyer=world.buyer, slot=world.slots[3], exhibitor=world.other_exhibitor)
    client.force_login(world.buyer.user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("exhibitors:buyer_schedule")).content.decode()
    assert "10:00–10:30" in page and "meetings_print.css" in page
    response = client.get(reverse("exhibitors:buyer_schedule_ics"))
    assert response["Content-Type"] == "text/calendar"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(e.decoded("dtstart") for e in events) == [
        world.slots[0].starts_at,
        world.slots[3].starts_at,
    ]


# --- The exhibitor --------------------------------------------------------------------------


def test_exhibitor_inbox_in_fixed_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.exhibitor.member)
    url = reverse("exhibitors:exhibitor_meetings", args=[world.exhibitor.pk])
    request(world)
    with django_assert_max_num_queries(10):
        client.get(url)
    for _n in range(3):
        request(world, buyer=approved_buyer())
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert page.count("data-meeting=") == 4
    assert "Answer" in page


def test_another_companys_meetings_are_not_found(client, world):
    meeting = request(world)
    client.force_login(world.other_exhibitor.member)
    for url in (
        reverse("exhibitors:exhibitor_meetings", args=[world.exhibitor.pk]),
        reverse("exhibitors:exhibitor_meeting", args=[world.exhibitor.pk, meeting.pk]),
        reverse("exhibitors:exhibitor_meeting", args=[world.other_exhibitor.pk, meeting.pk]),
        reverse("exhibitors:exhibitor_schedule", args=[world.exhibitor.pk]),
        reverse("exhibitors:exhibitor_schedule_ics", args=[world.exhibitor.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("exhibitors:exhibitor_meeting", args=[world.other_exhibitor.pk, meeting.pk]),
        {
            "action": "decline",
            "decline-action": "decline",
            "decline-version": "1",
            "decline-reason": "x",
        },
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


def test_exhibitor_accepts_with_defaults_filled(client, world):
    meeting = request(world, slot=world.slots[1])
    client.force_login(world.exhibitor.member)
    url = reverse("exhibitors:exhibitor_meeting", args=[world.exhibitor.pk, meeting.pk])
    page = client.get(url).content.decode()
    assert f'value="{world.slots[1].pk}" selected' in page
    assert f'value="{world.exhibitor.place.pk}" selected' in page
    response = client.post(
        url,
        {
            "action": "accept",
            "accept-action": "accept",
            "accept-version": "1",
            "accept-slot": str(world.slots[1].pk),
            "accept-place": str(world.tables[0].pk),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.slot, meeting.place) == (
        MeetingStatus.ACCEPTED,
        world.slots[1],
        world.tables[0],
    )


def test_exhibitor_declines_without_reason_is_told_beside_the_field(client, world):
    meeting = request(world)
    client.force_login(world.exhibitor.member)
    url = reverse("exhibitors:exhibitor_meeting", args=[world.exhibitor.pk, meeting.pk])
    response = client.post(
        url, {"action": "decline", "decline-action": "decline", "decline-version": "1"}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "decline",
            "decline-action": "decline",
            "decline-version": "1",
            "decline-reason": "Not our market",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECLINED


def test_exhibitor_proposes_from_a_stale_tab(client, world):
    meeting = request(world)
    client.force_login(world.exhibitor.member)
    url = reverse("exhibitors:exhibitor_meeting", args=[world.exhibitor.pk, meeting.pk])
    meetings.meeting_cancel(meeting=meeting, by=world.buyer.user, version=1)
    response = client.post(
        url,
        {
            "action": "propose",
            "propose-action": "propose",
            "propose-version": "1",
            "propose-slot": str(world.slots[2].pk),
        },
    )
    assert response.status_code == 200
    assert "changed elsewhere" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_exhibitor_schedule_and_ics(client, world, django_assert_max_num_queries):
    book(world, buyer=world.buyer, slot=world.slots[0])
    book(world, buyer=world.other_buyer, slot=world.slots[1])
    client.force_login(world.exhibitor.member)
    with django_assert_max_num_queries(8):
        page = client.get(
            reverse("exhibitors:exhibitor_schedule", args=[world.exhibitor.pk])
        ).content.decode()
    assert page.count("data-meeting=") == 2
    response = client.get(reverse("exhibitors:exhibitor_schedule_ics", args=[world.exhibitor.pk]))
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 2


def test_the_confirmed_application_page_leads_to_the_inbox(client):
    pavilion = started_pavilion(days_ago=-20)
    exhibitor = confirmed_exhibitor(pavilion)
    application = exhibitor.company.applications.get()
    client.force_login(member_of(exhibitor.company))
    page = client.get(reverse("exhibitors:application", args=[application.pk])).content.decode()
    link = reverse("exhibitors:application_meetings", args=[application.pk])
    assert link in page
    assert client.get(link).url == reverse("exhibitors:exhibitor_meetings", args=[exhibitor.pk])


def test_a_submitted_application_has_no_meetings_link(client, world):
    application = ApplicationFactory(pavilion=world.pavilion, company=world.exhibitor.company)
    client.force_login(world.exhibitor.member)
    page = client.get(reverse("exhibitors:application", args=[application.pk])).content.decode()
    assert reverse("exhibitors:application_meetings", args=[application.pk]) not in page

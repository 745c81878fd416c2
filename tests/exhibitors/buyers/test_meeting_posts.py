"""The two bursts of the meetings (issue 17): a buyer's request and an exhibitor's accept are
cheap, the accept holds the pavilion's lock for the few queries its rules need, and neither
renders a mail inside its transaction. A refused POST shows the same page as before: every
open slot and place offered, the reason beside the form."""

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from exhibitors.buyers import meetings
from exhibitors.buyers.models import Meeting, MeetingStatus
from tests.exhibitors.buyers.meeting_factories import meeting_world

pytestmark = pytest.mark.django_db

#: The request POST: (the session from the cache, portal.auth_cache) user, buyer, the exhibitor with its catalogue, settings and
#: entry, the open request, the transaction (begin, meeting, history, commit: savepoints in
#: a test's transaction); then, after the commit, the mails (the company's recipients and the
#: two queued mails). (Issue 17: 24 in all before, 11 now.)
REQUEST_QUERIES = 8
#: A request naming a slot: the slot, and the booking rules (taken, the day's counts).
NAMED_SLOT_QUERIES = 3
#: The accept POST (28 before; the session and the user from the cache).
ACCEPT_QUERIES = 15
#: Under the pavilion's lock: the lock, the meeting, the slot's bookings, the day's counts, the
#: savepoint, the meeting, its history, the release (14 before).
UNDER_THE_LOCK = 8


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def world():
    return meeting_world()


def request_url(world):
    return reverse("exhibitors:meeting_request", args=[world.exhibitor.pk])


@pytest.mark.parametrize("named", [False, True])
def test_a_request_post_takes_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks, named
):
    client.force_login(world.buyer.user)
    slot = str(world.slots[1].pk) if named else ""
    expected = REQUEST_QUERIES + (NAMED_SLOT_QUERIES if named else 0)
    with (
        django_capture_on_commit_callbacks(execute=True),
        django_assert_num_queries(expected),
    ):
        response = client.post(request_url(world), {"slot": slot, "reason": "Parking sensors"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(buyer=world.buyer, exhibitor=world.exhibitor)
    assert meeting.requested_slot_id == (world.slots[1].pk if named else None)


def test_a_request_refused_by_the_form_shows_every_open_slot(client, world):
    """The POST is checked against the one slot it names; the page shown again offers them
    all, with the form's reason."""
    client.force_login(world.buyer.user)
    other = meetings.meeting_request(
        buyer=world.other_buyer,
        exhibitor=world.exhibitor,
        slot=world.slots[0],
        reason="x",
        by=world.other_buyer.user,
    )
    meetings.meeting_accept(meeting=other, by=world.exhibitor.member, version=other.version)

    response = client.post(
        request_url(world), {"slot": str(world.slots[0].pk), "reason": "Parking sensors"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in page
    assert page.count("<option") == 1 + len(world.slots) - 1  # any time, every free slot
    assert not Meeting.objects.filter(buyer=world.buyer).exists()


def test_a_request_refused_by_the_service_says_why_beside_the_form(client, world):
    client.force_login(world.buyer.user)
    meetings.meeting_request(
        buyer=world.buyer,
        exhibitor=world.other_exhibitor,
        slot=world.slots[2],
        reason="x",
        by=world.buyer.user,
    )
    taken = meetings.meeting_request(
        buyer=world.buyer, exhibitor=world.exhibitor, slot=None, reason="x", by=world.buyer.user
    )
    meetings.meeting_cancel(meeting=taken, by=world.buyer.user, version=taken.version)
    # The buyer is booked at 11:00 with the other exhibitor.
    booked = Meeting.objects.get(buyer=world.buyer, exhibitor=world.other_exhibitor)
    meetings.meeting_accept(meeting=booked, by=world.other_exhibitor.member, version=booked.version)

    response = client.post(
        request_url(world), {"slot": str(world.slots[2].pk), "reason": "Parking sensors"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The buyer already has a meeting at this time." in page
    assert page.count("<option") == 1 + len(world.slots)


def test_a_request_to_a_closed_pavilion_lists_the_reason_instead_of_the_form(client, world):
    world.settings.requests_open = False
    world.settings.save()
    client.force_login(world.buyer.user)
    response = client.post(request_url(world), {"slot": "", "reason": "Parking sensors"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This pavilion does not take meeting requests at the moment." in page
    assert "Send the request" not in page
    assert not Meeting.objects.filter(buyer=world.buyer).exists()


def accept_post(world, meeting, slot, place):
    return {
        "action": "accept",
        "accept-action": "accept",
        "accept-version": str(meeting.version),
        "accept-slot": str(slot.pk),
        "accept-place": str(place.pk),
    }


def test_an_accept_post_holds_the_pavilion_lock_for_few_queries(
    client, world, django_assert_num_queries
):
    meeting = meetings.meeting_request(
        buyer=world.buyer, exhibitor=world.exhibitor, slot=None, reason="x", by=world.buyer.user
    )
    client.force_login(world.exhibitor.member)
    url = reverse("exhibitors:exhibitor_meeting", args=[world.exhibitor.pk, meeting.pk])
    with django_assert_num_queries(ACCEPT_QUERIES) as queries:
        response = client.post(url, accept_post(world, meeting, world.slots[3], world.tables[0]))
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.ACCEPTED
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if q.startswith('SELECT "events_pavilion"'))
    released = next(i for i, q in enumerate(sql) if i > lock and q.startswith("RELEASE SAVEPOINT"))
    assert released - lock + 1 == UNDER_THE_LOCK


def test_an_accept_refused_by_the_form_shows_every_choice(client, world):
    meeting = meetings.meeting_request(
        buyer=world.buyer, exhibitor=world.exhibitor, slot=None, reason="x", by=world.buyer.user
    )
    client.force_login(world.exhibitor.member)
    url = reverse("exhibitors:exhibitor_meeting", args=[world.exhibitor.pk, meeting.pk])
    other_booth = world.other_exhibitor.place  # not this exhibitor's place
    response = client.post(url, accept_post(world, meeting, world.slots[3], other_booth))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in page
    for place in (world.exhibitor.place, *world.tables):
        assert f">{place.label}</option>" in page
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


@pytest.mark.parametrize("move", ["request", "accept"])
def test_no_mail_is_rendered_inside_the_moves_transaction(
    world, django_capture_on_commit_callbacks, move
):
    """Rendering two mails and their calendar files held the move's locks (an accept's: the
    pavilion's) for nothing: they are rendered once it commits."""
    meeting = None
    if move == "accept":
        meeting = meetings.meeting_request(
            buyer=world.buyer,
            exhibitor=world.exhibitor,
            slot=world.slots[0],
            reason="x",
            by=world.buyer.user,
        )
    rendered = []

    def note(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            if move == "request":
                meetings.meeting_request(
                    buyer=world.buyer,
                    exhibitor=world.exhibitor,
                    slot=None,
                    reason="x",
                    by=world.buyer.user,
                )
            else:
                meetings.meeting_accept(
                    meeting=meeting, by=world.exhibitor.member, version=meeting.version
                )
        assert rendered == []
        with django_capture_on_commit_callbacks(execute=True):
            for callback in callbacks:
                callback()
    finally:
        template_rendered.disconnect(note)
    assert any(name.startswith("emails/meeting_changed") for name in rendered)

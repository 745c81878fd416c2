"""The meeting rules: who may request, answer and cancel; the limits per day; no double
booking; stale pages; expiry."""

import datetime

import pytest
from django.utils import timezone

from exhibitors.buyers import meetings
from exhibitors.buyers.meetings import MeetingRefused, MeetingStale
from exhibitors.buyers.models import BuyerStatus, Meeting, MeetingStatus
from tests.exhibitors.buyers.meeting_factories import approved_buyer, meeting_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return meeting_world()


def request(world, *, buyer=None, exhibitor=None, slot=None, now=None):
    buyer = buyer or world.buyer
    return meetings.meeting_request(
        buyer=buyer,
        exhibitor=exhibitor or world.exhibitor,
        slot=slot,
        reason="We distribute mobility sensors in Poland.",
        by=buyer.user,
        now=now,
    )


def accept(meeting, *, by, slot=None, place=None, now=None):
    return meetings.meeting_accept(
        meeting=meeting, slot=slot, place=place, by=by, version=meeting.version, now=now
    )


def booked(world, *, buyer, slot, place=None, exhibitor=None):
    exhibitor = exhibitor or world.exhibitor
    meeting = request(world, buyer=buyer, exhibitor=exhibitor, slot=slot)
    return meetings.meeting_accept(
        meeting=meeting, slot=slot, place=place, by=exhibitor.member, version=meeting.version
    )


# --- Requests -------------------------------------------------------------------------------


def test_request_records_an_open_request_that_expires_after_the_pavilions_days(world):
    meeting = request(world, slot=world.slots[0], now=world.now)

    assert meeting.status == MeetingStatus.REQUESTED
    assert meeting.requested_slot == world.slots[0]
    assert meeting.slot is None
    assert meeting.expires_at == world.now + datetime.timedelta(days=3)
    assert meeting.requested_by == world.buyer.user
    assert meeting.version == 1
    assert meeting.history.count() == 1


def test_request_for_any_slot(world):
    meeting = request(world)
    assert meeting.requested_slot is None


def test_a_buyer_waiting_for_approval_cannot_request(world):
    world.buyer.status = BuyerStatus.PENDING
    world.buyer.save()
    with pytest.raises(MeetingRefused, match="not been approved"):
        request(world)


def test_no_request_while_the_pavilion_takes_none(world):
    world.settings.requests_open = False
    world.settings.save()
    with pytest.raises(MeetingRefused, match="does not take meeting requests"):
        request(world)


def test_no_request_before_the_catalogue_is_published(world):
    world.pavilion.catalogue.published_at = timezone.now() + datetime.timedelta(days=1)
    world.pavilion.catalogue.save()
    with pytest.raises(MeetingRefused, match="catalogue is not published"):
        request(world)


def test_one_open_request_per_buyer_and_exhibitor(world):
    request(world)
    with pytest.raises(MeetingRefused, match="already have an open request"):
        request(world)
    request(world, exhibitor=world.other_exhibitor)  # another exhibitor is fine


def test_a_request_needs_a_reason(world):
    with pytest.raises(MeetingRefused) as refused:
        meetings.meeting_request(
            buyer=world.buyer,
            exhibitor=world.exhibitor,
            slot=None,
            reason="  ",
            by=world.buyer.user,
        )
    assert "reason" in refused.value.errors


def test_nobody_requests_for_another_buyer(world):
    with pytest.raises(MeetingRefused):
        meetings.meeting_request(
            buyer=world.buyer,
            exhibitor=world.exhibitor,
            slot=None,
            reason="x",
            by=world.other_buyer.user,
        )


def test_a_slot_already_begun_is_refused(world):
    later = world.slots[0].starts_at + datetime.timedelta(minutes=1)
    with pytest.raises(MeetingRefused, match="already begun"):
        request(world, slot=world.slots[0], now=later)


# --- Answers --------------------------------------------------------------------------------


def test_the_exhibitor_accepts_at_its_booth_by_default(world):
    meeting = request(world, slot=world.slots[1])
    meeting = accept(meeting, by=world.exhibitor.member)

    assert meeting.status == MeetingStatus.ACCEPTED
    assert meeting.slot == world.slots[1]
    assert meeting.place == world.exhibitor.place
    assert meeting.version == 2
    assert meeting.changed_by == world.exhibitor.member
    assert meeting.expires_at is None


def test_accepting_any_slot_needs_a_slot(world):
    meeting = request(world)
    with pytest.raises(MeetingRefused, match="Choose a time"):
        accept(meeting, by=world.exhibitor.member)
    accept(meeting, by=world.exhibitor.member, slot=world.slots[2], place=world.tables[0])
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.place) == (world.slots[2], world.tables[0])


def test_an_exhibitor_without_a_booth_place_meets_at_a_free_lounge_table(world):
    world.exhibitor.place.delete()
    booked(
        world,
        buyer=world.other_buyer,
        exhibitor=world.other_exhibitor,
        slot=world.slots[0],
        place=world.tables[0],
    )
    meeting = request(world, slot=world.slots[0])
    assert accept(meeting, by=world.exhibitor.member).place == world.tables[1]


def test_the_exhibitor_busy_in_the_slot_and_another_exhibitors_booth_are_refused(world):
    booked(world, buyer=world.other_buyer, slot=world.slots[0])
    meeting = request(world)
    with pytest.raises(MeetingRefused, match="exhibitor already has a meeting"):
        accept(meeting, by=world.exhibitor.member, slot=world.slots[0])
    with pytest.raises(MeetingRefused, match="another exhibitor's"):
        accept(
            meeting,
            by=world.exhibitor.member,
            slot=world.slots[1],
            place=world.other_exhibitor.place,
        )


def test_a_lounge_table_is_never_booked_twice_in_a_slot(world):
    booked(world, buyer=world.buyer, slot=world.slots[0], place=world.tables[0])
    with pytest.raises(MeetingRefused, match="place is already taken"):
        booked(
            world,
            buyer=world.other_buyer,
            exhibitor=world.other_exhibitor,
            slot=world.slots[0],
            place=world.tables[0],
        )
    assert Meeting.objects.filter(status=MeetingStatus.ACCEPTED).count() == 1


def test_a_buyer_is_never_booked_twice_in_a_slot(world):
    booked(world, buyer=world.buyer, slot=world.slots[0])
    with pytest.raises(MeetingRefused, match="buyer already has a meeting"):
        booked(world, buyer=world.buyer, exhibitor=world.other_exhibitor, slot=world.slots[0])


def test_limit_per_buyer_per_day_counts_the_days_in_the_expos_time_zone(world):
    world.settings.max_per_buyer_per_day = 1
    world.settings.save()
    booked(world, buyer=world.buyer, slot=world.slots[0])
    with pytest.raises(MeetingRefused, match="buyer already has 1 meetings that day"):
        booked(world, buyer=world.buyer, exhibitor=world.other_exhibitor, slot=world.slots[1])
    # The next day in Barcelona is another day.
    booked(world, buyer=world.buyer, exhibitor=world.other_exhibitor, slot=world.slots[3])


def test_limit_per_exhibitor_per_day(world):
    world.settings.max_per_exhibitor_per_day = 1
    world.settings.save()
    booked(world, buyer=world.buyer, slot=world.slots[0])
    with pytest.raises(MeetingRefused, match="exhibitor already has 1 meetings that day"):
        booked(world, buyer=world.other_buyer, slot=world.slots[1])


def test_a_stale_page_is_refused_and_changes_nothing(world):
    meeting = request(world)
    stale_version = meeting.version
    meetings.meeting_propose(
        meeting=meeting, slot=world.slots[1], by=world.exhibitor.member, version=stale_version
    )
    with pytest.raises(MeetingStale, match="changed elsewhere"):
        meetings.meeting_decline(
            meeting=meeting, reason="Busy", by=world.exhibitor.member, version=stale_version
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PROPOSED


def test_decline_needs_a_reason_from_the_exhibitor(world):
    meeting = request(world)
    with pytest.raises(MeetingRefused) as refused:
        meetings.meeting_decline(
            meeting=meeting, reason="", by=world.exhibitor.member, version=meeting.version
        )
    assert "reason" in refused.value.errors
    meeting = meetings.meeting_decline(
        meeting=meeting, reason="Not our market", by=world.exhibitor.member, version=1
    )
    assert (meeting.status, meeting.answer) == (MeetingStatus.DECLINED, "Not our market")


def test_the_buyer_cannot_answer_its_own_request(world):
    meeting = request(world, slot=world.slots[0])
    with pytest.raises(MeetingRefused):
        accept(meeting, by=world.buyer.user)


def test_another_company_cannot_touch_the_meeting(world):
    meeting = request(world, slot=world.slots[0])
    with pytest.raises(MeetingRefused, match="may not"):
        accept(meeting, by=world.other_exhibitor.member)
    with pytest.raises(MeetingRefused, match="may not"):
        meetings.meeting_cancel(meeting=meeting, by=world.other_buyer.user, version=1)
    with pytest.raises(MeetingRefused, match="may not"):
        meetings.meeting_cancel(meeting=meeting, by=UserFactory(), version=1)


def test_proposal_then_the_buyer_accepts_with_a_place_chosen(world):
    meeting = request(world, slot=world.slots[0])
    meeting = meetings.meeting_propose(
        meeting=meeting, slot=world.slots[2], by=world.exhibitor.member, version=1
    )
    assert meeting.status == MeetingStatus.PROPOSED
    steps = meetings.meeting_next_steps(meeting, side=meetings.BUYER)
    assert steps.can_answer_proposal and not steps.can_answer
    # The exhibitor waits now; it cannot accept its own proposal.
    with pytest.raises(MeetingRefused):
        accept(meeting, by=world.exhibitor.member)
    meeting = accept(meeting, by=world.buyer.user)
    assert meeting.status == MeetingStatus.ACCEPTED
    assert (meeting.slot, meeting.place) == (world.slots[2], world.exhibitor.place)


def test_proposal_declined_by_the_buyer(world):
    meeting = request(world)
    meeting = meetings.meeting_propose(
        meeting=meeting, slot=world.slots[2], by=world.exhibitor.member, version=1
    )
    meeting = meetings.meeting_decline(meeting=meeting, reason="", by=world.buyer.user, version=2)
    assert meeting.status == MeetingStatus.DECLINED


def test_both_sides_may_cancel_a_meeting_still_to_come(world):
    meeting = booked(world, buyer=world.buyer, slot=world.slots[0])
    meeting = meetings.meeting_cancel(
        meeting=meeting, by=world.buyer.user, reason="Flight", version=meeting.version
    )
    assert meeting.status == MeetingStatus.CANCELLED
    # The slot is free again.
    booked(world, buyer=world.other_buyer, slot=world.slots[0])
    other = Meeting.objects.get(buyer=world.other_buyer)
    after = world.slots[0].starts_at + datetime.timedelta(minutes=5)
    with pytest.raises(MeetingRefused, match="can no longer be cancelled"):
        meetings.meeting_cancel(
            meeting=other, by=world.exhibitor.member, version=other.version, now=after
        )


def test_staff_schedule_directly_with_the_same_checks(world):
    staff = UserFactory(is_staff=True)
    meeting = meetings.meeting_schedule(
        buyer=world.buyer, exhibitor=world.exhibitor, slot=world.slots[0], place=None, by=staff
    )
    assert meeting.status == MeetingStatus.ACCEPTED
    assert meeting.requested_by == staff
    with pytest.raises(MeetingRefused, match="already has a meeting"):
        meetings.meeting_schedule(
            buyer=world.buyer, exhibitor=world.exhibitor, slot=world.slots[0], place=None, by=staff
        )
    with pytest.raises(MeetingRefused):
        meetings.meeting_schedule(
            buyer=world.other_buyer,
            exhibitor=world.exhibitor,
            slot=world.slots[1],
            place=None,
            by=world.exhibitor.member,
        )
    pending = approved_buyer()
    pending.status = BuyerStatus.PENDING
    pending.save()
    with pytest.raises(MeetingRefused, match="not been approved"):
        meetings.meeting_schedule(
            buyer=pending, exhibitor=world.exhibitor, slot=world.slots[1], place=None, by=staff
        )


def test_staff_may_answer_for_the_exhibitor(world):
    staff = UserFactory(is_staff=True)
    meeting = request(world, slot=world.slots[0])
    assert accept(meeting, by=staff).status == MeetingStatus.ACCEPTED


# --- Expiry ---------------------------------------------------------------------------------


def test_unanswered_requests_expire(world):
    now = world.now
    old = request(world, now=now)
    fresh = request(world, exhibitor=world.other_exhibitor, now=now + datetime.timedelta(days=2))

    assert meetings.meetings_expire(now=now + datetime.timedelta(days=3)) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == MeetingStatus.EXPIRED
    assert fresh.status == MeetingStatus.REQUESTED
    # An expired request can no longer be answered, and a new one may be made.
    with pytest.raises(MeetingRefused):
        accept(old, by=world.exhibitor.member, slot=world.slots[0])
    request(world)
    assert meetings.meetings_expire(now=now + datetime.timedelta(days=3)) == 0


def test_a_request_past_its_expiry_cannot_be_answered_even_before_the_run(world):
    meeting = request(world, now=world.now)
    later = world.now + datetime.timedelta(days=4)
    with pytest.raises(MeetingRefused, match="can no longer be answered"):
        accept(meeting, by=world.exhibitor.member, slot=world.slots[0], now=later)


# --- Reads ----------------------------------------------------------------------------------


def test_free_places_for_an_exhibitor_are_its_booth_then_the_lounge(world):
    places = meetings.free_places(world.slots[0], exhibitor=world.exhibitor)
    assert places == [world.exhibitor.place, *world.tables]
    booked(world, buyer=world.buyer, slot=world.slots[0], place=world.tables[0])
    assert meetings.free_places(world.slots[0], exhibitor=world.other_exhibitor) == [
        world.other_exhibitor.place,
        world.tables[1],
    ]


def test_schedule_groups_by_the_expos_days(world):
    booked(world, buyer=world.buyer, slot=world.slots[3])
    booked(world, buyer=world.buyer, slot=world.slots[0], exhibitor=world.other_exhibitor)
    days = meetings.buyer_schedule(world.buyer)
    assert [d.day for d in days] == [
        world.pavilion.event.starts_on,
        world.pavilion.event.starts_on + datetime.timedelta(days=1),
    ]
    assert days[0].meetings[0].local_starts.hour == 10


def test_open_slots_leave_out_the_exhibitors_booked_ones(world):
    booked(world, buyer=world.buyer, slot=world.slots[0])
    days = meetings.open_slots(world.pavilion, exhibitor=world.exhibitor)
    assert [s.pk for d in days for s in d.slots] == [s.pk for s in world.slots[1:]]

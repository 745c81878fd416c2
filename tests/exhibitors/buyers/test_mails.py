"""The meetings' mails: both sides, after the commit, each in its language, with an .ics
file that calendars read (the slot's time in UTC; REQUEST while booked, CANCEL after)."""

import datetime

import icalendar
import pytest
from django.core import mail

from exhibitors.buyers import meetings
from tests.exhibitors.buyers.meeting_factories import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return meeting_world()


def ics_of(message):
    (name, content, mimetype), *_ = message.attachments
    assert name == "meeting.ics"
    return mimetype, icalendar.Calendar.from_ical(content)


def test_nothing_is_sent_before_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meetings.meeting_request(
            buyer=world.buyer, exhibitor=world.exhibitor, slot=None, reason="x", by=world.buyer.user
        )
    assert mail.outbox == []
    # The mails are written after the commit too (not inside the move's transaction), then
    # queued: one per side.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == 2


def test_a_request_mails_both_sides_in_their_language(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_request(
            buyer=world.buyer,
            exhibitor=world.exhibitor,
            slot=world.slots[0],
            reason="Parking sensors",
            by=world.buyer.user,
        )
    to_buyer, to_exhibitor = sorted(mail.outbox, key=lambda m: m.to != [world.buyer.user.email])
    assert to_buyer.to == [world.buyer.user.email]
    assert "Your meeting request" in to_buyer.subject
    assert to_exhibitor.to == [world.exhibitor.member.email]
    # The company writes in Korean (its preferred language).
    assert "미팅" in to_exhibitor.subject
    # The expo's time, named by its city and the zone's abbreviation there.
    assert "10:00" in to_buyer.body
    assert "(Barcelona time, CET)" in to_buyer.body or "(Barcelona time, CEST)" in to_buyer.body
    assert "바르셀로나 현지 시간" in to_exhibitor.body
    assert not to_buyer.attachments  # nothing booked yet


def test_acceptance_sends_a_calendar_request_in_utc(world, django_capture_on_commit_callbacks):
    meeting = meetings.meeting_request(
        buyer=world.buyer,
        exhibitor=world.exhibitor,
        slot=world.slots[0],
        reason="Parking sensors",
        by=world.buyer.user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meetings.meeting_accept(
            meeting=meeting, by=world.exhibitor.member, version=meeting.version
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        mimetype, calendar = ics_of(message)
        assert "method=REQUEST" in mimetype
        assert calendar["method"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        start = event.decoded("dtstart")
        assert start.utcoffset() == datetime.timedelta(0)
        assert start == world.slots[0].starts_at  # 10:00 in Madrid
        assert event["location"] == "Booth A1"
        assert event["status"] == "CONFIRMED"
    uids = {str(ics_of(m)[1].walk("VEVENT")[0]["uid"]) for m in mail.outbox}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_cancel(
            meeting=meeting, by=world.buyer.user, reason="Flight", version=meeting.version
        )
    for message in mail.outbox:
        mimetype, calendar = ics_of(message)
        assert calendar["method"] == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        assert event["status"] == "CANCELLED"
        assert str(event["uid"]) in uids  # the same event, withdrawn
        assert "Flight" in message.body


def test_a_declined_request_for_any_time_has_no_calendar_file(
    world, django_capture_on_commit_callbacks
):
    meeting = meetings.meeting_request(
        buyer=world.buyer, exhibitor=world.exhibitor, slot=None, reason="x", by=world.buyer.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_decline(
            meeting=meeting, reason="Not our market", by=world.exhibitor.member, version=1
        )
    assert len(mail.outbox) == 2
    assert all(not m.attachments for m in mail.outbox)
    assert any("Not our market" in m.body for m in mail.outbox)

"""The day before: each buyer and each exhibitor gets the next day's schedule once; the same
run expires the requests nobody answered. The clock is moved, as the daily run sees it."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from exhibitors.buyers import meetings
from exhibitors.buyers.models import MeetingStatus
from tests.exhibitors.buyers.meeting_factories import MADRID, meeting_world

pytestmark = pytest.mark.django_db


def run(at):
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_the_day_before_each_side_gets_its_schedule_once(django_capture_on_commit_callbacks):
    world = meeting_world()
    for buyer, slot in ((world.buyer, world.slots[0]), (world.other_buyer, world.slots[1])):
        meeting = meetings.meeting_request(
            buyer=buyer, exhibitor=world.exhibitor, slot=slot, reason="Sensors", by=buyer.user
        )
        meetings.meeting_accept(meeting=meeting, by=world.exhibitor.member, version=1)
    # The second day's meeting is not tomorrow's yet.
    meeting = meetings.meeting_request(
        buyer=world.buyer,
        exhibitor=world.other_exhibitor,
        slot=world.slots[3],
        reason="x",
        by=world.buyer.user,
    )
    meetings.meeting_accept(meeting=meeting, by=world.other_exhibitor.member, version=1)
    mail.outbox.clear()

    first_day = world.pavilion.event.starts_on
    # Two days before: nothing yet.
    two_days_before = datetime.datetime.combine(
        first_day - datetime.timedelta(days=2), datetime.time(9), MADRID
    )
    with django_capture_on_commit_callbacks(execute=True):
        run(two_days_before)
    assert mail.outbox == []

    # The evening before, in Barcelona: the exhibitor's two meetings in one mail, each buyer's.
    evening_before = datetime.datetime.combine(
        first_day - datetime.timedelta(days=1), datetime.time(20), MADRID
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = run(evening_before)
    assert "3 schedules of tomorrow's meetings" in output
    by_address = {tuple(m.to): m for m in mail.outbox}
    to_exhibitor = by_address[(world.exhibitor.member.email,)]
    assert "10:00–10:30" in to_exhibitor.body and "10:30–11:00" in to_exhibitor.body
    assert "미팅 2건" in to_exhibitor.subject  # the company reads Korean
    to_buyer = by_address[(world.buyer.user.email,)]
    assert "Tomorrow" in to_buyer.subject and "10:00–10:30" in to_buyer.body
    assert "(Barcelona time):" in to_buyer.body
    assert len(mail.outbox) == 3

    # Once: a second run the same evening sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(evening_before + datetime.timedelta(hours=1))
    assert mail.outbox == []


def test_the_same_run_expires_unanswered_requests(django_capture_on_commit_callbacks):
    world = meeting_world()
    meeting = meetings.meeting_request(
        buyer=world.buyer,
        exhibitor=world.exhibitor,
        slot=None,
        reason="x",
        by=world.buyer.user,
        now=world.now,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        output = run(world.now + datetime.timedelta(days=2))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED
    assert "0 meeting requests expired" in output

    with django_capture_on_commit_callbacks(execute=True):
        output = run(world.now + datetime.timedelta(days=3, minutes=1))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.EXPIRED
    assert "1 meeting request expired" in output
    assert sorted(tuple(m.to) for m in mail.outbox) == sorted(
        [(world.buyer.user.email,), (world.exhibitor.member.email,)]
    )
    assert all("expired" in m.body or "만료" in m.body for m in mail.outbox)


def test_a_dry_run_changes_nothing():
    world = meeting_world()
    meeting = meetings.meeting_request(
        buyer=world.buyer,
        exhibitor=world.exhibitor,
        slot=None,
        reason="x",
        by=world.buyer.user,
        now=world.now,
    )
    out = io.StringIO()
    with time_machine.travel(world.now + datetime.timedelta(days=4), tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED
    assert "1 meeting request expired" in out.getvalue()

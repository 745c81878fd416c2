"""Two buyers take the same exhibitor's slot at the same moment, two exhibitors the same
lounge table: exactly one meeting is booked, the other side is refused with the reason in its
language.

Real transactions in real threads, on PostgreSQL, where ``select_for_update`` locks (on SQLite
it does nothing, and the test transaction of an ordinary test would hide the race)."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from exhibitors.buyers import meetings
from exhibitors.buyers.models import Meeting, MeetingStatus
from tests.exhibitors.buyers.meeting_factories import meeting_world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) only hold on PostgreSQL; "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3


def race(calls, *, language="ko"):
    """Run the ``calls`` in threads released together by a barrier, each on its own
    connection and in ``language``; returns ``(succeeded, refusals)``: the indexes of the calls
    that returned, and the messages of those refused (anything else fails the test)."""
    barrier = threading.Barrier(len(calls))
    succeeded, refusals, unexpected = [], [], []

    def run(index, call):
        try:
            connection.ensure_connection()
            with translation.override(language):
                barrier.wait(timeout=120)
                call()
            succeeded.append(index)
        except meetings.MeetingRefused as refused:
            refusals.append(refused.message)
        except BaseException as error:  # reported in the main thread
            unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not unexpected, unexpected
    assert not any(thread.is_alive() for thread in threads)
    return succeeded, refusals


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_buyers_taking_the_same_exhibitor_slot_at_once(round_):
    world = meeting_world()
    slot = world.slots[0]
    proposals = []
    for buyer in (world.buyer, world.other_buyer):
        meeting = meetings.meeting_request(
            buyer=buyer, exhibitor=world.exhibitor, slot=None, reason="Sensors", by=buyer.user
        )
        # The exhibitor proposes the same free slot to both buyers …
        proposals.append(
            meetings.meeting_propose(
                meeting=meeting, slot=slot, by=world.exhibitor.member, version=meeting.version
            )
        )

    # … who both accept it at the same moment.
    succeeded, refusals = race(
        [
            lambda m=meeting: meetings.meeting_accept(meeting=m, by=m.buyer.user, version=m.version)
            for meeting in proposals
        ]
    )

    assert len(succeeded) == 1
    assert refusals == ["참가기업은 이 시간에 이미 미팅이 있습니다."]
    booked = Meeting.objects.filter(slot=slot, status=MeetingStatus.ACCEPTED)
    assert list(booked.values_list("pk", flat=True)) == [proposals[succeeded[0]].pk]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_exhibitors_booking_the_same_lounge_table_at_once(round_):
    world = meeting_world()
    slot, table = world.slots[1], world.tables[0]
    requests = [
        meetings.meeting_request(
            buyer=buyer, exhibitor=exhibitor, slot=slot, reason="Sensors", by=buyer.user
        )
        for buyer, exhibitor in (
            (world.buyer, world.exhibitor),
            (world.other_buyer, world.other_exhibitor),
        )
    ]

    succeeded, refusals = race(
        [
            lambda m=meeting: meetings.meeting_accept(
                meeting=m, slot=slot, place=table, by=m.exhibitor.member, version=m.version
            )
            for meeting in requests
        ],
        language="en",
    )

    assert len(succeeded) == 1
    assert refusals == ["This place is already taken at this time."]
    assert (
        Meeting.objects.filter(place=table, slot=slot, status=MeetingStatus.ACCEPTED).count() == 1
    )


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_same_request_sent_twice_at_once_makes_one(round_):
    """A request takes no lock (it books nothing): two tabs asking the same exhibitor at the
    same moment meet the database's one-open-request constraint; one request, one refusal."""
    world = meeting_world()
    buyer = world.buyer
    succeeded, refusals = race(
        [
            lambda: meetings.meeting_request(
                buyer=buyer, exhibitor=world.exhibitor, slot=None, reason="Parking", by=buyer.user
            )
            for _ in range(2)
        ]
    )
    assert len(succeeded) == 1
    assert refusals == ["이 참가기업에 대한 답변 대기 중인 요청이 이미 있습니다."]
    assert Meeting.objects.filter(buyer=buyer, exhibitor=world.exhibitor).count() == 1


def test_a_request_does_not_wait_for_the_pavilion_lock():
    """A request books nothing and takes no lock; the meeting row it writes names the
    pavilion, whose key PostgreSQL checks at the commit (``FOR KEY SHARE``). The pavilion lock
    (held here as an accept or a release holds it) is ``FOR NO KEY UPDATE``, which lets that
    check through: with ``FOR UPDATE`` every request waited for it."""
    from django.db import transaction

    from events.locks import pavilion_lock

    world = meeting_world()
    held, done = threading.Event(), threading.Event()
    errors = []

    def hold():
        try:
            with transaction.atomic():
                pavilion_lock(world.pavilion.pk)
                held.set()
                done.wait(timeout=60)
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        meetings.meeting_request(
            buyer=world.buyer,
            exhibitor=world.exhibitor,
            slot=None,
            reason="Parking sensors",
            by=world.buyer.user,
        )
    finally:
        done.set()
        holder.join(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert not errors, errors
    assert Meeting.objects.filter(buyer=world.buyer, status=MeetingStatus.REQUESTED).exists()

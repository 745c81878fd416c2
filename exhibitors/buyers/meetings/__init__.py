"""Meetings between buyers and exhibitors: one service per move, and the only code that
changes a meeting's status; the reads the pages need beside them.

The moves: a buyer requests (a slot, or any slot, and a reason); the exhibitor accepts
(choosing the slot and the place), declines with a reason, or proposes another slot, which the
buyer then accepts or declines; either side cancels; staff schedule a meeting on someone's
behalf; unanswered requests expire. Staff may make any move either side may.

Every move that books a slot takes the pavilion lock (``events.locks.pavilion_lock``) and the
meeting's row, then checks again inside the transaction, so that two people taking the same
exhibitor, buyer or lounge table in a slot at the same moment wait for each other and the
second is refused; the database's partial unique constraints back that up (a rare
``IntegrityError`` becomes the same refusal). Every move bumps ``version`` (a page loaded
before another change is refused, :class:`MeetingStale`), records who and when, writes the
audit trail, and announces itself through :data:`meeting_changed` (``exhibitors.buyers.mails``
mails both sides after commit, with an ``.ics`` file).

The parts: :mod:`.changes` (the signal, its events, the refusals), :mod:`.steps` (who acts,
what may be done next), :mod:`.refusals` (the rules), :mod:`.booking` (what every move does),
:mod:`.moves` and :mod:`.reads`; every name is gathered here, so callers import this package.
"""

from exhibitors.buyers.meetings.booking import meeting_status_write
from exhibitors.buyers.meetings.changes import (
    ACCEPTED,
    CANCELLED,
    DECLINED,
    EVENTS,
    EXPIRED,
    PROPOSED,
    REQUESTED,
    SCHEDULED,
    MeetingRefused,
    MeetingStale,
    meeting_changed,
)
from exhibitors.buyers.meetings.moves import (
    meeting_accept,
    meeting_cancel,
    meeting_decline,
    meeting_propose,
    meeting_request,
    meeting_schedule,
    meetings_expire,
)
from exhibitors.buyers.meetings.reads import (
    ScheduleDay,
    SlotDay,
    buyer_meetings,
    buyer_schedule,
    exhibitor_meetings,
    exhibitor_places,
    exhibitor_schedule,
    free_places,
    meeting_calendar_item,
    meeting_mark_reminded,
    meetings_to_remind,
    open_slots,
)
from exhibitors.buyers.meetings.refusals import (
    RequestRules,
    meeting_booking_refusals,
    meeting_request_refusals,
    requestable_exhibitor,
)
from exhibitors.buyers.meetings.steps import (
    BUYER,
    EXHIBITOR,
    STAFF,
    MeetingSteps,
    meeting_next_steps,
    meeting_side,
)

__all__ = [
    "ACCEPTED",
    "BUYER",
    "CANCELLED",
    "DECLINED",
    "EVENTS",
    "EXHIBITOR",
    "EXPIRED",
    "MeetingRefused",
    "MeetingStale",
    "MeetingSteps",
    "PROPOSED",
    "REQUESTED",
    "RequestRules",
    "SCHEDULED",
    "STAFF",
    "ScheduleDay",
    "SlotDay",
    "buyer_meetings",
    "buyer_schedule",
    "exhibitor_meetings",
    "exhibitor_places",
    "exhibitor_schedule",
    "free_places",
    "meeting_accept",
    "meeting_booking_refusals",
    "meeting_status_write",
    "meeting_calendar_item",
    "meeting_cancel",
    "meeting_changed",
    "meeting_decline",
    "meeting_mark_reminded",
    "meeting_next_steps",
    "meeting_propose",
    "meeting_request",
    "meeting_request_refusals",
    "meeting_schedule",
    "meeting_side",
    "meetings_expire",
    "meetings_to_remind",
    "requestable_exhibitor",
    "open_slots",
]

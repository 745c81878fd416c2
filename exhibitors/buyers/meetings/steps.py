"""Who acts on a meeting (the buyer, the exhibitor or staff) and what each may do next."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from exhibitors.buyers.models import OPEN_STATUSES, Meeting, MeetingStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# --- Who acts -------------------------------------------------------------------------------

BUYER = "buyer"
EXHIBITOR = "exhibitor"
STAFF = "staff"


def meeting_side(meeting: Meeting, user: User) -> str | None:
    """Which side ``user`` is on for ``meeting``: the buyer, the exhibitor (a member of its
    company), staff, or None (nobody the meeting concerns)."""
    if user is None or not user.is_authenticated:
        return None
    if meeting.buyer.user_id == user.pk:
        return BUYER
    membership = getattr(user, "membership", None)
    if membership is not None and membership.company_id == meeting.exhibitor.company_id:
        return EXHIBITOR
    if user.is_staff:
        return STAFF
    return None


# --- What may be done next ------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSteps:
    """What one side may do next with a meeting, decided here so that a page shows a button
    only when the service behind it would accept (``meeting.next`` on the lists)."""

    #: The exhibitor answers a request: accept (choosing slot and place), decline, propose.
    can_answer: bool
    #: The buyer answers a proposed slot: accept it or decline.
    can_answer_proposal: bool
    can_cancel: bool
    #: Waiting for the other side.
    is_waiting: bool
    #: Booked and still to come.
    is_upcoming: bool
    #: Over: declined, cancelled, expired, held or no-show, or booked in the past.
    is_closed: bool


def meeting_next_steps(
    meeting: Meeting, *, side: str, now: datetime.datetime | None = None
) -> MeetingSteps:
    """The moves open to ``side`` (:data:`BUYER`, :data:`EXHIBITOR` or :data:`STAFF`) on
    ``meeting`` at ``now``."""
    now = now or timezone.now()
    status = meeting.status
    is_open = status in OPEN_STATUSES and (meeting.expires_at is None or meeting.expires_at > now)
    started = meeting.slot is not None and meeting.slot.starts_at <= now
    upcoming = status == MeetingStatus.ACCEPTED and not started
    exhibitor_turn = is_open and status == MeetingStatus.REQUESTED
    buyer_turn = is_open and status == MeetingStatus.PROPOSED and not started
    return MeetingSteps(
        can_answer=exhibitor_turn and side in (EXHIBITOR, STAFF),
        can_answer_proposal=buyer_turn and side in (BUYER, STAFF),
        can_cancel=(is_open or upcoming) and side in (BUYER, EXHIBITOR, STAFF),
        is_waiting=(exhibitor_turn and side == BUYER) or (buyer_turn and side == EXHIBITOR),
        is_upcoming=upcoming,
        is_closed=not is_open and not upcoming,
    )


def meeting_steps_change_at(
    meetings, *, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The first time after ``now`` when :func:`meeting_next_steps` may answer otherwise for
    one of ``meetings`` with nothing written (an open request expires, a booked slot starts),
    or None: how long a page showing their steps may be kept."""
    now = now or timezone.now()
    times = [
        moment
        for meeting in meetings
        for moment in (
            meeting.expires_at if meeting.status in OPEN_STATUSES else None,
            meeting.slot.starts_at if meeting.slot is not None else None,
        )
        if moment is not None and moment > now
    ]
    return min(times, default=None)

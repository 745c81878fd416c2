"""What every move announces and how a move is refused: the :data:`meeting_changed` signal,
its events, and the refusals."""

from __future__ import annotations

from django.dispatch import Signal

from portal.refusals import Refused

#: Sent inside the transaction of every move, with ``meeting`` (saved) and ``event`` (one of
#: the :data:`EVENTS`); the mails module listens and queues its mails for after the commit.
meeting_changed = Signal()

REQUESTED = "requested"
PROPOSED = "proposed"
ACCEPTED = "accepted"
SCHEDULED = "scheduled"
DECLINED = "declined"
CANCELLED = "cancelled"
EXPIRED = "expired"
EVENTS = (REQUESTED, PROPOSED, ACCEPTED, SCHEDULED, DECLINED, CANCELLED, EXPIRED)


class MeetingRefused(Refused):
    """A move the rules refuse; ``message`` says why, in the reader's language."""


class MeetingStale(MeetingRefused):
    """The page was loaded before another change of the same meeting."""

"""What every move does: the locks and the version check, who may move, booking a slot and a
place, and saving (the audit trail, the
:data:`~exhibitors.buyers.meetings.changes.meeting_changed` signal)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from exhibitors.buyers.meetings.changes import MeetingRefused, MeetingStale, meeting_changed
from exhibitors.buyers.meetings.reads import free_places
from exhibitors.buyers.meetings.refusals import _check, meeting_booking_refusals
from exhibitors.buyers.meetings.steps import STAFF, meeting_side
from exhibitors.buyers.models import (
    OPEN_STATUSES,
    Meeting,
    MeetingPlace,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from portal.audit import audit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _locked(meeting: Meeting, version: int | None) -> Meeting:
    """The pavilion lock, then the meeting's row, its version checked; read with what the
    rules look at under the lock (the exhibitor's pavilion is the meeting's, the pavilion's
    settings as ``locked.settings``), so that the lock is held for the few queries the rules
    need."""
    pavilion_lock(meeting.pavilion_id)
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "pavilion__event",
            "pavilion__meeting_settings",
            "buyer__user",
            "exhibitor__company",
            "slot",
            "place",
        )
        .get(pk=meeting.pk)
    )
    if locked.exhibitor.pavilion_id == locked.pavilion_id:
        locked.exhibitor.pavilion = locked.pavilion
    locked.settings = getattr(locked.pavilion, "meeting_settings", None)
    if version is not None and version != locked.version:
        raise MeetingStale(
            _(
                "This meeting was changed elsewhere (in another tab or by the other side) after "
                "you opened this page, so nothing was done. Here it is as it is now."
            )
        )
    return locked


def _allowed(meeting: Meeting, by: User, sides: tuple[str, ...]) -> str:
    side = meeting_side(meeting, by)
    if side is None or (side not in sides and side != STAFF):
        raise MeetingRefused(_("You may not do this with this meeting."))
    return side


def _auto_place(meeting: Meeting, slot: MeetingSlot) -> MeetingPlace:
    """The exhibitor's booth place if free in ``slot``, else a free lounge table."""
    places = free_places(slot, exhibitor=meeting.exhibitor, exclude=meeting)
    if not places:
        raise MeetingRefused(_("No meeting place is free at this time."))
    return places[0]


def _save(meeting: Meeting, *, by: User | None, now: datetime.datetime, event: str) -> Meeting:
    """Save a move: the version, who and when, the audit trail; a booking that the database
    refuses (someone else was faster) becomes the rules' refusal."""
    meeting.version += 1
    meeting.changed_at = now
    meeting.changed_by = by if by is not None and by.is_authenticated else None
    try:
        with transaction.atomic(), audit(user=by, reason=f"meeting {event}"):
            meeting.save()
            meeting_changed.send(sender=Meeting, meeting=meeting, event=event)
    except IntegrityError:
        if meeting.status in OPEN_STATUSES:  # another open request of the same two
            raise MeetingRefused(
                _("You already have an open request with this exhibitor.")
            ) from None
        reasons = meeting_booking_refusals(
            buyer=meeting.buyer,
            exhibitor=meeting.exhibitor,
            slot=meeting.slot,
            place=meeting.place,
            exclude=meeting,
            now=now,
        )
        raise MeetingRefused(
            " ".join(reasons) or _("Someone else booked this time at the same moment.")
        ) from None
    return meeting


def _book(
    meeting: Meeting,
    slot: MeetingSlot,
    place: MeetingPlace | None,
    now,
    settings: MeetingSettings | None = None,
) -> None:
    """``settings``: the pavilion's, if read already (None: read here)."""
    if place is None and slot is not None and slot.pavilion_id == meeting.pavilion_id:
        place = _auto_place(meeting, slot)
    _check(
        meeting_booking_refusals(
            buyer=meeting.buyer,
            exhibitor=meeting.exhibitor,
            slot=slot,
            place=place,
            settings=settings,
            exclude=meeting,
            now=now,
        )
    )
    meeting.slot = slot
    meeting.place = place
    meeting.status = MeetingStatus.ACCEPTED
    meeting.expires_at = None


def meeting_status_write(
    meeting: Meeting, status: MeetingStatus, *, by: User | None, now: datetime.datetime
) -> None:
    """Write a meeting's new status (the one place that does, with the moves above): bump its
    version, record who and when. For the marks made at the booth (held, no-show), which take
    the locks and write the audit trail themselves and mail no one."""
    meeting.status = status
    meeting.version += 1
    meeting.changed_at, meeting.changed_by = now, by
    meeting.save(update_fields=["status", "version", "changed_at", "changed_by"])

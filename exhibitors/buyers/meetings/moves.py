"""The moves: request, accept, decline, propose, cancel, schedule (staff), expire; the only
code that changes a meeting's status."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from exhibitors.buyers.meetings.booking import _allowed, _book, _locked, _save
from exhibitors.buyers.meetings.changes import (
    ACCEPTED,
    CANCELLED,
    DECLINED,
    EXPIRED,
    PROPOSED,
    REQUESTED,
    SCHEDULED,
    MeetingRefused,
)
from exhibitors.buyers.meetings.refusals import (
    _check,
    _request_settings,
    _settings,
    meeting_booking_refusals,
    meeting_request_refusals,
)
from exhibitors.buyers.meetings.steps import BUYER, EXHIBITOR, STAFF, meeting_next_steps
from exhibitors.buyers.models import (
    OPEN_STATUSES,
    Buyer,
    Meeting,
    MeetingPlace,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.companies.models import Exhibitor

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# --- The moves ------------------------------------------------------------------------------


def meeting_request(
    *,
    buyer: Buyer,
    exhibitor: Exhibitor,
    slot: MeetingSlot | None,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> Meeting:
    """The buyer asks ``exhibitor`` for a meeting in ``slot`` (None: any slot).

    The checks only read, and the meeting is written in one transaction of its own (``_save``:
    the row, its history, the mails queued for after the commit): the busiest move of the
    expo, 2,000 of them in a minute when the catalogue opens, keeps to the queries it needs
    (the catalogue, the entry and the settings read with ``exhibitor`` when the page did)."""
    now = now or timezone.now()
    if by.pk != buyer.user_id and not by.is_staff:
        raise MeetingRefused(_("You may not do this with this meeting."))
    reason = (reason or "").strip()
    if not reason:
        raise MeetingRefused(
            _("Say in a few words why you want to meet."),
            errors={"reason": _("Say in a few words why you want to meet.")},
        )
    # No lock: a request books nothing (the slot it names is checked again when accepted,
    # under the lock), and "one open request a buyer and exhibitor" is the database's
    # constraint (meeting_one_open_request), which a request made at the same moment meets.
    pavilion = exhibitor.pavilion
    _check(meeting_request_refusals(buyer=buyer, exhibitor=exhibitor, slot=slot, now=now))
    settings = _request_settings(exhibitor)
    meeting = Meeting(
        pavilion=pavilion,
        buyer=buyer,
        exhibitor=exhibitor,
        status=MeetingStatus.REQUESTED,
        requested_slot=slot,
        reason=reason[:500],
        requested_by=by,
        requested_at=now,
        expires_at=now + datetime.timedelta(days=settings.request_expiry_days),
        version=0,
    )
    return _save(meeting, by=by, now=now, event=REQUESTED)


@transaction.atomic
def meeting_accept(
    *,
    meeting: Meeting,
    slot: MeetingSlot | None = None,
    place: MeetingPlace | None = None,
    by: User,
    version: int | None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Book the meeting. The exhibitor accepts a request, choosing ``slot`` (by default the
    one asked for) and ``place`` (by default its booth's if free, else a lounge table); the
    buyer accepts the slot the exhibitor proposed, the place chosen the same way."""
    now = now or timezone.now()
    # Who acts does not change with the meeting's state: asked before the lock, not under it.
    side = _allowed(meeting, by, (BUYER, EXHIBITOR))
    locked = _locked(meeting, version)
    steps = meeting_next_steps(locked, side=side, now=now)
    if side == BUYER or (side == STAFF and locked.status == MeetingStatus.PROPOSED):
        if not steps.can_answer_proposal:
            raise MeetingRefused(_("There is no proposed time to accept."))
        slot = locked.slot
    else:
        if not steps.can_answer:
            raise MeetingRefused(_("This request can no longer be answered."))
        slot = slot or locked.requested_slot
    _book(locked, slot, place, now, settings=locked.settings)
    return _save(locked, by=by, now=now, event=ACCEPTED)


@transaction.atomic
def meeting_decline(
    *,
    meeting: Meeting,
    reason: str,
    by: User,
    version: int | None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """The exhibitor declines a request (with a reason), or the buyer a proposed slot."""
    now = now or timezone.now()
    locked = _locked(meeting, version)
    side = _allowed(locked, by, (BUYER, EXHIBITOR))
    steps = meeting_next_steps(locked, side=side, now=now)
    if not (steps.can_answer or steps.can_answer_proposal):
        raise MeetingRefused(_("This request can no longer be answered."))
    reason = (reason or "").strip()
    if not reason and locked.status == MeetingStatus.REQUESTED:
        raise MeetingRefused(
            _("Tell the buyer why you decline."),
            errors={"reason": _("Tell the buyer why you decline.")},
        )
    locked.status = MeetingStatus.DECLINED
    locked.answer = reason[:500]
    locked.expires_at = None
    return _save(locked, by=by, now=now, event=DECLINED)


@transaction.atomic
def meeting_propose(
    *,
    meeting: Meeting,
    slot: MeetingSlot,
    by: User,
    version: int | None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """The exhibitor proposes another slot; the buyer accepts or declines it. The slot must be
    free on both sides now (it is checked again when the buyer accepts)."""
    now = now or timezone.now()
    locked = _locked(meeting, version)
    side = _allowed(locked, by, (EXHIBITOR,))
    if not meeting_next_steps(locked, side=side, now=now).can_answer:
        raise MeetingRefused(_("This request can no longer be answered."))
    _check(
        meeting_booking_refusals(
            buyer=locked.buyer, exhibitor=locked.exhibitor, slot=slot, place=None, now=now
        )
    )
    settings = _settings(locked.pavilion)
    days = settings.request_expiry_days if settings else 3
    locked.status = MeetingStatus.PROPOSED
    locked.slot = slot
    locked.place = None
    locked.expires_at = min(now + datetime.timedelta(days=days), slot.starts_at)
    return _save(locked, by=by, now=now, event=PROPOSED)


@transaction.atomic
def meeting_cancel(
    *,
    meeting: Meeting,
    by: User,
    reason: str = "",
    version: int | None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Either side cancels a request or a meeting still to come."""
    now = now or timezone.now()
    locked = _locked(meeting, version)
    side = _allowed(locked, by, (BUYER, EXHIBITOR))
    if not meeting_next_steps(locked, side=side, now=now).can_cancel:
        raise MeetingRefused(_("This meeting can no longer be cancelled."))
    locked.status = MeetingStatus.CANCELLED
    locked.answer = (reason or "").strip()[:500]
    locked.expires_at = None
    return _save(locked, by=by, now=now, event=CANCELLED)


@transaction.atomic
def meeting_schedule(
    *,
    buyer: Buyer,
    exhibitor: Exhibitor,
    slot: MeetingSlot,
    place: MeetingPlace | None,
    by: User,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Staff book a meeting on someone's behalf: booked at once, with the same checks and
    limits (``place`` None: the exhibitor's booth if free, else a lounge table)."""
    now = now or timezone.now()
    if not by.is_staff:
        raise MeetingRefused(_("You may not do this with this meeting."))
    if not buyer.is_approved:
        raise MeetingRefused(_("The buyer's account has not been approved."))
    pavilion = pavilion_lock(exhibitor.pavilion_id)
    exhibitor.pavilion = pavilion
    meeting = Meeting(
        pavilion=pavilion,
        buyer=buyer,
        exhibitor=exhibitor,
        requested_slot=slot,
        reason=_("Scheduled by the pavilion's staff."),
        requested_by=by,
        requested_at=now,
        version=0,
    )
    _book(meeting, slot, place, now)
    return _save(meeting, by=by, now=now, event=SCHEDULED)


def meetings_expire(*, now: datetime.datetime | None = None) -> int:
    """Requests and proposals nobody answered in time expire; returns how many."""
    now = now or timezone.now()
    due = list(
        Meeting.objects.filter(status__in=OPEN_STATUSES, expires_at__lte=now)
        .order_by("pavilion_id", "pk")
        .values_list("pk", "pavilion_id")
    )
    count = 0
    for pk, pavilion_id in due:
        with transaction.atomic():
            pavilion_lock(pavilion_id)
            meeting = (
                Meeting.objects.select_for_update(of=("self",))
                .select_related("pavilion__event", "buyer__user", "exhibitor__company", "slot")
                .filter(pk=pk, status__in=OPEN_STATUSES, expires_at__lte=now)
                .first()
            )
            if meeting is None:
                continue
            meeting.status = MeetingStatus.EXPIRED
            _save(meeting, by=None, now=now, event=EXPIRED)
            count += 1
    return count

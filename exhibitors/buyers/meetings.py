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
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.buyers.ics import CalendarItem, uid_for
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    Buyer,
    Catalogue,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.companies.models import Exhibitor
from portal.audit import audit
from portal.refusals import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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


# --- Rules ----------------------------------------------------------------------------------


def _settings(pavilion: Pavilion) -> MeetingSettings | None:
    return MeetingSettings.objects.filter(pavilion=pavilion).first()


def _day_bounds(slot: MeetingSlot, pavilion: Pavilion) -> tuple[datetime.datetime, ...]:
    """The start and end of ``slot``'s day in the expo's time zone."""
    zone = pavilion.event.zone
    day = slot.starts_at.astimezone(zone).date()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def _booked() -> QuerySet[Meeting]:
    return Meeting.objects.filter(status__in=BOOKED_STATUSES)


def meeting_booking_refusals(
    *,
    buyer: Buyer,
    exhibitor: Exhibitor,
    slot: MeetingSlot | None,
    place: MeetingPlace | None,
    settings: MeetingSettings | None = None,
    exclude: Meeting | None = None,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Why ``buyer`` and ``exhibitor`` cannot meet in ``slot`` at ``place`` (empty: they can):
    the slot and the place belong to the exhibitor's pavilion and are still to come, nobody is
    booked twice in the slot, and neither goes over the day's limit. ``exclude``: the meeting
    being booked itself."""
    now = now or timezone.now()
    pavilion = exhibitor.pavilion
    reasons = []
    if slot is None:
        return [_("Choose a time for the meeting.")]
    if slot.pavilion_id != pavilion.pk:
        return [_("This time is not one of the pavilion's meeting times.")]
    if slot.starts_at <= now:
        reasons.append(_("This time has already begun."))
    if place is not None:
        if place.pavilion_id != pavilion.pk:
            return [_("This place is not one of the pavilion's meeting places.")]
        if place.kind == MeetingPlaceKind.BOOTH and place.booth.holder_id != exhibitor.pk:
            reasons.append(_("This booth is another exhibitor's."))
    others = _booked().filter(slot=slot)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    taken = others.filter(Q(exhibitor=exhibitor) | Q(buyer=buyer) | Q(place=place)).values_list(
        "exhibitor_id", "buyer_id", "place_id"
    )
    for exhibitor_id, buyer_id, place_id in taken:
        if exhibitor_id == exhibitor.pk:
            reasons.append(_("The exhibitor already has a meeting at this time."))
        if buyer_id == buyer.pk:
            reasons.append(_("The buyer already has a meeting at this time."))
        if place is not None and place_id == place.pk:
            reasons.append(_("This place is already taken at this time."))
    settings = settings or _settings(pavilion)
    if settings is not None:
        start, end = _day_bounds(slot, pavilion)
        same_day = _booked().filter(
            pavilion=pavilion, slot__starts_at__gte=start, slot__starts_at__lt=end
        )
        if exclude is not None and exclude.pk:
            same_day = same_day.exclude(pk=exclude.pk)
        counts = same_day.aggregate(
            buyer=Count("pk", filter=Q(buyer=buyer)),
            exhibitor=Count("pk", filter=Q(exhibitor=exhibitor)),
        )
        if counts["buyer"] >= settings.max_per_buyer_per_day:
            reasons.append(
                _("The buyer already has %(count)s meetings that day, the most allowed.")
                % {"count": counts["buyer"]}
            )
        if counts["exhibitor"] >= settings.max_per_exhibitor_per_day:
            reasons.append(
                _("The exhibitor already has %(count)s meetings that day, the most allowed.")
                % {"count": counts["exhibitor"]}
            )
    return list(dict.fromkeys(reasons))


def meeting_request_refusals(
    *,
    buyer: Buyer,
    exhibitor: Exhibitor,
    slot: MeetingSlot | None = None,
    now: datetime.datetime | None = None,
) -> list[str]:
    """Why ``buyer`` cannot ask ``exhibitor`` for a meeting (empty: they can): the buyer is
    approved, the exhibitor's catalogue is published and its pavilion takes requests, the
    buyer has no open request with this exhibitor, and the slot asked for (if any) is still to
    come and free on both sides."""
    now = now or timezone.now()
    if not buyer.is_approved:
        return [_("Your buyer account has not been approved yet.")]
    pavilion = exhibitor.pavilion
    catalogue = Catalogue.objects.filter(pavilion=pavilion).first()
    if catalogue is None or not catalogue.is_published(now):
        return [_("This exhibitor's catalogue is not published.")]
    settings = _settings(pavilion)
    if settings is None or not settings.requests_open:
        return [_("This pavilion does not take meeting requests at the moment.")]
    reasons = []
    if Meeting.objects.filter(buyer=buyer, exhibitor=exhibitor, status__in=OPEN_STATUSES).exists():
        reasons.append(_("You already have an open request with this exhibitor."))
    if slot is not None:
        reasons += meeting_booking_refusals(
            buyer=buyer, exhibitor=exhibitor, slot=slot, place=None, settings=settings, now=now
        )
    return reasons


def _check(reasons: list[str]) -> None:
    if reasons:
        raise MeetingRefused(" ".join(reasons))


def _locked(meeting: Meeting, version: int | None) -> Meeting:
    """The pavilion lock, then the meeting's row, its version checked."""
    pavilion_lock(meeting.pavilion_id)
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("pavilion__event", "buyer__user", "exhibitor__company", "slot", "place")
        .get(pk=meeting.pk)
    )
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


def free_places(
    slot: MeetingSlot, *, exhibitor: Exhibitor | None = None, exclude: Meeting | None = None
) -> list[MeetingPlace]:
    """The places of ``slot``'s pavilion nobody has booked in ``slot``: for ``exhibitor``, its
    own booth's place (first) and the lounge tables."""
    taken = _booked().filter(slot=slot)
    if exclude is not None and exclude.pk:
        taken = taken.exclude(pk=exclude.pk)
    places = MeetingPlace.objects.filter(pavilion_id=slot.pavilion_id).exclude(
        pk__in=taken.values("place_id")
    )
    if exhibitor is not None:
        places = places.filter(
            Q(kind=MeetingPlaceKind.LOUNGE)
            | Q(kind=MeetingPlaceKind.BOOTH, booth__holder=exhibitor)
        )
    return sorted(places, key=lambda p: (p.kind != MeetingPlaceKind.BOOTH, p.label))


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
    except IntegrityError:
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
    meeting_changed.send(sender=Meeting, meeting=meeting, event=event)
    return meeting


def _book(meeting: Meeting, slot: MeetingSlot, place: MeetingPlace | None, now) -> None:
    if place is None and slot is not None and slot.pavilion_id == meeting.pavilion_id:
        place = _auto_place(meeting, slot)
    _check(
        meeting_booking_refusals(
            buyer=meeting.buyer,
            exhibitor=meeting.exhibitor,
            slot=slot,
            place=place,
            exclude=meeting,
            now=now,
        )
    )
    meeting.slot = slot
    meeting.place = place
    meeting.status = MeetingStatus.ACCEPTED
    meeting.expires_at = None


# --- The moves ------------------------------------------------------------------------------


@transaction.atomic
def meeting_request(
    *,
    buyer: Buyer,
    exhibitor: Exhibitor,
    slot: MeetingSlot | None,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> Meeting:
    """The buyer asks ``exhibitor`` for a meeting in ``slot`` (None: any slot)."""
    now = now or timezone.now()
    if by.pk != buyer.user_id and not by.is_staff:
        raise MeetingRefused(_("You may not do this with this meeting."))
    reason = (reason or "").strip()
    if not reason:
        raise MeetingRefused(
            _("Say in a few words why you want to meet."),
            errors={"reason": _("Say in a few words why you want to meet.")},
        )
    pavilion = pavilion_lock(exhibitor.pavilion_id)
    exhibitor.pavilion = pavilion
    _check(meeting_request_refusals(buyer=buyer, exhibitor=exhibitor, slot=slot, now=now))
    settings = _settings(pavilion)
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
    locked = _locked(meeting, version)
    side = _allowed(locked, by, (BUYER, EXHIBITOR))
    steps = meeting_next_steps(locked, side=side, now=now)
    if side == BUYER or (side == STAFF and locked.status == MeetingStatus.PROPOSED):
        if not steps.can_answer_proposal:
            raise MeetingRefused(_("There is no proposed time to accept."))
        slot = locked.slot
    else:
        if not steps.can_answer:
            raise MeetingRefused(_("This request can no longer be answered."))
        slot = slot or locked.requested_slot
    _book(locked, slot, place, now)
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


# --- Reads ----------------------------------------------------------------------------------


def _listed() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "pavilion__event",
        "buyer__user",
        "exhibitor__company",
        "exhibitor__pavilion__event",
        "slot",
        "place",
        "requested_slot",
    )


def _with_steps(meetings, side: str, now: datetime.datetime | None) -> list[Meeting]:
    now = now or timezone.now()
    meetings = list(meetings)
    for meeting in meetings:
        meeting.next = meeting_next_steps(meeting, side=side, now=now)
    return meetings


def buyer_meetings(buyer: Buyer, *, now: datetime.datetime | None = None) -> list[Meeting]:
    """A buyer's requests and meetings, newest first, each with ``next`` (its steps)."""
    return _with_steps(_listed().filter(buyer=buyer).order_by("-requested_at", "-pk"), BUYER, now)


def exhibitor_meetings(
    exhibitor: Exhibitor, *, now: datetime.datetime | None = None
) -> list[Meeting]:
    """An exhibitor's inbox: the requests it received and its meetings, open ones first."""
    meetings = _with_steps(
        _listed().filter(exhibitor=exhibitor).order_by("-requested_at", "-pk"), EXHIBITOR, now
    )
    return sorted(meetings, key=lambda m: not (m.next.can_answer or m.next.is_upcoming))


@dataclass(frozen=True)
class ScheduleDay:
    day: datetime.date
    meetings: list[Meeting]


def _schedule(meetings: QuerySet[Meeting]) -> list[ScheduleDay]:
    days: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings.filter(status__in=BOOKED_STATUSES).order_by("slot__starts_at", "pk"):
        local = meeting.slot.starts_at.astimezone(meeting.pavilion.event.zone)
        meeting.local_starts = local
        meeting.local_ends = meeting.slot.ends_at.astimezone(meeting.pavilion.event.zone)
        days.setdefault(local.date(), []).append(meeting)
    return [ScheduleDay(day, items) for day, items in days.items()]


def buyer_schedule(buyer: Buyer) -> list[ScheduleDay]:
    """A buyer's booked meetings by day, in the expo's time zone."""
    return _schedule(_listed().filter(buyer=buyer))


def exhibitor_schedule(exhibitor: Exhibitor) -> list[ScheduleDay]:
    """An exhibitor's booked meetings by day, in the expo's time zone."""
    return _schedule(_listed().filter(exhibitor=exhibitor))


def meeting_calendar_item(meeting: Meeting, *, for_buyer: bool) -> CalendarItem:
    """One meeting as a calendar event, for the buyer or the exhibitor; cancelled unless it is
    booked."""
    other = meeting.exhibitor.company if for_buyer else meeting.buyer
    slot = meeting.slot or meeting.requested_slot
    return CalendarItem(
        uid=uid_for("meeting", meeting.pk),
        title=_("Meeting: %(who)s") % {"who": other},
        starts=slot.starts_at,
        ends=slot.ends_at,
        location=str(meeting.place or ""),
        description=meeting.reason,
        cancelled=meeting.status not in BOOKED_STATUSES,
        sequence=meeting.version,
    )


@dataclass(frozen=True)
class SlotDay:
    day: datetime.date
    slots: list[MeetingSlot]


def open_slots(
    pavilion: Pavilion,
    *,
    exhibitor: Exhibitor | None = None,
    now: datetime.datetime | None = None,
) -> list[SlotDay]:
    """The pavilion's slots still to come, by day in the expo's time zone; with ``exhibitor``,
    only those in which it has no meeting."""
    now = now or timezone.now()
    slots = MeetingSlot.objects.filter(pavilion=pavilion, starts_at__gt=now).order_by("starts_at")
    if exhibitor is not None:
        slots = slots.exclude(pk__in=_booked().filter(exhibitor=exhibitor).values("slot_id"))
    zone = pavilion.event.zone
    days: dict[datetime.date, list[MeetingSlot]] = {}
    for slot in slots:
        slot.local_starts = slot.starts_at.astimezone(zone)
        slot.local_ends = slot.ends_at.astimezone(zone)
        days.setdefault(slot.local_starts.date(), []).append(slot)
    return [SlotDay(day, items) for day, items in days.items()]


def meetings_to_remind(*, day: datetime.date) -> list[Meeting]:
    """The booked meetings not yet reminded whose slot falls on ``day`` in their expo's time
    zone (every zone is within 14 hours of UTC), in the order of their slots."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    window = (
        _listed()
        .filter(
            status=MeetingStatus.ACCEPTED,
            reminded_at__isnull=True,
            slot__starts_at__gte=start - datetime.timedelta(hours=14),
            slot__starts_at__lt=start + datetime.timedelta(hours=38),
        )
        .order_by("slot__starts_at", "pk")
    )
    meetings = []
    for meeting in window:
        zone = meeting.pavilion.event.zone
        meeting.local_starts = meeting.slot.starts_at.astimezone(zone)
        meeting.local_ends = meeting.slot.ends_at.astimezone(zone)
        if meeting.local_starts.date() == day:
            meetings.append(meeting)
    return meetings


def meeting_mark_reminded(meetings: list[Meeting], *, now: datetime.datetime) -> None:
    """Note that the reminders of ``meetings`` went out (no version bump: nothing changed for
    either side)."""
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(reminded_at=now)

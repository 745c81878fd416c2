"""The reads the pages need: free places, the inboxes, the schedules, open slots, calendar
items and the reminders due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.buyers.ics import CalendarItem, uid_for
from exhibitors.buyers.meetings.refusals import _booked
from exhibitors.buyers.meetings.steps import BUYER, EXHIBITOR, meeting_next_steps
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    Buyer,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.companies.models import Exhibitor

# --- Reads ----------------------------------------------------------------------------------


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


def exhibitor_places(exhibitor: Exhibitor, *, only: str | None = None) -> list[MeetingPlace]:
    """Where ``exhibitor`` may meet: its booth's place (first), then the lounge tables, each
    with its booth. ``only``: the one place a posted form names (its id as posted; none for
    any other value)."""
    places = (
        MeetingPlace.objects.filter(pavilion_id=exhibitor.pavilion_id)
        .filter(
            Q(kind=MeetingPlaceKind.LOUNGE)
            | Q(kind=MeetingPlaceKind.BOOTH, booth__holder=exhibitor)
        )
        .select_related("booth")
    )
    if only is not None:
        if not only.isdigit():
            return []
        places = places.filter(pk=int(only))
    return sorted(places, key=lambda p: (p.kind != MeetingPlaceKind.BOOTH, p.label))


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
    # The exhibitor (with its company, pavilion and event) is the caller's: every row has it.
    rows = list(
        Meeting.objects.select_related("buyer__user", "slot", "place", "requested_slot")
        .filter(exhibitor=exhibitor)
        .order_by("-requested_at", "-pk")
    )
    for meeting in rows:
        meeting.exhibitor = exhibitor
        meeting.pavilion = exhibitor.pavilion
    meetings = _with_steps(rows, EXHIBITOR, now)
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
    only: str | None = None,
) -> list[SlotDay]:
    """The pavilion's slots still to come, by day in the expo's time zone; with ``exhibitor``,
    only those in which it has no meeting. ``only``: the one slot a posted form names (its id
    as posted; none for any other value): what the form is checked against, without reading
    and labelling every other slot."""
    now = now or timezone.now()
    slots = MeetingSlot.objects.filter(pavilion=pavilion, starts_at__gt=now).order_by("starts_at")
    if only is not None:
        if not only.isdigit():
            return []
        slots = slots.filter(pk=int(only))
    if exhibitor is not None:
        slots = slots.exclude(pk__in=_booked().filter(exhibitor=exhibitor).values("slot_id"))
    zone = pavilion.event.zone
    days: dict[datetime.date, list[MeetingSlot]] = {}
    for slot in slots:
        slot.local_starts = slot.starts_at.astimezone(zone)
        slot.local_ends = slot.ends_at.astimezone(zone)
        days.setdefault(slot.local_starts.date(), []).append(slot)
    return [SlotDay(day, items) for day, items in days.items()]


def meetings_to_remind(*, now: datetime.datetime, lock: bool = False) -> list[Meeting]:
    """The booked meetings not yet reminded whose slot falls on the day after ``now``'s day in
    their expo's time zone, in the order of their slots. ``lock``: lock their rows for the
    transaction (a second run at the same moment waits, then finds them reminded)."""
    window = (
        _listed()
        .filter(
            status=MeetingStatus.ACCEPTED,
            reminded_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lt=now + datetime.timedelta(hours=48),
        )
        .order_by("slot__starts_at", "pk")
    )
    if lock:
        window = window.select_for_update(of=("self",))
    meetings = []
    for meeting in window:
        zone = meeting.pavilion.event.zone
        meeting.local_starts = meeting.slot.starts_at.astimezone(zone)
        meeting.local_ends = meeting.slot.ends_at.astimezone(zone)
        if meeting.local_starts.date() == now.astimezone(zone).date() + datetime.timedelta(1):
            meetings.append(meeting)
    return meetings


def meeting_mark_reminded(meetings: list[Meeting], *, now: datetime.datetime) -> None:
    """Note that the reminders of ``meetings`` went out (no version bump: nothing changed for
    either side)."""
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(reminded_at=now)

"""Where and when meetings can take place: staff generate a pavilion's meeting slots (expo days
× time blocks, cut into meetings of the pavilion's meeting length) and its meeting places (each
exhibitor's booth, the lounge's numbered tables).

Both generations are idempotent: what exists already is kept, what is missing is added. A slot
that would overlap an existing one at another time is refused, and then nothing is written.
Both run under the pavilion lock (``events.locks.pavilion_lock``), as every write that changes
what a pavilion offers does.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.buyers.models import MeetingPlace, MeetingPlaceKind, MeetingSettings, MeetingSlot
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth
from portal import pagecache
from portal.refusals import Refused

#: The most lounge tables a pavilion's meeting lounge has.
MAX_LOUNGE_TABLES = 50


class SlotsRefused(Refused):
    """The slots or places asked for cannot be made; nothing was written."""


@dataclass(frozen=True)
class TimeBlock:
    """A block of an expo day in the expo's local time, e.g. 10:00–12:00."""

    starts: datetime.time
    ends: datetime.time


@dataclass
class SlotsGenerated:
    created: list[MeetingSlot] = field(default_factory=list)
    #: The slots asked for that existed already, unchanged.
    kept: list[MeetingSlot] = field(default_factory=list)


@dataclass
class PlacesGenerated:
    created: list[MeetingPlace] = field(default_factory=list)
    kept: int = 0


def _local(day: datetime.date, time: datetime.time, zone) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zone)


def slot_candidates(
    *,
    pavilion: Pavilion,
    days: Sequence[datetime.date],
    blocks: Sequence[TimeBlock],
    minutes: int,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) of every meeting of ``minutes`` that fits in each block of each day, in
    the expo's time zone, in order. Raises :class:`SlotsRefused` for a day outside the expo, a
    block that ends before it starts or holds no meeting, and blocks that overlap."""
    event = pavilion.event
    if not days:
        raise SlotsRefused(_("Choose at least one expo day."), {"days": _("Choose a day.")})
    if not blocks:
        raise SlotsRefused(_("Give at least one time block."), {"blocks": _("Give a block.")})
    outside = [day for day in days if not event.starts_on <= day <= event.ends_on]
    if outside:
        raise SlotsRefused(
            _("%(day)s is not a day of %(event)s (%(first)s to %(last)s).")
            % {
                "day": outside[0].isoformat(),
                "event": event.name,
                "first": event.starts_on.isoformat(),
                "last": event.ends_on.isoformat(),
            },
            {"days": _("Choose days of the expo.")},
        )
    length = datetime.timedelta(minutes=minutes)
    ordered = sorted(blocks, key=lambda block: block.starts)
    for block in ordered:
        if block.ends <= block.starts:
            message = _("The block %(starts)s–%(ends)s ends before it starts.") % {
                "starts": block.starts.strftime("%H:%M"),
                "ends": block.ends.strftime("%H:%M"),
            }
            raise SlotsRefused(message, {"blocks": message})
        span = datetime.datetime.combine(datetime.date.min, block.ends) - datetime.datetime.combine(
            datetime.date.min, block.starts
        )
        if span < length:
            message = _(
                "The block %(starts)s–%(ends)s is shorter than one meeting (%(minutes)s minutes)."
            ) % {
                "starts": block.starts.strftime("%H:%M"),
                "ends": block.ends.strftime("%H:%M"),
                "minutes": minutes,
            }
            raise SlotsRefused(message, {"blocks": message})
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.starts < before.ends:
            message = _("The blocks %(first)s and %(second)s overlap.") % {
                "first": f"{before.starts:%H:%M}–{before.ends:%H:%M}",
                "second": f"{after.starts:%H:%M}–{after.ends:%H:%M}",
            }
            raise SlotsRefused(message, {"blocks": message})
    zone = event.zone
    candidates = []
    for day in sorted(set(days)):
        for block in ordered:
            start = _local(day, block.starts, zone)
            end_of_block = _local(day, block.ends, zone)
            while start + length <= end_of_block:
                candidates.append((start, start + length))
                start += length
    return candidates


def meeting_slots_generate(
    *,
    pavilion: Pavilion,
    days: Sequence[datetime.date],
    blocks: Sequence[TimeBlock],
) -> SlotsGenerated:
    """Add the pavilion's meeting slots for ``days`` × ``blocks``, each as long as the pavilion's
    meeting length (:class:`MeetingSettings`). A slot that exists already (same start and end)
    is kept; one that would overlap an existing slot at another time refuses the whole
    generation, naming it, and nothing is written."""
    with transaction.atomic():
        pavilion = pavilion_lock(pavilion.pk)
        settings = MeetingSettings.objects.filter(pavilion=pavilion).first()
        if settings is None:
            raise SlotsRefused(
                _(
                    "%(pavilion)s has no meeting settings yet: save them first (they give the "
                    "meeting length)."
                )
                % {"pavilion": pavilion}
            )
        candidates = slot_candidates(
            pavilion=pavilion, days=days, blocks=blocks, minutes=settings.meeting_minutes
        )
        first, last = candidates[0][0], candidates[-1][1]
        existing = list(
            MeetingSlot.objects.filter(
                pavilion=pavilion, starts_at__lt=last, ends_at__gt=first
            ).order_by("starts_at")
        )
        by_start = {slot.starts_at: slot for slot in existing}
        result = SlotsGenerated()
        new = []
        clashes = []
        for start, end in candidates:
            same = by_start.get(start)
            if same is not None and same.ends_at == end:
                result.kept.append(same)
                continue
            clash = next((s for s in existing if s.starts_at < end and start < s.ends_at), None)
            if clash is not None:
                clashes.append((start, end, clash))
                continue
            new.append(MeetingSlot(pavilion=pavilion, starts_at=start, ends_at=end))
        if clashes:
            zone = pavilion.event.zone
            start, end, clash = clashes[0]
            raise SlotsRefused(
                ngettext(
                    "%(count)s new slot would overlap an existing one, e.g. %(new)s overlaps "
                    "%(old)s (expo time). Delete the existing slots or choose other times; "
                    "nothing was added.",
                    "%(count)s new slots would overlap existing ones, e.g. %(new)s overlaps "
                    "%(old)s (expo time). Delete the existing slots or choose other times; "
                    "nothing was added.",
                    len(clashes),
                )
                % {
                    "count": len(clashes),
                    "new": _slot_text(start, end, zone),
                    "old": _slot_text(clash.starts_at, clash.ends_at, zone),
                }
            )
        result.created = MeetingSlot.objects.bulk_create(new)
        pagecache.written(MeetingSlot)  # bulk_create sends no signal
        return result


def _slot_text(start: datetime.datetime, end: datetime.datetime, zone) -> str:
    start, end = start.astimezone(zone), end.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def meeting_places_generate(*, pavilion: Pavilion, lounge_tables: int) -> PlacesGenerated:
    """Make each booth of the pavilion that holds an exhibitor (company and district booths) a
    meeting place named after its code ("Booth A1"), and the meeting lounge's tables 1 to
    ``lounge_tables`` ("Lounge table 1"...). Places that exist are kept; tables beyond
    ``lounge_tables`` are never removed here (delete them in the list)."""
    if not 0 <= lounge_tables <= MAX_LOUNGE_TABLES:
        message = _("Give a number of tables from 0 to %(max)s.") % {"max": MAX_LOUNGE_TABLES}
        raise SlotsRefused(message, {"lounge_tables": message})
    with transaction.atomic():
        pavilion = pavilion_lock(pavilion.pk)
        places = MeetingPlace.objects.filter(pavilion=pavilion)
        labels = set(places.values_list("label", flat=True))
        placed_booths = set(places.exclude(booth=None).values_list("booth_id", flat=True))
        booths = Booth.objects.filter(
            pavilion=pavilion, kind__in=list(HOLDER_ROLE_BY_KIND)
        ).order_by("code")
        new = []
        result = PlacesGenerated()
        for booth in booths:
            label = f"Booth {booth.code}"
            if booth.pk in placed_booths:
                result.kept += 1
                continue
            if label in labels:
                raise SlotsRefused(
                    _("A place named %(label)s exists already but is not booth %(code)s.")
                    % {"label": label, "code": booth.code}
                )
            new.append(
                MeetingPlace(
                    pavilion=pavilion, kind=MeetingPlaceKind.BOOTH, booth=booth, label=label
                )
            )
        for number in range(1, lounge_tables + 1):
            label = f"Lounge table {number}"
            if label in labels:
                result.kept += 1
                continue
            new.append(MeetingPlace(pavilion=pavilion, kind=MeetingPlaceKind.LOUNGE, label=label))
        result.created = MeetingPlace.objects.bulk_create(new)
        pagecache.written(MeetingPlace)  # bulk_create sends no signal
        return result

"""The rules: why a meeting cannot be booked or requested (the reasons, in the reader's
language)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.buyers.meetings.changes import MeetingRefused
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    Buyer,
    Catalogue,
    CatalogueEntry,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
)
from exhibitors.companies.models import Exhibitor

# --- Rules ----------------------------------------------------------------------------------


def _settings(pavilion: Pavilion) -> MeetingSettings | None:
    return MeetingSettings.objects.filter(pavilion=pavilion).first()


@dataclass(frozen=True)
class RequestRules:
    """What the request's rules read besides the buyer, read with the exhibitor in one query
    by :func:`requestable_exhibitor` (the request page's 2,000 POSTs a minute)."""

    catalogue: Catalogue | None
    settings: MeetingSettings | None
    entry_agreed: bool


def requestable_exhibitor(pk: int) -> Exhibitor:
    """Exhibitor ``pk`` if its entry is agreed (``Exhibitor.DoesNotExist`` otherwise), with its
    pavilion, event and company, and its :class:`RequestRules` as ``request_rules``: read now,
    for this request (an exhibitor read otherwise has its rules read by the rules)."""
    exhibitor = Exhibitor.objects.select_related(
        "pavilion__event",
        "company",
        "pavilion__catalogue",
        "pavilion__meeting_settings",
    ).get(pk=pk, catalogue_entry__agreed_at__isnull=False)
    pavilion = exhibitor.pavilion
    exhibitor.request_rules = RequestRules(
        catalogue=getattr(pavilion, "catalogue", None),
        settings=getattr(pavilion, "meeting_settings", None),
        entry_agreed=True,
    )
    return exhibitor


def _request_settings(exhibitor: Exhibitor) -> MeetingSettings | None:
    """The settings read with ``exhibitor`` by :func:`requestable_exhibitor`, or read now."""
    rules = getattr(exhibitor, "request_rules", None)
    return rules.settings if rules is not None else _settings(exhibitor.pavilion)


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
    approved, the exhibitor's catalogue is published with its entry agreed, its pavilion takes
    requests, the
    buyer has no open request with this exhibitor, and the slot asked for (if any) is still to
    come and free on both sides. The catalogue, the entry and the settings are those read with
    ``exhibitor`` by :func:`requestable_exhibitor` if it was, else read here."""
    now = now or timezone.now()
    if not buyer.is_approved:
        return [_("Your buyer account has not been approved yet.")]
    pavilion = exhibitor.pavilion
    rules = getattr(exhibitor, "request_rules", None)
    catalogue = rules.catalogue if rules else Catalogue.objects.filter(pavilion=pavilion).first()
    if catalogue is None or not catalogue.is_published(now):
        return [_("This exhibitor's catalogue is not published.")]
    if not (
        rules.entry_agreed
        if rules
        else CatalogueEntry.objects.filter(exhibitor=exhibitor, agreed_at__isnull=False).exists()
    ):
        # Only what the company agreed to publish: an exhibitor outside the catalogue is not
        # offered to buyers, whatever id a page is asked for.
        return [_("This exhibitor is not in the catalogue.")]
    settings = _request_settings(exhibitor)
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

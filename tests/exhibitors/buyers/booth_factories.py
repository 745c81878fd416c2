"""Buyers and booked meetings for the booth page's tests."""

import datetime
import itertools

from exhibitors.buyers.models import (
    Buyer,
    BuyerStatus,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSlot,
    MeetingStatus,
)
from tests.factories import UserFactory

_numbers = itertools.count(1)


def booth_buyer(*, status=BuyerStatus.APPROVED, organisation=None, country="PL", **kwargs):
    """A buyer's account, approved unless said otherwise."""
    number = next(_numbers)
    return Buyer.objects.create(
        user=UserFactory(),
        organisation=organisation or f"Buyer Org {number}",
        country=country,
        contact_name=f"Contact {number}",
        status=status,
        **kwargs,
    )


def booth_meeting(exhibitor, buyer, starts_at, *, status=MeetingStatus.ACCEPTED, minutes=30):
    """A meeting of ``buyer`` with ``exhibitor`` booked at ``starts_at`` at a lounge table."""
    pavilion = exhibitor.pavilion
    slot, _ = MeetingSlot.objects.get_or_create(
        pavilion=pavilion,
        starts_at=starts_at,
        defaults={"ends_at": starts_at + datetime.timedelta(minutes=minutes)},
    )
    place = MeetingPlace.objects.create(
        pavilion=pavilion, kind=MeetingPlaceKind.LOUNGE, label=f"Lounge table {next(_numbers)}"
    )
    return Meeting.objects.create(
        pavilion=pavilion,
        buyer=buyer,
        exhibitor=exhibitor,
        status=status,
        reason="Smart parking for our city",
        slot=slot,
        place=place,
    )

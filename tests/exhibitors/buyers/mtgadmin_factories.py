"""Buyers, slots, places and meetings for the tests of the meetings' back office, made as rows
(the meeting services are the meetings package's; these tests read what they write)."""

import datetime
import itertools

from exhibitors.buyers.models import (
    Buyer,
    BuyerStatus,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from tests.factories import UserFactory

_numbers = itertools.count(1)


def a_buyer(organisation=None, *, username=None, status=BuyerStatus.APPROVED, country="DE"):
    number = next(_numbers)
    user = UserFactory(username=username or f"meeting-buyer{number}@example.com")
    return Buyer.objects.create(
        user=user,
        organisation=organisation or f"Buyer Org {number}",
        country=country,
        contact_name=f"Contact {number}",
        status=status,
    )


def meeting_settings(pavilion, **kwargs):
    return MeetingSettings.objects.create(pavilion=pavilion, **kwargs)


def a_slot(pavilion, *, day=0, hour=10, minute=0, minutes=30):
    """A slot on the expo's ``day``-th day at ``hour``:``minute`` expo time."""
    event = pavilion.event
    starts = datetime.datetime.combine(
        event.starts_on + datetime.timedelta(days=day), datetime.time(hour, minute), event.zone
    )
    return MeetingSlot.objects.create(
        pavilion=pavilion, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=minutes)
    )


def a_table(pavilion, number=1):
    return MeetingPlace.objects.create(
        pavilion=pavilion, kind=MeetingPlaceKind.LOUNGE, label=f"Lounge table {number}"
    )


def a_meeting(exhibitor, buyer, status=MeetingStatus.REQUESTED, *, slot=None, place=None):
    return Meeting.objects.create(
        pavilion=exhibitor.pavilion,
        buyer=buyer,
        exhibitor=exhibitor,
        status=status,
        reason="To talk about smart parking",
        slot=slot,
        place=place,
        requested_by=buyer.user,
    )


def staff_member(role, username=None):
    """A staff user with one role (a group of exhibitors/roles.py)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username or f"staff{next(_numbers)}@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user

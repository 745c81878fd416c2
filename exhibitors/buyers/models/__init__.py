"""The buyers' domain: who buys (Buyer), what exhibitors show them (the catalogue), when they
meet (slots, places, meetings) and the secret calendar feeds; one module per subject, gathered
here so that the rest of the code (and the migrations) import them from
``exhibitors.buyers.models``.

A meeting is one row from the buyer's request to its end: requested, proposed another slot,
accepted (with a slot and a place), declined, cancelled, expired, held or no-show. The
"booked" statuses hold a slot: no exhibitor, buyer or lounge table is booked twice in a slot,
a rule the database keeps (partial unique constraints) beside the service's check under the
pavilion lock."""

# isort: off
# In the order of the subjects, which is the order Django registers the models in (as when
# they were one module).
from exhibitors.buyers.models.buyers import Buyer, BuyerStatus, _token
from exhibitors.buyers.models.catalogue import Catalogue, CatalogueEntry
from exhibitors.buyers.models.meetings import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.buyers.models.feeds import CalendarFeed

# isort: on

__all__ = [
    "BOOKED_STATUSES",
    "OPEN_STATUSES",
    "Buyer",
    "BuyerStatus",
    "CalendarFeed",
    "Catalogue",
    "CatalogueEntry",
    "Meeting",
    "MeetingPlace",
    "MeetingPlaceKind",
    "MeetingSettings",
    "MeetingSlot",
    "MeetingStatus",
    "_token",
]

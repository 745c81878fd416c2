"""The matchmaking board's reads: how a pavilion's meeting requests stand, per exhibitor and per
buyer, in a fixed number of queries whatever the number of exhibitors, buyers and meetings.

The acceptance rate is the share of decided requests that became meetings: booked (accepted,
held or no-show) ÷ (booked + declined + expired). Open requests are not decided yet and
cancelled ones were withdrawn, so neither counts."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from events.models import Pavilion
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    Buyer,
    BuyerStatus,
    MeetingStatus,
)
from exhibitors.companies.models import Exhibitor

#: The board's columns: name -> the statuses it counts.
COLUMNS = {
    "requested": None,  # every request, whatever became of it
    "open": OPEN_STATUSES,
    "accepted": (MeetingStatus.ACCEPTED,),
    "declined": (MeetingStatus.DECLINED,),
    "expired": (MeetingStatus.EXPIRED,),
    "cancelled": (MeetingStatus.CANCELLED,),
    "held": (MeetingStatus.HELD,),
    "no_show": (MeetingStatus.NO_SHOW,),
    "booked": BOOKED_STATUSES,
}


def _counts(prefix: str, pavilion: Pavilion) -> dict[str, Count]:
    """Conditional counts of the meetings of the pavilion reached through ``prefix``."""
    mine = Q(**{f"{prefix}__pavilion": pavilion})
    return {
        name: Count(
            prefix,
            filter=mine if statuses is None else mine & Q(**{f"{prefix}__status__in": statuses}),
        )
        for name, statuses in COLUMNS.items()
    }


def acceptance_rate(booked: int, declined: int, expired: int) -> Decimal | None:
    """Booked ÷ decided, as a percentage with one decimal; None before any decision."""
    decided = booked + declined + expired
    if not decided:
        return None
    return (Decimal(100 * booked) / decided).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Board:
    pavilion: Pavilion
    exhibitors: list[Exhibitor]
    buyers: list[Buyer]
    totals: dict[str, int] = field(default_factory=dict)
    #: Approved buyers who have asked this pavilion for nothing yet.
    silent_buyers: int = 0

    @property
    def exhibitors_without_meeting(self) -> list[Exhibitor]:
        return [row for row in self.exhibitors if not row.booked]

    @property
    def buyers_without_meeting(self) -> list[Buyer]:
        return [row for row in self.buyers if not row.booked]

    @property
    def rate(self) -> Decimal | None:
        t = self.totals
        return acceptance_rate(t["booked"], t["declined"], t["expired"])


def pavilion_board(pavilion: Pavilion) -> Board:
    """The pavilion's requests per exhibitor (every exhibitor, with or without requests) and per
    buyer (every buyer who asked this pavilion for a meeting), each row carrying the counts of
    :data:`COLUMNS` and ``rate``; the totals; and how many approved buyers asked nothing.
    Three queries."""
    exhibitors = list(
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("company")
        .annotate(**_counts("meetings", pavilion))
        .order_by("role", "company__name_ko", "pk")
    )
    buyers = list(
        Buyer.objects.annotate(**_counts("meetings", pavilion))
        .filter(requested__gt=0)
        .order_by("organisation", "pk")
    )
    for row in (*exhibitors, *buyers):
        row.rate = acceptance_rate(row.booked, row.declined, row.expired)
    totals = {name: sum(getattr(row, name) for row in exhibitors) for name in COLUMNS}
    silent = (
        Buyer.objects.filter(status=BuyerStatus.APPROVED)
        .exclude(meetings__pavilion=pavilion)
        .count()
    )
    return Board(
        pavilion=pavilion, exhibitors=exhibitors, buyers=buyers, totals=totals, silent_buyers=silent
    )

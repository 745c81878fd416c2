"""The demo's 2024 meetings (:mod:`exhibitors.demo.buyers` sets the scene): held meetings
that are the 2024 consultations, and the requests and meetings that led nowhere.

Held: for each exhibitor and buyer account who met (a consultation row with the buyer's
organisation, country and type), one meeting in a slot on the day of one of their rows, and
that row linked to it (``source`` meeting, the registered buyer, nothing to confirm: the
reports are approved). A pair whose days are full (nobody is booked twice in a slot, and the
limits per day hold) stays without a meeting, as a talk that came about at the booth.

Beside them, between pairs who never met: requests declined, requests nobody answered
(expired), meetings cancelled before the expo and buyers who did not come (no-show). The
demo buyer (``buyer@example.com``) has one of each but the cancellation."""

import datetime
import random
from collections import Counter

from exhibitors.buyers.models import (
    CatalogueEntry,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.companies.models import Exhibitor, ExhibitorRole, Membership
from exhibitors.demo.buyers_content import (
    CANCEL_ANSWERS,
    CANCELLED,
    CATALOGUE_PUBLISHED,
    DECLINE_ANSWERS,
    DECLINED,
    DEMO_BUYER_ORGANISATION,
    DISTRICT_REASONS,
    EXPIRED,
    NO_SHOW,
    REQUEST_REASONS,
)
from exhibitors.outcomes.models import Consultation, ConsultationSource
from portal.audit import bulk_write_history

#: How often a held meeting took a lounge table rather than the exhibitor's booth.
LOUNGE_SHARE = 0.15


class Bookings:
    """The services' booking rules, kept in memory while the demo books its past meetings:
    each booked meeting has a slot and a place; no exhibitor, buyer or place twice in a slot;
    at most the settings' meetings per buyer and per exhibitor a day; an exhibitor meets at
    its own booth or a lounge table."""

    def __init__(self, pavilion, settings, rng):
        self.settings, self.rng = settings, rng
        zone = pavilion.event.zone
        self.days = {}
        for slot in MeetingSlot.objects.filter(pavilion=pavilion).order_by("starts_at"):
            self.days.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)
        places = MeetingPlace.objects.filter(pavilion=pavilion).select_related("booth")
        self.booth_of = {}
        self.tables = []
        for place in places.order_by("label"):
            if place.kind == MeetingPlaceKind.BOOTH:
                self.booth_of[place.booth.holder_id] = place
            else:
                self.tables.append(place)
        self.taken = set()
        self.per_day = Counter()

    def full(self, day, exhibitor, buyer):
        return (
            self.per_day["buyer", buyer.pk, day] >= self.settings.max_per_buyer_per_day
            or self.per_day["exhibitor", exhibitor.pk, day]
            >= self.settings.max_per_exhibitor_per_day
        )

    def place_for(self, slot, exhibitor, *, lounge):
        booth = self.booth_of.get(exhibitor.pk)
        tables = [t for t in self.tables if ("place", t.pk, slot.pk) not in self.taken]
        if lounge or booth is None:
            return tables[0] if tables else booth
        return booth

    def book(self, exhibitor, buyer, day, *, lounge=False):
        """A free slot on ``day`` (in the expo's time zone) and a place for the two, booked;
        None when there is none."""
        if self.full(day, exhibitor, buyer):
            return None
        slots = self.days.get(day, [])
        for slot in self.rng.sample(slots, len(slots)):
            if {("exhibitor", exhibitor.pk, slot.pk), ("buyer", buyer.pk, slot.pk)} & self.taken:
                continue
            place = self.place_for(slot, exhibitor, lounge=lounge)
            if place is None or ("place", place.pk, slot.pk) in self.taken:
                continue
            self.taken |= {
                ("exhibitor", exhibitor.pk, slot.pk),
                ("buyer", buyer.pk, slot.pk),
                ("place", place.pk, slot.pk),
            }
            self.per_day["buyer", buyer.pk, day] += 1
            self.per_day["exhibitor", exhibitor.pk, day] += 1
            return slot, place
        return None


class MeetingWriter:
    """Makes the unsaved meetings of one pavilion: the times around the expo, the words of
    the requests and answers, who made each move."""

    def __init__(self, pavilion, rng):
        self.pavilion, self.rng = pavilion, rng
        event = pavilion.event
        self.zone = event.zone
        self.expo_starts = datetime.datetime.combine(event.starts_on, datetime.time(), self.zone)
        self.exhibitors = {
            e.pk: e
            for e in Exhibitor.objects.filter(pavilion=pavilion)
            .select_related("company")
            .order_by("role", "company__registration_number")
        }
        self.products = dict(
            CatalogueEntry.objects.filter(exhibitor__pavilion=pavilion).values_list(
                "exhibitor_id", "product_en"
            )
        )
        self.members = dict(
            Membership.objects.filter(
                company__in=[e.company_id for e in self.exhibitors.values()]
            ).values_list("company_id", "user_id")
        )
        self.slots = list(MeetingSlot.objects.filter(pavilion=pavilion).order_by("starts_at"))

    def member(self, exhibitor):
        return self.members.get(exhibitor.company_id)

    def requested_at(self, *, days_before_expo=2):
        """A working hour (expo time) between the catalogue's publication and a few days
        before the expo."""
        first = CATALOGUE_PUBLISHED.astimezone(self.zone).date() + datetime.timedelta(days=1)
        last = self.expo_starts.date() - datetime.timedelta(days=days_before_expo)
        day = first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))
        return datetime.datetime.combine(
            day, datetime.time(self.rng.randint(9, 18), self.rng.choice([0, 15, 30, 45])), self.zone
        )

    def reason(self, exhibitor):
        if exhibitor.role == ExhibitorRole.CO_EXHIBITOR:
            return self.rng.choice(DISTRICT_REASONS)
        return self.rng.choice(REQUEST_REASONS).format(product=self.products[exhibitor.pk])

    def request(self, exhibitor, buyer, *, days_before_expo=2, **fields):
        requested = self.requested_at(days_before_expo=days_before_expo)
        fields.setdefault("requested_slot", self.rng.choice([None, self.rng.choice(self.slots)]))
        return Meeting(
            pavilion=self.pavilion,
            buyer=buyer,
            exhibitor=exhibitor,
            reason=self.reason(exhibitor),
            requested_by_id=buyer.user_id,
            requested_at=requested,
            changed_at=requested,
            **fields,
        )

    def booked(self, exhibitor, buyer, slot, place, status):
        """Requested, accepted, then held or no-show: marked at the slot's end, reminded the
        morning before."""
        meeting = self.request(
            exhibitor,
            buyer,
            requested_slot=self.rng.choice([None, slot]),
            status=status,
            slot=slot,
            place=place,
            version=3,
        )
        meeting.changed_at = slot.ends_at
        meeting.changed_by_id = self.member(exhibitor)
        meeting.reminded_at = datetime.datetime.combine(
            slot.starts_at.astimezone(self.zone).date() - datetime.timedelta(days=1),
            datetime.time(8),
            self.zone,
        )
        return meeting

    def declined(self, exhibitor, buyer):
        meeting = self.request(exhibitor, buyer, status=MeetingStatus.DECLINED, version=2)
        meeting.changed_at += datetime.timedelta(hours=self.rng.randint(4, 30))
        meeting.changed_by_id = self.member(exhibitor)
        meeting.answer = self.rng.choice(DECLINE_ANSWERS)
        return meeting

    def expired(self, exhibitor, buyer, *, days):
        meeting = self.request(
            exhibitor, buyer, status=MeetingStatus.EXPIRED, version=2, days_before_expo=days + 1
        )
        meeting.expires_at = meeting.changed_at = meeting.requested_at + datetime.timedelta(
            days=days
        )
        return meeting

    def cancelled(self, exhibitor, buyer, *, place, by_buyer):
        """Accepted, then cancelled a few days before the expo (the slot and place kept, as
        the service keeps them)."""
        slot = self.rng.choice(self.slots)
        meeting = self.request(
            exhibitor,
            buyer,
            days_before_expo=4,
            status=MeetingStatus.CANCELLED,
            slot=slot,
            place=place,
            version=3,
        )
        meeting.changed_at += datetime.timedelta(days=2)
        meeting.changed_by_id = buyer.user_id if by_buyer else self.member(exhibitor)
        meeting.answer = CANCEL_ANSWERS[0 if by_buyer else 1]
        return meeting


def meetings_2024(pavilion, *, settings, buyers):
    """The held meetings linked to their consultations, and the rest; skipped when the
    pavilion has meetings already."""
    if Meeting.objects.filter(pavilion=pavilion).exists():
        return
    rng = random.Random(f"{pavilion.event.slug}-meetings")
    bookings = Bookings(pavilion, settings, rng)
    writer = MeetingWriter(pavilion, rng)
    held, rows = held_meetings(pavilion, buyers, bookings, writer)
    others = other_meetings(pavilion, buyers, bookings, writer)
    Meeting.objects.bulk_create(held + others)
    bulk_write_history(Meeting, [m.pk for m in held + others], history_type="+")
    for meeting, row in zip(held, rows, strict=True):
        row.meeting = meeting
        row.buyer = meeting.buyer
        row.source = ConsultationSource.MEETING
        row.needs_confirmation = False
    Consultation.objects.bulk_update(rows, ["meeting", "buyer", "source", "needs_confirmation"])
    bulk_write_history(Consultation, [row.pk for row in rows], history_type="~")


def held_meetings(pavilion, buyers, bookings, writer):
    """The unsaved held meetings and, in the same order, the consultation row each one is."""
    pairs = {}
    rows = Consultation.objects.filter(
        report__exhibitor__pavilion=pavilion,
        buyer_organisation__in=list(buyers),
        meeting__isnull=True,
    )
    for row in rows.select_related("report").order_by("met_on", "pk"):
        buyer = buyers[row.buyer_organisation]
        if (row.buyer_country, row.buyer_type) == (buyer.country, buyer.buyer_type):
            pairs.setdefault((row.report.exhibitor_id, buyer.organisation), []).append(row)
    held, linked = [], []
    for (exhibitor_id, organisation), own in sorted(pairs.items()):
        exhibitor, buyer = writer.exhibitors[exhibitor_id], buyers[organisation]
        for row in own:
            booked = bookings.book(
                exhibitor, buyer, row.met_on, lounge=writer.rng.random() < LOUNGE_SHARE
            )
            if booked is not None:
                held.append(writer.booked(exhibitor, buyer, *booked, MeetingStatus.HELD))
                linked.append(row)
                break
    return held, linked


def other_meetings(pavilion, buyers, bookings, writer):
    """Requests and meetings between pairs with no consultation: declined, expired,
    cancelled, no-show; the demo buyer's first."""
    rng = writer.rng
    met = set(
        Consultation.objects.filter(report__exhibitor__pavilion=pavilion).values_list(
            "report__exhibitor_id", "buyer_organisation"
        )
    )
    demo = buyers[DEMO_BUYER_ORGANISATION]
    strangers = [
        (exhibitor, buyer)
        for buyer in sorted(buyers.values(), key=lambda b: b.organisation != demo.organisation)
        for exhibitor in writer.exhibitors.values()
        if (exhibitor.pk, buyer.organisation) not in met
    ]
    own = [pair for pair in strangers if pair[1] == demo][:3]
    rest = rng.sample(
        [pair for pair in strangers if pair[1] != demo],
        DECLINED + EXPIRED + CANCELLED + NO_SHOW - len(own),
    )
    days = bookings.settings.request_expiry_days
    meetings = [writer.declined(*own[0]), writer.expired(*own[1], days=days)]
    no_shows = [own[2], *rest[: NO_SHOW - 1]]
    rest = rest[NO_SHOW - 1 :]
    meetings += [writer.declined(*pair) for pair in rest[: DECLINED - 1]]
    rest = rest[DECLINED - 1 :]
    meetings += [writer.expired(*pair, days=days) for pair in rest[: EXPIRED - 1]]
    meetings += [
        writer.cancelled(*pair, place=bookings.booth_of.get(pair[0].pk), by_buyer=n % 2 == 0)
        for n, pair in enumerate(rest[EXPIRED - 1 :])
    ]
    expo_days = sorted(bookings.days)
    for exhibitor, buyer in no_shows:
        for day in rng.sample(expo_days, len(expo_days)):
            booked = bookings.book(exhibitor, buyer, day)
            if booked is not None:
                meetings.append(writer.booked(exhibitor, buyer, *booked, MeetingStatus.NO_SHOW))
                break
    return meetings

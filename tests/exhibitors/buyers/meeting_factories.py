"""A pavilion ready for meetings: a published catalogue, requests open, two expo days of
slots in Barcelona's time, a booth place and lounge tables, an exhibitor with a member and an
approved buyer."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from exhibitors.buyers.models import (
    Buyer,
    BuyerStatus,
    Catalogue,
    CatalogueEntry,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
)
from exhibitors.companies.models import Exhibitor
from exhibitors.floor.models import Booth
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    UserFactory,
)

MADRID = ZoneInfo("Europe/Madrid")


def approved_buyer(email=None, *, language="en", organisation=None, country="PL") -> Buyer:
    user = UserFactory(**({"username": email} if email else {}))
    return Buyer.objects.create(
        user=user,
        organisation=organisation or f"Buyer of {user.email}",
        country=country,
        contact_name="Anna Nowak",
        preferred_language=language,
        status=BuyerStatus.APPROVED,
    )


def exhibitor_with_booth(pavilion, code, *, x=0, language="ko"):
    """A confirmed exhibitor (with a member, returned as ``exhibitor.member``) holding booth
    ``code`` and its meeting place."""
    company = CompanyFactory(preferred_language=language)
    exhibitor = ExhibitorFactory(pavilion=pavilion, company=company)
    exhibitor.member = MembershipFactory(company=company).user
    booth = Booth.objects.create(
        pavilion=pavilion,
        code=code,
        x=Decimal(x),
        y=Decimal(0),
        width=Decimal(3),
        depth=Decimal(3),
        holder=exhibitor,
    )
    exhibitor.place = MeetingPlace.objects.create(
        pavilion=pavilion, kind=MeetingPlaceKind.BOOTH, booth=booth, label=f"Booth {code}"
    )
    # In the catalogue: buyers ask only exhibitors whose entry the company agreed to.
    CatalogueEntry.objects.create(
        exhibitor=exhibitor,
        product_en=f"Product of booth {code}",
        product_ko=f"{code} 부스 제품",
        agreed_at=timezone.now(),
        agreed_by=exhibitor.member,
    )
    return exhibitor


@dataclass
class MeetingWorld:
    pavilion: object
    settings: MeetingSettings
    exhibitor: Exhibitor
    other_exhibitor: Exhibitor
    buyer: Buyer
    other_buyer: Buyer
    slots: list  # day 1: 10:00, 10:30, 11:00; day 2: 10:00, 10:30 (Madrid)
    tables: list  # two lounge tables
    now: datetime.datetime


def meeting_world(*, starts_on=None, tables=2, buyer_email=None, **settings) -> MeetingWorld:
    starts_on = starts_on or (timezone.localdate() + datetime.timedelta(days=30))
    event = EventFactory(starts_on=starts_on, time_zone="Europe/Madrid")
    pavilion = PavilionFactory(event=event)
    Catalogue.objects.create(pavilion=pavilion, published_at=timezone.now())
    settings = MeetingSettings.objects.create(pavilion=pavilion, requests_open=True, **settings)
    slots = []
    for day, times in ((0, ("10:00", "10:30", "11:00")), (1, ("10:00", "10:30"))):
        for time in times:
            starts = datetime.datetime.combine(
                starts_on + datetime.timedelta(days=day),
                datetime.time.fromisoformat(time),
                MADRID,
            )
            slots.append(
                MeetingSlot.objects.create(
                    pavilion=pavilion,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(minutes=30),
                )
            )
    lounge = [
        MeetingPlace.objects.create(
            pavilion=pavilion, kind=MeetingPlaceKind.LOUNGE, label=f"Lounge table {n + 1}"
        )
        for n in range(tables)
    ]
    return MeetingWorld(
        pavilion=pavilion,
        settings=settings,
        exhibitor=exhibitor_with_booth(pavilion, "A1"),
        other_exhibitor=exhibitor_with_booth(pavilion, "A2", x=3),
        buyer=approved_buyer(buyer_email),
        other_buyer=approved_buyer(language="ko"),
        slots=slots,
        tables=lounge,
        now=timezone.now(),
    )

"""The demo's "Meet the buyers" (issue 16) for SCEWC 2024: the catalogue published three
weeks before the expo, the meeting times and places, the buyers (one account per organisation
of the 2024 consultations, ``buyer@example.com`` among them, and two waiting for approval),
and their meetings, which agree with the approved reports: each held meeting is one of the
2024 consultation rows, on its day, with its buyer.

The expo is over, so nothing is left open: besides the held meetings there are requests the
exhibitors declined, requests nobody answered (expired), meetings cancelled before the expo
and buyers who did not come (no-show). The meetings are written through the models, not the
services (which refuse times in the past and mail both sides): :class:`Bookings` keeps the
services' rules (a slot and a place for every booked meeting, nobody booked twice in a slot,
the limits per day), and the database's constraints back it up. No consultation is added,
removed or changed but for its link to the meeting (``source``, ``buyer``, ``meeting``), so
the 2024 figures stay 407 consultations and USD 3,150,000."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

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
from exhibitors.companies.models import Exhibitor, ExhibitorRole, Membership
from exhibitors.demo.buyers_content import (
    BUYER_ACCOUNTS,
    BUYER_EMAIL,
    CATALOGUE_2024,
    CATALOGUE_AGREED_DAYS_BEFORE,
    CATALOGUE_PUBLISHED,
    DEMO_BUYER_ORGANISATION,
    DISTRICT_CATALOGUE,
    INTERESTS,
    LOUNGE_TABLES,
    MEETING_BLOCKS,
    MEETING_MINUTES,
    PENDING_BUYERS,
)
from exhibitors.demo.content import BUYERS, DEMO_PASSWORD
from exhibitors.demo.events import SEOUL
from exhibitors.demo.meetings import meetings_2024
from portal.audit import bulk_write_history

#: The country of each organisation of the 2024 consultations.
COUNTRY_OF = {name: code for code, (_weight, names) in BUYERS.items() for name in names}


def buyers_2024(pavilion, *, staff, today):
    """The whole part, each step skipped when it is already there."""
    catalogue(pavilion, staff=staff)
    settings = meeting_setup(pavilion)
    buyers = buyer_accounts(staff=staff)
    pending_buyers(today=today)
    meetings_2024(pavilion, settings=settings, buyers=buyers)
    return buyers


def exhibitors_of(pavilion):
    return list(
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("company")
        .order_by("role", "company__registration_number")
    )


def entry_text(exhibitor):
    """What ``exhibitor`` published: its company's text, or the districts' with its names."""
    if exhibitor.role == ExhibitorRole.CO_EXHIBITOR:
        company = exhibitor.company
        text = DISTRICT_CATALOGUE
        return text, {
            "summary_ko": text.summary_ko.format(name_ko=company.name_ko),
            "summary_en": text.summary_en.format(name_en=company.name_en),
        }
    text = CATALOGUE_2024[exhibitor.company.registration_number[:9]]
    return text, {"summary_ko": text.summary_ko, "summary_en": text.summary_en}


def catalogue(pavilion, *, staff):
    """The catalogue, published by ``staff`` three weeks before the expo, with an entry for
    every exhibitor, agreed by the company (by its member where it has one) a few days
    before."""
    if Catalogue.objects.filter(pavilion=pavilion).exists():
        return
    rng = random.Random(f"{pavilion.event.slug}-catalogue")
    exhibitors = exhibitors_of(pavilion)
    members = dict(
        Membership.objects.filter(company__in=[e.company_id for e in exhibitors])
        .order_by("joined_at")
        .values_list("company_id", "user_id")
    )
    entries = []
    for exhibitor in exhibitors:
        text, summaries = entry_text(exhibitor)
        days = rng.randint(*sorted(CATALOGUE_AGREED_DAYS_BEFORE))
        entries.append(
            CatalogueEntry(
                exhibitor=exhibitor,
                product_ko=text.product_ko,
                product_en=text.product_en,
                target_markets=list(text.markets),
                partner_types=list(text.partners),
                show_logo=text.show_logo,
                show_website=text.show_website,
                agreed_at=CATALOGUE_PUBLISHED
                - datetime.timedelta(days=days, hours=rng.randint(0, 8)),
                agreed_by_id=members.get(exhibitor.company_id),
                **summaries,
            )
        )
    CatalogueEntry.objects.bulk_create(entries)
    bulk_write_history(CatalogueEntry, [e.pk for e in entries], history_type="+")
    Catalogue.objects.create(
        pavilion=pavilion, published_at=CATALOGUE_PUBLISHED, published_by=staff
    )


def meeting_setup(pavilion):
    """The rules (30-minute meetings, requests expiring after three days, closed now that the
    expo is over), the slots of every expo day in the expo's time zone, and the places: each
    held booth and the lounge's tables."""
    settings, created = MeetingSettings.objects.get_or_create(
        pavilion=pavilion,
        defaults={
            "meeting_minutes": MEETING_MINUTES,
            "request_expiry_days": 3,
            "requests_open": False,
        },
    )
    if not created:
        return settings
    event = pavilion.event
    length = datetime.timedelta(minutes=MEETING_MINUTES)
    slots = []
    day = event.starts_on
    while day <= event.ends_on:
        for first, last in MEETING_BLOCKS:
            starts = datetime.datetime.combine(day, first, event.zone)
            while starts + length <= datetime.datetime.combine(day, last, event.zone):
                slots.append(
                    MeetingSlot(pavilion=pavilion, starts_at=starts, ends_at=starts + length)
                )
                starts += length
        day += datetime.timedelta(days=1)
    MeetingSlot.objects.bulk_create(slots)
    booths = pavilion.booths.filter(holder__isnull=False).order_by("code")
    MeetingPlace.objects.bulk_create(
        [
            MeetingPlace(
                pavilion=pavilion, kind=MeetingPlaceKind.BOOTH, booth=b, label=f"Booth {b.code}"
            )
            for b in booths
        ]
        + [
            MeetingPlace(pavilion=pavilion, kind=MeetingPlaceKind.LOUNGE, label=f"Lounge table {n}")
            for n in range(1, LOUNGE_TABLES + 1)
        ]
    )
    return settings


def buyer_email(first_name, last_name, organisation):
    if organisation == DEMO_BUYER_ORGANISATION:
        return BUYER_EMAIL
    name = slugify(f"{first_name} {last_name}").replace("-", ".")
    return f"{name}@{slugify(organisation).replace('-', '')}.example"


def create_buyers(rows):
    """Users (verified e-mail, ``password`` already hashed) and their buyer accounts, for the
    ``rows`` (email, first and last name, signed-up time, buyer fields) whose e-mail is not
    taken yet, with the demo password; returns the new buyers."""
    User = get_user_model()
    taken = set(
        User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", flat=True)
    )
    rows = [r for r in rows if r[0] not in taken]
    if not rows:
        return []
    password = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow on purpose
    users = User.objects.bulk_create(
        [
            User(
                username=email,
                email=email,
                first_name=first,
                last_name=last,
                password=password,
                date_joined=joined,
            )
            for email, first, last, joined, _fields in rows
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    buyers = Buyer.objects.bulk_create(
        [
            Buyer(user=user, contact_name=f"{row[1]} {row[2]}", **row[4])
            for user, row in zip(users, rows, strict=True)
        ]
    )
    for buyer, row in zip(buyers, rows, strict=True):
        buyer.created_at = row[3]  # signed up then, not when the demo ran
    Buyer.objects.bulk_update(buyers, ["created_at"])
    bulk_write_history(Buyer, [b.pk for b in buyers], history_type="+")
    return buyers


def buyer_accounts(*, staff):
    """One approved buyer per organisation of :data:`BUYER_ACCOUNTS`: signed up in the
    weeks before the catalogue went public, approved by ``staff`` the next day. Returns
    them by organisation."""
    rng = random.Random("scewc-2024-buyers")
    rows = []
    for demo in BUYER_ACCOUNTS:
        joined = datetime.datetime(2024, 9, 16, 9, tzinfo=SEOUL) + datetime.timedelta(
            days=rng.randint(0, 24), hours=rng.randint(0, 10)
        )
        country = COUNTRY_OF[demo.organisation]
        fields = {
            "organisation": demo.organisation,
            "country": country,
            "buyer_type": demo.buyer_type,
            "interests": INTERESTS[demo.buyer_type],
            "phone": "",
            "preferred_language": "en",
            "status": BuyerStatus.APPROVED,
            "decided_by": staff,
            "decided_at": joined.replace(hour=10) + datetime.timedelta(days=1),
        }
        email = buyer_email(demo.first_name, demo.last_name, demo.organisation)
        rows.append((email, demo.first_name, demo.last_name, joined, fields))
    create_buyers(rows)
    return {
        b.organisation: b
        for b in Buyer.objects.filter(
            organisation__in=[d.organisation for d in BUYER_ACCOUNTS],
            status=BuyerStatus.APPROVED,
        ).select_related("user")
    }


def pending_buyers(*, today):
    """Buyers who signed up for the coming edition a few days before ``today``, their e-mail
    verified, waiting for staff to approve them."""
    rows = []
    for organisation, country, buyer_type, first, last, days_ago in PENDING_BUYERS:
        joined = datetime.datetime.combine(
            today - datetime.timedelta(days=days_ago), datetime.time(16), SEOUL
        )
        fields = {
            "organisation": organisation,
            "country": country,
            "buyer_type": buyer_type,
            "interests": INTERESTS[buyer_type],
            "preferred_language": "en",
            "status": BuyerStatus.PENDING,
        }
        rows.append((buyer_email(first, last, organisation), first, last, joined, fields))
    create_buyers(rows)

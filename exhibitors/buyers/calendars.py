"""The secret calendar feeds: a person's own (deadlines, side events, booked meetings) and, for
staff, one pavilion's. The address holds a random token and works without a session; revoking
a feed ends its address for good (a 404), renewing gives a new address and ends the old one.

What a personal feed holds:

- a company's members: for each of the company's live applications, the call's close and the
  confirmation deadline; for each exhibition, the outcome report's deadline and the pavilion's
  side events; the exhibitor's booked meetings;
- a buyer: the booked meetings, and the side events of the pavilions they meet in (booked or
  requested).

A pavilion's feed (staff who may view pavilions) holds its deadlines, all its side events and
all its booked meetings.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Pavilion, SideEvent
from exhibitors.applications.models import Application, ApplicationStatus
from exhibitors.buyers.ics import CalendarItem, ics_calendar, uid_for
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    Buyer,
    CalendarFeed,
    Meeting,
)
from exhibitors.companies.models import Exhibitor, Membership
from portal.refusals import Refused

#: Who may hold a pavilion's feed.
PAVILION_FEED_PERMISSION = "events.view_pavilion"

#: Applications whose deadlines still matter to the company.
LIVE_APPLICATIONS = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.CONFIRMED,
)


class FeedRefused(Refused):
    """No such feed for this user."""


# --- Services -----------------------------------------------------------------------------


def calendar_feed_refusals(*, user, pavilion: Pavilion | None) -> list[str]:
    if pavilion is not None and not user.has_perm(PAVILION_FEED_PERMISSION):
        return [_("Only staff who may view the pavilion have its feed.")]
    return []


@transaction.atomic
def calendar_feed_get_or_create(*, user, pavilion: Pavilion | None = None) -> CalendarFeed:
    """The user's live feed (personal, or of ``pavilion``), created on first use."""
    problems = calendar_feed_refusals(user=user, pavilion=pavilion)
    if problems:
        raise FeedRefused(" ".join(problems))
    feed = live_feed(user, pavilion)
    return feed or CalendarFeed.objects.create(user=user, pavilion=pavilion)


@transaction.atomic
def calendar_feed_revoke(
    *, user, pavilion: Pavilion | None = None, now: datetime.datetime | None = None
) -> int:
    """End the user's live feed (personal, or of ``pavilion``): its address is a 404 from now.
    Returns how many feeds ended (0 or 1)."""
    return CalendarFeed.objects.filter(
        user=user, pavilion=pavilion, revoked_at__isnull=True
    ).update(revoked_at=now or timezone.now())


@transaction.atomic
def calendar_feed_renew(*, user, pavilion: Pavilion | None = None) -> CalendarFeed:
    """A new address for the user's feed; the old one ends."""
    problems = calendar_feed_refusals(user=user, pavilion=pavilion)
    if problems:
        raise FeedRefused(" ".join(problems))
    calendar_feed_revoke(user=user, pavilion=pavilion)
    return CalendarFeed.objects.create(user=user, pavilion=pavilion)


# --- Selectors ----------------------------------------------------------------------------


def live_feed(user, pavilion: Pavilion | None = None) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        user=user, pavilion=pavilion, revoked_at__isnull=True
    ).first()


def user_pavilion_feeds(user) -> list[CalendarFeed]:
    """The user's live pavilion feeds, with their pavilions."""
    return list(
        CalendarFeed.objects.filter(user=user, pavilion__isnull=False, revoked_at__isnull=True)
        .select_related("pavilion__event")
        .order_by("-pavilion__event__starts_on")
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    """The live feed of ``token`` whose owner may still have it, or None (revoked, unknown,
    an inactive user, staff who lost the right to the pavilion)."""
    feed = (
        CalendarFeed.objects.select_related("user", "pavilion__event")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    if feed.pavilion is not None and not feed.user.has_perm(PAVILION_FEED_PERMISSION):
        return None
    return feed


def _deadline(kind: str, pavilion: Pavilion, when: datetime.datetime, title: str, url: str = ""):
    return CalendarItem(
        uid=uid_for(f"deadline-{kind}", pavilion.pk),
        title=f"{title} · {pavilion}",
        starts=when,
        url=url,
    )


def _call_close(pavilion, url=""):
    return _deadline("call", pavilion, pavilion.applications_close_at, _("Call closes"), url)


def _confirmation(pavilion, url=""):
    return _deadline(
        "confirmation", pavilion, pavilion.confirmation_deadline, _("Confirm participation by"), url
    )


def _report(pavilion, url=""):
    return _deadline("report", pavilion, pavilion.report_deadline, _("Outcome report due"), url)


def _side_event(side_event: SideEvent, pavilion: Pavilion) -> CalendarItem:
    return CalendarItem(
        uid=uid_for("side-event", side_event.pk),
        title=f"{side_event.name} · {pavilion}",
        starts=side_event.starts_at,
        location=side_event.place,
        description=str(side_event.get_kind_display()),
    )


def _meeting(meeting: Meeting) -> CalendarItem:
    company = meeting.exhibitor.company
    return CalendarItem(
        uid=uid_for("meeting", meeting.pk),
        title=_("Meeting: %(buyer)s · %(company)s")
        % {"buyer": meeting.buyer.organisation, "company": company.name},
        starts=meeting.slot.starts_at,
        ends=meeting.slot.ends_at,
        location=f"{meeting.place.label} · {meeting.pavilion}" if meeting.place else "",
        description=meeting.reason,
        sequence=meeting.version,
    )


def _meetings():
    return Meeting.objects.filter(status__in=BOOKED_STATUSES).select_related(
        "buyer", "exhibitor__company", "slot", "place", "pavilion__event"
    )


def _side_events(pavilion_ids) -> list[SideEvent]:
    return list(
        SideEvent.objects.filter(pavilion_id__in=pavilion_ids).select_related("pavilion__event")
    )


def _company_items(company_id) -> list[CalendarItem]:
    items = []
    applications = Application.objects.filter(
        company_id=company_id, status__in=LIVE_APPLICATIONS
    ).select_related("pavilion__event")
    for application in applications:
        pavilion = application.pavilion
        items.append(_call_close(pavilion))
        items.append(_confirmation(pavilion))
    exhibitors = list(
        Exhibitor.objects.filter(company_id=company_id).select_related("pavilion__event")
    )
    for exhibitor in exhibitors:
        items.append(_report(exhibitor.pavilion))
    items += [
        _side_event(side_event, side_event.pavilion)
        for side_event in _side_events([exhibitor.pavilion_id for exhibitor in exhibitors])
    ]
    items += [_meeting(meeting) for meeting in _meetings().filter(exhibitor__company_id=company_id)]
    return items


def _buyer_items(buyer: Buyer) -> list[CalendarItem]:
    if not buyer.is_approved:
        return []
    pavilion_ids = set(
        Meeting.objects.filter(
            buyer=buyer, status__in=(*BOOKED_STATUSES, *OPEN_STATUSES)
        ).values_list("pavilion_id", flat=True)
    )
    items = [
        _side_event(side_event, side_event.pavilion) for side_event in _side_events(pavilion_ids)
    ]
    items += [_meeting(meeting) for meeting in _meetings().filter(buyer=buyer)]
    return items


def _pavilion_items(pavilion: Pavilion) -> list[CalendarItem]:
    items = [_call_close(pavilion), _confirmation(pavilion), _report(pavilion)]
    if pavilion.review_deadline:
        items.append(_deadline("review", pavilion, pavilion.review_deadline, _("Reviews due")))
    items += [_side_event(side_event, pavilion) for side_event in pavilion.side_events.all()]
    items += [_meeting(meeting) for meeting in _meetings().filter(pavilion=pavilion)]
    return items


def feed_items(feed: CalendarFeed) -> list[CalendarItem]:
    """What ``feed`` holds now, in a fixed number of queries."""
    if feed.pavilion is not None:
        return _pavilion_items(feed.pavilion)
    user = feed.user
    membership = Membership.objects.filter(user=user).first()
    if membership is not None:
        return _company_items(membership.company_id)
    buyer = Buyer.objects.filter(user=user).first()
    if buyer is not None:
        return _buyer_items(buyer)
    return []


def feed_language(feed: CalendarFeed) -> str | None:
    """The language the feed is written in: the company's or the buyer's; None (the
    request's) for staff's pavilion feeds and anyone else."""
    if feed.pavilion is not None:
        return None
    membership = Membership.objects.filter(user=feed.user).select_related("company").first()
    if membership is not None:
        return membership.company.preferred_language
    buyer = Buyer.objects.filter(user=feed.user).first()
    return buyer.preferred_language if buyer is not None else None


def feed_name(feed: CalendarFeed) -> str:
    if feed.pavilion is not None:
        return str(feed.pavilion)
    return _("My pavilion calendar")


def feed_ics(feed: CalendarFeed) -> bytes:
    """The feed as an iCalendar file."""
    return ics_calendar(feed_items(feed), name=feed_name(feed))

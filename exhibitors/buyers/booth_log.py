"""At the booth: what the exhibitor records on its phone during the expo.

A consultation logged at the booth (:func:`booth_consultation_log`) and a scheduled meeting
marked as held (:func:`meeting_mark_held`) become rows of the exhibitor's outcome report,
marked by where they came from and waiting for the exhibitor to confirm their amounts before
the report is submitted (``needs_confirmation``). The report's own rules apply: a submitted or
approved report refuses them with its message (``outcomes.report_lock_for_edit``). A no-show
(:func:`meeting_mark_no_show`) writes no row.

The marks take the pavilion lock first (:func:`events.locks.pavilion_lock`), then the meeting's
row, then the report's, the order every writer of a pavilion keeps; the meeting's ``version``
makes a second tap on the same button (a page shown before the first) a refusal, not a second
row. The reads of the booth page (today's meetings, today's logs, the buyer search) are here
too.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from events.models import Event
from exhibitors.buyers.meetings import meeting_status_write
from exhibitors.buyers.models import BOOKED_STATUSES, Buyer, BuyerStatus, Meeting, MeetingStatus
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    BuyerType,
    Consultation,
    ConsultationSource,
    ConsultationStage,
)
from portal.audit import audit
from portal.refusals import Refused

#: At most this many buyers answer a search, and this many of today's logs are listed.
SEARCH_LIMIT = 10
RECENT_LOGS = 10
#: A search needs at least this many characters.
SEARCH_MIN_CHARS = 2


class BoothRefused(Refused):
    """What the booth's rules refuse: a log or a mark the exhibitor may not make (now)."""


# Reads -------------------------------------------------------------------------------------


def expo_today(event: Event, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date at the expo (its time zone), not in Seoul."""
    return (now or timezone.now()).astimezone(event.zone).date()


def _expo_day_bounds(
    event: Event, day: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    zone = event.zone
    start = datetime.datetime.combine(day, datetime.time.min, zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, zone)
    return start, end


def booth_meetings_today(exhibitor: Exhibitor, now: datetime.datetime | None = None) -> QuerySet:
    """The exhibitor's booked meetings whose slot lies on today at the expo, by time, with
    their buyer, slot and place: one query."""
    start, end = _expo_day_bounds(
        exhibitor.pavilion.event, expo_today(exhibitor.pavilion.event, now)
    )
    return (
        Meeting.objects.filter(
            exhibitor=exhibitor,
            status__in=BOOKED_STATUSES,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .select_related("buyer", "slot", "place")
        .order_by("slot__starts_at", "id")
    )


def booth_logs_today(exhibitor: Exhibitor, now: datetime.datetime | None = None) -> list:
    """The last consultations logged at the booth or from meetings today, newest first, and
    how many there are today: (count, rows). Two queries."""
    rows = Consultation.objects.filter(
        report__exhibitor=exhibitor,
        met_on=expo_today(exhibitor.pavilion.event, now),
        source__in=(ConsultationSource.BOOTH, ConsultationSource.MEETING),
    )
    return rows.count(), list(rows.order_by("-id")[:RECENT_LOGS])


def booth_buyer_search(query: str) -> list[Buyer]:
    """Approved buyers whose organisation contains ``query`` (at least
    :data:`SEARCH_MIN_CHARS` characters), at most :data:`SEARCH_LIMIT`: one query."""
    query = " ".join((query or "").split())[:100]
    if len(query) < SEARCH_MIN_CHARS:
        return []
    return list(
        Buyer.objects.filter(status=BuyerStatus.APPROVED, organisation__icontains=query).order_by(
            "organisation", "id"
        )[:SEARCH_LIMIT]
    )


def booth_buyer_by_badge(token: str) -> Buyer | None:
    """The approved buyer whose badge carries ``token``, else None (unknown, or not approved
    yet: a badge proves nothing before staff approve its buyer)."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return Buyer.objects.filter(badge_token=token, status=BuyerStatus.APPROVED).first()


def booth_buyer_by_id(buyer_id) -> Buyer | None:
    """The approved buyer with this id, else None."""
    try:
        buyer_id = int(buyer_id)
    except (TypeError, ValueError):
        return None
    return Buyer.objects.filter(pk=buyer_id, status=BuyerStatus.APPROVED).first()


# Writes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Who:
    organisation: str
    country: str
    buyer_type: str


def _who(buyer: Buyer | None, organisation: str, country: str, buyer_type: str | None) -> _Who:
    if buyer is not None:
        if buyer.status != BuyerStatus.APPROVED:
            raise BoothRefused(_("This buyer is not approved: type the organisation instead."))
        return _Who(buyer.organisation, str(buyer.country), buyer.buyer_type)
    organisation = " ".join((organisation or "").split())
    errors = {}
    if not organisation:
        errors["organisation"] = _("Type the buyer's organisation, or choose a buyer.")
    if not country:
        errors["country"] = _("Choose the buyer's country.")
    if errors:
        raise BoothRefused(next(iter(errors.values())), errors)
    return _Who(organisation, str(country), buyer_type or BuyerType.OTHER)


def _report_for_edit(exhibitor: Exhibitor, now: datetime.datetime):
    """The exhibitor's report, opened on first use and locked for an edit, or a refusal: before
    the expo, or once submitted or approved."""
    problem = outcomes.report_open_refusals(exhibitor, now)
    if problem:
        raise BoothRefused(problem)
    report = outcomes.report_get_or_create(exhibitor)
    try:
        return outcomes.report_lock_for_edit(report)
    except outcomes.ReportRefused as error:
        raise BoothRefused(error.message) from error


@transaction.atomic
def booth_consultation_log(
    *,
    exhibitor: Exhibitor,
    buyer: Buyer | None,
    organisation: str = "",
    country: str = "",
    buyer_type: str | None = None,
    product: str = "",
    amount_usd: Decimal | None = None,
    expected_contract_usd: Decimal | None = None,
    stage: str = ConsultationStage.CONSULTED,
    note: str = "",
    by: AbstractBaseUser | None,
    now: datetime.datetime | None = None,
) -> Consultation:
    """Log one consultation at the booth: a row of the exhibitor's outcome report dated today
    at the expo, marked as logged at the booth and waiting for the exhibitor to confirm its
    amounts. With ``buyer`` (an approved buyer: scanned or chosen) the organisation, country
    and buyer type are the buyer's; without, a walk-in buyer's ``organisation`` and
    ``country`` are needed. Refused before the expo, and once the report is submitted or
    approved (with the report's message)."""
    now = now or timezone.now()
    who = _who(buyer, organisation, country, buyer_type)
    event = exhibitor.pavilion.event
    met_on = expo_today(event, now)
    problem = outcomes.report_open_refusals(exhibitor, now) or outcomes.report_date_refusals(
        exhibitor.pavilion, met_on
    )
    if problem:
        raise BoothRefused(problem)
    report = _report_for_edit(exhibitor, now)
    consultation = _same_encounter(report, buyer, met_on, meeting_row=True) or Consultation(
        report=report
    )
    values = {
        "met_on": met_on,
        "buyer_organisation": who.organisation[:200],
        "buyer_country": who.country,
        "buyer_type": who.buyer_type,
        "product": (product or "").strip()[:200],
        "amount_usd": amount_usd or Decimal(0),
        "expected_contract_usd": expected_contract_usd or Decimal(0),
        "stage": stage or ConsultationStage.CONSULTED,
        "note": (note or "").strip()[:500],
        "needs_confirmation": True,
    }
    for field, value in values.items():
        setattr(consultation, field, value)
    if consultation.meeting_id is None:
        consultation.source, consultation.buyer = ConsultationSource.BOOTH, buyer
    consultation.full_clean(exclude=["report", "buyer", "meeting"])
    with audit(user=by, reason="booth log"):
        consultation.save()
        report.save(update_fields=["updated_at"])
    return consultation


def _same_encounter(
    report, buyer: Buyer | None, met_on: datetime.date, *, meeting_row: bool
) -> Consultation | None:
    """The report's row for the same registered buyer on the same day that this booth log or
    meeting mark would repeat: the held meeting's row (``meeting_row``: a booth log fills in
    its amounts) or a booth log not yet tied to a meeting (a meeting marked held takes it as
    its row). One encounter, one consultation: nothing is counted twice."""
    if buyer is None:
        return None
    rows = Consultation.objects.select_for_update().filter(
        report=report, buyer=buyer, met_on=met_on, meeting__isnull=not meeting_row
    )
    if meeting_row:
        rows = rows.filter(source=ConsultationSource.MEETING, needs_confirmation=True)
    else:
        rows = rows.filter(source=ConsultationSource.BOOTH)
    return rows.order_by("pk").first()


def _locked_meeting(meeting: Meeting, version: int) -> Meeting:
    """The meeting's row, locked after its pavilion, checked against the ``version`` the page
    showed: a second tap, or a page older than a change, is refused."""
    pavilion_lock(meeting.pavilion_id)
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("slot", "buyer", "exhibitor__pavilion__event")
        .get(pk=meeting.pk)
    )
    if locked.version != version:
        raise BoothRefused(
            _("This meeting is already marked “%(status)s”.")
            % {"status": MeetingStatus(locked.status).label}
            if locked.status in (MeetingStatus.HELD, MeetingStatus.NO_SHOW)
            else _("This meeting was changed meanwhile: look at it again.")
        )
    return locked


def _check_started(meeting: Meeting, now: datetime.datetime) -> None:
    if meeting.slot is None or now < meeting.slot.starts_at:
        raise BoothRefused(
            _("This meeting starts at %(time)s: mark it once it has started.")
            % {
                "time": formats.time_format(
                    meeting.slot.starts_at.astimezone(meeting.exhibitor.pavilion.event.zone)
                    if meeting.slot
                    else now,
                    "TIME_FORMAT",
                )
            }
        )


@transaction.atomic
def meeting_mark_held(
    *,
    meeting: Meeting,
    by: AbstractBaseUser | None,
    version: int,
    now: datetime.datetime | None = None,
) -> Meeting:
    """The meeting took place: it becomes "held" and a consultation row of the exhibitor's
    report (from the meeting, with the buyer's organisation and country, amount 0, to be
    confirmed). Only once its slot has started; a meeting marked as a no-show may still be
    marked as held (the buyer came late). The report's rules apply as for any row."""
    now = now or timezone.now()
    locked = _locked_meeting(meeting, version)
    if locked.status not in (MeetingStatus.ACCEPTED, MeetingStatus.NO_SHOW):
        raise BoothRefused(
            _("A meeting that is “%(status)s” cannot be marked as held.")
            % {"status": MeetingStatus(locked.status).label}
        )
    _check_started(locked, now)
    exhibitor = locked.exhibitor
    report = _report_for_edit(exhibitor, now)
    buyer = locked.buyer
    met_on = locked.slot.starts_at.astimezone(exhibitor.pavilion.event.zone).date()
    consultation = _same_encounter(report, buyer, met_on, meeting_row=False)
    if consultation is not None:  # logged at the booth before the meeting was marked
        consultation.meeting = locked
    else:
        consultation = Consultation(
            report=report,
            met_on=met_on,
            buyer_organisation=buyer.organisation,
            buyer_country=buyer.country,
            buyer_type=buyer.buyer_type,
            amount_usd=Decimal(0),
            source=ConsultationSource.MEETING,
            buyer=buyer,
            meeting=locked,
            needs_confirmation=True,
        )
    with audit(user=by, reason="meeting held"):
        meeting_status_write(locked, MeetingStatus.HELD, by=by, now=now)
        consultation.save()
        report.save(update_fields=["updated_at"])
    _copy(locked, meeting)
    return meeting


@transaction.atomic
def meeting_mark_no_show(
    *,
    meeting: Meeting,
    by: AbstractBaseUser | None,
    version: int,
    now: datetime.datetime | None = None,
) -> Meeting:
    """The buyer did not come: the meeting becomes "no-show", and no row is written. Only once
    its slot has started."""
    now = now or timezone.now()
    locked = _locked_meeting(meeting, version)
    if locked.status != MeetingStatus.ACCEPTED:
        raise BoothRefused(
            _("A meeting that is “%(status)s” cannot be marked as a no-show.")
            % {"status": MeetingStatus(locked.status).label}
        )
    _check_started(locked, now)
    with audit(user=by, reason="meeting no-show"):
        meeting_status_write(locked, MeetingStatus.NO_SHOW, by=by, now=now)
    _copy(locked, meeting)
    return meeting


def _copy(locked: Meeting, meeting: Meeting) -> None:
    """The caller's instance gets what was saved on the locked row."""
    for name in ("status", "version", "changed_at", "changed_by_id"):
        setattr(meeting, name, getattr(locked, name))

"""The daily reminders and the lapse of unconfirmed acceptances (``manage.py send_reminders``).

One function per kind of reminder, each ``(*, now, days, dry_run)`` returning what it did as
:class:`Reminded` items. A reminder is sent at most once per deadline and address: the
``Reminder`` row (unique on kind, key and address) is written in the same transaction that
queues the mail, so a second run, or two runs at the same moment, send nothing more. A new
deadline (a review deadline moved, a promotion's own confirmation date) is a new key, so it
gets its own reminder. With ``dry_run`` nothing is written and nothing is sent.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from events.models import Pavilion
from exhibitors.applications.models import Application, ApplicationStatus, Reminder, Review
from exhibitors.applications.reviews import ASSIGNABLE_STATES
from exhibitors.applications.services import (
    ApplicationRefused,
    application_expire,
    company_recipients,
    confirmation_deadline,
)
from exhibitors.buyers import mails as meeting_mails
from exhibitors.buyers import meetings
from exhibitors.buyers.models import OPEN_STATUSES, Meeting
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import services as booth_services
from exhibitors.floor.models import Booth
from exhibitors.outcomes.models import REPORT_EDITABLE_STATES
from portal.mail import absolute_url, queue_template_email

REVIEW = "review"
CONFIRM = "confirm"


@dataclass(frozen=True)
class Reminded:
    """One thing done (or, in a dry run, to be done): a reminder about ``about`` mailed to
    ``to``, or an acceptance that lapsed (``to`` empty)."""

    about: str
    to: tuple[str, ...] = ()


def _key(obj: models.Model, deadline: datetime.datetime) -> str:
    return f"{obj.pk}@{deadline.astimezone(datetime.UTC):%Y-%m-%dT%H:%M}"


def _send_once(
    *,
    kind: str,
    key: str,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str,
    now: datetime.datetime,
    dry_run: bool,
) -> list[str]:
    """Queue one mail to those of ``to`` who have not had this reminder; return them."""
    sent_before = set(
        Reminder.objects.filter(kind=kind, key=key, recipient__in=to).values_list(
            "recipient", flat=True
        )
    )
    fresh = [address for address in to if address not in sent_before]
    if dry_run or not fresh:
        return fresh
    with transaction.atomic():
        fresh = [
            address
            for address in fresh
            if Reminder.objects.get_or_create(
                kind=kind, key=key, recipient=address, defaults={"sent_at": now}
            )[1]
        ]
        if fresh:
            queue_template_email(f"emails/{template}", to=fresh, context=context, language=language)
    return fresh


def _window(now: datetime.datetime, days: int) -> tuple[datetime.datetime, datetime.datetime]:
    return now, now + datetime.timedelta(days=days)


def reviewers_remind(*, now: datetime.datetime, days: int, dry_run: bool = False) -> list[Reminded]:
    """Each reviewer with unfinished reviews in a pavilion whose review deadline is within
    ``days`` (and not passed) gets one mail per pavilion: how many are left, and by when."""
    start, end = _window(now, days)
    left = (
        Review.objects.open()
        .filter(
            reviewer__is_active=True,
            application__status__in=ASSIGNABLE_STATES,
            application__pavilion__review_deadline__gt=start,
            application__pavilion__review_deadline__lte=end,
        )
        .values_list("application__pavilion", "reviewer")
        .annotate(left=Count("pk"))
        .order_by("application__pavilion", "reviewer")
    )
    left = list(left)
    pavilions = Pavilion.objects.select_related("event").in_bulk({p for p, _r, _n in left})
    reviewers = get_user_model().objects.in_bulk({r for _p, r, _n in left})
    url = absolute_url(reverse("admin:index"))
    done = []
    for pavilion_id, reviewer_id, count in left:
        pavilion, reviewer = pavilions[pavilion_id], reviewers[reviewer_id]
        if not reviewer.email:
            continue
        sent = _send_once(
            kind=REVIEW,
            key=_key(pavilion, pavilion.review_deadline),
            to=[reviewer.email],
            template="reminder_review",
            context={
                "reviewer": reviewer,
                "pavilion": pavilion,
                "event": pavilion.event,
                "count": count,
                "deadline": pavilion.review_deadline,
                "url": url,
            },
            language=settings.LANGUAGE_CODE,
            now=now,
            dry_run=dry_run,
        )
        if sent:
            done.append(Reminded(str(pavilion), tuple(sent)))
    return done


def _accepted() -> QuerySet[Application]:
    return (
        Application.objects.filter(status=ApplicationStatus.ACCEPTED)
        .annotate(deadline=Coalesce("confirm_by", "pavilion__confirmation_deadline"))
        .select_related("pavilion__event", "company")
        .order_by("deadline", "pk")
    )


def confirmations_remind(
    *, now: datetime.datetime, days: int, dry_run: bool = False
) -> list[Reminded]:
    """The users of each company whose acceptance is not yet confirmed and whose confirmation
    deadline is within ``days`` (and not passed) are asked, in the company's language, to
    confirm by that date."""
    start, end = _window(now, days)
    done = []
    for application in _accepted().filter(deadline__gt=start, deadline__lte=end):
        deadline = confirmation_deadline(application)
        company = application.company
        to = company_recipients(company)
        if not to:
            continue
        sent = _send_once(
            kind=CONFIRM,
            key=_key(application, deadline),
            to=to,
            template="reminder_confirm",
            context={
                "application": application,
                "company": company,
                "pavilion": application.pavilion,
                "event": application.pavilion.event,
                "deadline": deadline,
                "url": absolute_url(reverse("exhibitors:application", args=[application.pk])),
            },
            language=company.preferred_language,
            now=now,
            dry_run=dry_run,
        )
        if sent:
            done.append(Reminded(str(application), tuple(sent)))
    return done


def acceptances_expire(
    *, now: datetime.datetime, days: int | None = None, dry_run: bool = False
) -> list[Reminded]:
    """Acceptances not confirmed by their deadline lapse (``application_expire``), and the
    waiting list moves up. ``days`` is not used: the deadline is the deadline."""
    done = []
    for application in _accepted().filter(deadline__lt=now):
        if not dry_run:
            try:
                application_expire(application=application, now=now)
            except ApplicationRefused:
                continue  # confirmed (or changed) since it was read: nothing to expire
        done.append(Reminded(str(application)))
    return done


def booth_offers_expire(
    *, now: datetime.datetime, days: int | None = None, dry_run: bool = False
) -> list[Reminded]:
    """Booth offers not accepted by their expiry are withdrawn: the booth is free again.
    (The allocation rules already treat an expired offer as free; this tidies the record.)"""
    expired = Booth.objects.filter(held_for__isnull=False, hold_expires_at__lte=now)
    done = [
        Reminded(f"{booth.pavilion_id}:{booth.code}")
        for booth in expired.only("pavilion_id", "code")
    ]
    if not dry_run and done:
        booth_services.offers_expire(now=now)
    return done


REPORT = "report"


def reports_remind(*, now: datetime.datetime, days: int, dry_run: bool = False) -> list[Reminded]:
    """The users of each exhibitor (company or district) whose outcome report is not yet
    submitted are reminded, in the company's language, before the pavilion's report
    deadline (within ``days``, not passed), once per deadline and address."""
    start, end = _window(now, days)
    exhibitors = (
        Exhibitor.objects.filter(
            pavilion__report_deadline__gt=start,
            pavilion__report_deadline__lte=end,
            pavilion__event__starts_on__lte=now.date(),
        )
        .filter(Q(report__isnull=True) | Q(report__status__in=REPORT_EDITABLE_STATES))
        .select_related("company", "pavilion__event")
    )
    done = []
    for exhibitor in exhibitors:
        company, pavilion = exhibitor.company, exhibitor.pavilion
        to = company_recipients(company)
        if not to:
            continue
        sent = _send_once(
            kind=REPORT,
            key=_key(exhibitor, pavilion.report_deadline),
            to=to,
            template="reminder_report",
            context={
                "company": company,
                "pavilion": pavilion,
                "event": pavilion.event,
                "deadline": pavilion.report_deadline,
                "url": absolute_url(reverse("exhibitors:report", args=[exhibitor.pk])),
            },
            language=company.preferred_language,
            now=now,
            dry_run=dry_run,
        )
        if sent:
            done.append(Reminded(str(exhibitor), tuple(sent)))
    return done


def meetings_expire(
    *, now: datetime.datetime, days: int = 0, dry_run: bool = False
) -> list[Reminded]:
    """Meeting requests and proposals nobody answered in time expire (both sides are told by
    ``exhibitors.buyers.mails``). ``days`` is not used: a request expires on its own date."""
    due = Meeting.objects.filter(status__in=OPEN_STATUSES, expires_at__lte=now)
    if dry_run:
        return [
            Reminded(str(meeting)) for meeting in due.select_related("buyer", "exhibitor__company")
        ]
    return [Reminded(str(pk)) for pk in range(meetings.meetings_expire(now=now))]


def meetings_remind(
    *, now: datetime.datetime, days: int = 0, dry_run: bool = False
) -> list[Reminded]:
    """Each buyer and each exhibitor with meetings on the next day (in the expo's time zone)
    gets that day's schedule, once: the meetings are marked (``reminded_at``) in the
    transaction that queues the mails. ``days`` is not used: always the next day."""
    with transaction.atomic():
        due = meetings.meetings_to_remind(now=now, lock=not dry_run)
        if dry_run:
            return [Reminded(str(meeting)) for meeting in due]
        sent = meeting_mails.schedule_reminders_queue(due)
        meetings.meeting_mark_reminded(due, now=now)
    return [Reminded(about, to) for about, to in sent]

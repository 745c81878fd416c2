"""What every move of an application shares: the refusal, the lock, the one status change
(:func:`_move`) and the company's e-mail.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events import public
from events.locks import pavilion_lock
from exhibitors.applications.models import (
    PLACE_HOLDING_STATES,
    TRANSITIONS,
    Application,
    ApplicationStatus,
    StatusChange,
)
from exhibitors.companies.models import Company
from portal.audit import audit
from portal.mail import absolute_url, queue_template_email
from portal.refusals import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class ApplicationRefused(Refused):
    """A move the rules refuse. ``message`` is for the user; ``errors`` maps fields to
    messages when the refusal is about the content of the application."""


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _locked(application: Application) -> Application:
    """Lock the application's pavilion, then the application row alone: always in this order,
    so that two moves of one application at the same moment (a manager accepting while the
    company withdraws) wait for each other instead of deadlocking on PostgreSQL."""
    pavilion_lock(application.pavilion_id)
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("pavilion__event", "company")
        .get(pk=application.pk)
    )


def _locked_row(application: Application) -> Application:
    """Lock the application's row alone, for the company's own moves that take no place (a
    draft's saves, the submission): on deadline night hundreds of them run at once, and the
    pavilion's lock would make them wait for each other for nothing.

    This cannot deadlock with :func:`_locked`'s order (pavilion, then application): the row is
    the first and only row such a move locks, and it takes no other lock after it (the rows it
    writes besides, the history, the status change and the queued mail, reference the
    application or nothing another move locks; the pavilion row it reads is not locked). A
    move of the same application in :func:`_locked`'s order waits for it, or it for that one;
    every other move of the pavilion goes on."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("pavilion__event", "company")
        .get(pk=application.pk)
    )


def _refresh(application: Application, locked: Application) -> Application:
    """Copy the saved state back onto the caller's instance."""
    for field in ("status", "status_changed_at", "submitted_at", "withdrawal_reason"):
        setattr(application, field, getattr(locked, field))
    return application


def _move(
    application: Application,
    to_status: str,
    *,
    by: User | None,
    note: str = "",
    now: datetime.datetime,
    extra_fields: tuple[str, ...] | list[str] = (),
) -> Application:
    """``note``: the staff's or the company's words, or one of the portal's own notes, which
    are stored untranslated (``gettext_noop``) and shown in the reader's language
    (:attr:`StatusChange.note_shown`); translated here, they would stay in the language of
    whoever made the move."""
    from_status = application.status
    if to_status not in TRANSITIONS[ApplicationStatus(from_status)]:
        raise ApplicationRefused(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": ApplicationStatus(from_status).label,
                "to": ApplicationStatus(to_status).label,
            }
        )
    application.status = to_status
    application.status_changed_at = now
    with audit(user=by, reason=note):
        application.save(update_fields=["status", "status_changed_at", "updated_at", *extra_fields])
    if from_status in PLACE_HOLDING_STATES or to_status in PLACE_HOLDING_STATES:
        public.changed()  # the public pavilion page says whether places are left
    StatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        changed_at=now,
        note=note,
    )
    return application


def company_recipients(company: Company) -> list[str]:
    """Where a company's mail goes: its members' addresses, or the company's own address if
    no member has one (the reminders write to the same)."""
    emails = sorted({m.user.email for m in company.memberships.select_related("user")} - {""})
    return emails or ([company.email] if company.email else [])


def _notify(application: Application, template: str) -> None:
    company = application.company
    to = company_recipients(company)
    if to:
        queue_template_email(
            f"emails/{template}",
            to=to,
            context={
                "application": application,
                "pavilion": application.pavilion,
                "event": application.pavilion.event,
                "company": company,
                "url": absolute_url(reverse("exhibitors:application", args=[application.pk])),
            },
            language=company.preferred_language,
        )

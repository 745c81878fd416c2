"""The application's life: one service per move, and the only code that changes a status.

Every service locks the application row, checks the move against ``TRANSITIONS`` and the
pavilion's deadlines (on the server, whatever the page showed), saves only what changed,
records a ``StatusChange`` (who, when, from, to, why) and queues its e-mail after commit
(``notify=False`` for records of the past, such as the demo data).
Views, admin actions and the demo data call these; none of them assigns ``status``.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import CallState, Pavilion
from portal.mail import queue_template_email

from .models import (
    TRANSITIONS,
    Application,
    ApplicationStatus,
    Exhibitor,
    ExhibitorRole,
    StatusChange,
)

S = ApplicationStatus


class ApplicationError(Exception):
    """A move the rules refuse. ``message`` is for the user; ``errors`` maps fields to
    messages when the refusal is about the content of the application."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


def _when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _locked(application):
    return (
        Application.objects.select_for_update()
        .select_related("pavilion__event", "company")
        .get(pk=application.pk)
    )


def _refresh(application, locked):
    """Copy the saved state back onto the caller's instance."""
    for field in ("status", "status_changed_at", "submitted_at", "withdrawal_reason"):
        setattr(application, field, getattr(locked, field))
    return application


def _move(application, to_status, *, by, note="", now, extra_fields=()):
    from_status = application.status
    if to_status not in TRANSITIONS[S(from_status)]:
        raise ApplicationError(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    application.status = to_status
    application.status_changed_at = now
    application.save(update_fields=["status", "status_changed_at", "updated_at", *extra_fields])
    StatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        changed_at=now,
        note=note,
    )
    return application


def _recipients(company):
    emails = sorted({m.user.email for m in company.memberships.select_related("user")} - {""})
    return emails or ([company.email] if company.email else [])


def _notify(application, template):
    company = application.company
    to = _recipients(company)
    if to:
        queue_template_email(
            f"emails/{template}",
            to=to,
            context={
                "application": application,
                "pavilion": application.pavilion,
                "event": application.pavilion.event,
                "company": company,
                "url": settings.SITE_URL + reverse("exhibitors:application", args=[application.pk]),
            },
            language=company.preferred_language,
        )


def can_edit(application, now=None):
    """Drafts can be edited until the call closes; a submission only while the call is open."""
    state = application.pavilion.call_state(now)
    if application.status == S.DRAFT:
        return state != CallState.CLOSED
    if application.status == S.SUBMITTED:
        return state == CallState.OPEN
    return False


def can_withdraw(application, now=None):
    now = now or timezone.now()
    return S.WITHDRAWN in TRANSITIONS[S(application.status)] and (
        now < application.pavilion.event.starts_at
    )


def can_respond(application, now=None):
    now = now or timezone.now()
    return application.status == S.ACCEPTED and now <= application.pavilion.confirmation_deadline


@transaction.atomic
def application_start(*, pavilion, company, user, now=None):
    """A new draft for ``company`` in ``pavilion``: one per company per pavilion, while the
    call has not closed."""
    now = now or timezone.now()
    if pavilion.call_state(now) == CallState.CLOSED:
        raise ApplicationError(
            _("The call for %(pavilion)s closed on %(when)s.")
            % {"pavilion": pavilion.name, "when": _when(pavilion.applications_close_at)}
        )
    if Application.objects.filter(pavilion=pavilion, company=company).exists():
        raise ApplicationError(_("Your company has already applied to this pavilion."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                pavilion=pavilion, company=company, created_by=user, status_changed_at=now
            )
    except IntegrityError as error:  # the same company, at the same moment, in another tab
        raise ApplicationError(_("Your company has already applied to this pavilion.")) from error
    StatusChange.objects.create(
        application=application, from_status="", to_status=S.DRAFT, changed_by=user, changed_at=now
    )
    return application


@transaction.atomic
def application_save(*, application, form, user, now=None):
    """Save what the company typed, if the application may still be edited."""
    locked = _locked(application)
    if not can_edit(locked, now):
        raise ApplicationError(_("This application can no longer be changed."))
    form.instance.status = locked.status  # a stale page cannot bring back an old status
    return form.save()


@transaction.atomic
def application_submit(*, application, user, now=None, notify=True):
    """Submit a complete draft while the call is open; send the receipt."""
    now = now or timezone.now()
    locked = _locked(application)
    pavilion = locked.pavilion
    if locked.status != S.DRAFT:
        raise ApplicationError(_("This application has already been submitted."))
    state = pavilion.call_state(now)
    if state == CallState.UPCOMING:
        raise ApplicationError(
            _("The call opens on %(when)s; you can submit from then on. Your draft is saved.")
            % {"when": _when(pavilion.applications_open_at)}
        )
    if state == CallState.CLOSED:
        raise ApplicationError(
            _("The call closed on %(when)s; applications can no longer be submitted.")
            % {"when": _when(pavilion.applications_close_at)}
        )
    missing = locked.missing_for_submission()
    if missing:
        raise ApplicationError(
            _("Your draft is saved, but it cannot be submitted yet: %(count)s fields are missing.")
            % {"count": len(missing)},
            errors=missing,
        )
    locked.submitted_at = now
    _move(locked, S.SUBMITTED, by=user, now=now, extra_fields=["submitted_at"])
    if notify:
        _notify(locked, "application_submitted")
    return _refresh(application, locked)


@transaction.atomic
def application_withdraw(*, application, user, reason, now=None):
    """Withdraw, with a reason, at any time before the expo starts."""
    now = now or timezone.now()
    locked = _locked(application)
    if not reason.strip():
        raise ApplicationError(
            _("Please tell us why you withdraw."), errors={"reason": _("A reason is required.")}
        )
    if now >= locked.pavilion.event.starts_at:
        raise ApplicationError(
            _("The expo has started; the application can no longer be withdrawn.")
        )
    was_exhibitor = locked.status == S.CONFIRMED
    locked.withdrawal_reason = reason.strip()
    _move(
        locked,
        S.WITHDRAWN,
        by=user,
        note=locked.withdrawal_reason,
        now=now,
        extra_fields=["withdrawal_reason"],
    )
    if was_exhibitor:
        Exhibitor.objects.filter(
            pavilion=locked.pavilion, company=locked.company, role=ExhibitorRole.COMPANY
        ).delete()
    return _refresh(application, locked)


@transaction.atomic
def application_start_review(*, application, user, now=None):
    locked = _locked(application)
    _move(locked, S.UNDER_REVIEW, by=user, now=now or timezone.now())
    return _refresh(application, locked)


@transaction.atomic
def application_accept(*, application, user, note="", now=None, notify=True):
    """Accept, if a place is left: the pavilion row is locked so that two staff accepting the
    last place at the same moment cannot both succeed."""
    now = now or timezone.now()
    pavilion = Pavilion.objects.select_for_update().get(pk=application.pavilion_id)
    locked = _locked(application)
    taken = Application.objects.filter(pavilion=pavilion).holding_places().count()
    if taken >= pavilion.capacity:
        raise ApplicationError(
            _("All %(capacity)s places of %(pavilion)s are taken; nobody more can be accepted.")
            % {"capacity": pavilion.capacity, "pavilion": pavilion.name}
        )
    _move(locked, S.ACCEPTED, by=user, note=note, now=now)
    if notify:
        _notify(locked, "application_accepted")
    return _refresh(application, locked)


@transaction.atomic
def application_waitlist(*, application, user, note="", now=None, notify=True):
    locked = _locked(application)
    _move(locked, S.WAITLISTED, by=user, note=note, now=now or timezone.now())
    if notify:
        _notify(locked, "application_waitlisted")
    return _refresh(application, locked)


@transaction.atomic
def application_reject(*, application, user, note="", now=None, notify=True):
    locked = _locked(application)
    _move(locked, S.REJECTED, by=user, note=note, now=now or timezone.now())
    if notify:
        _notify(locked, "application_rejected")
    return _refresh(application, locked)


@transaction.atomic
def application_confirm(*, application, user, now=None):
    """The accepted company confirms by the deadline and becomes an exhibitor."""
    now = now or timezone.now()
    locked = _locked(application)
    if locked.status == S.ACCEPTED and now > locked.pavilion.confirmation_deadline:
        raise ApplicationError(
            _("The confirmation deadline passed on %(when)s.")
            % {"when": _when(locked.pavilion.confirmation_deadline)}
        )
    _move(locked, S.CONFIRMED, by=user, now=now)
    Exhibitor.objects.get_or_create(
        pavilion=locked.pavilion, company=locked.company, defaults={"role": ExhibitorRole.COMPANY}
    )
    return _refresh(application, locked)


@transaction.atomic
def application_decline(*, application, user, reason="", now=None):
    """The accepted company gives its place back."""
    locked = _locked(application)
    _move(locked, S.DECLINED, by=user, note=reason.strip(), now=now or timezone.now())
    return _refresh(application, locked)

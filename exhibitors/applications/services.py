"""The application's life: one service per move, and the only code that changes a status.

Every service locks the application row, checks the move against ``TRANSITIONS`` and the
pavilion's deadlines (on the server, whatever the page showed), saves only what changed,
records a ``StatusChange`` (who, when, from, to, why) and queues its e-mail after commit
(``notify=False`` for records of the past, such as the demo data).
Views, admin actions and the demo data call these; none of them assigns ``status``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from events import public
from events.locks import pavilion_lock
from events.models import CallState, Pavilion
from exhibitors.applications import consents
from exhibitors.applications.models import (
    PLACE_HOLDING_STATES,
    TRANSITIONS,
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
    ConsentKind,
    Decision,
    StatusChange,
)
from exhibitors.companies.models import Company, Exhibitor, ExhibitorRole
from exhibitors.floor import services as booth_services
from portal.audit import audit
from portal.mail import absolute_url, queue_template_email
from portal.names import display_name
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


def can_edit(application: Application, now: datetime.datetime | None = None) -> bool:
    """Drafts can be edited until the call closes; a submission only while the call is open."""
    state = application.pavilion.call_state(now)
    if application.status == ApplicationStatus.DRAFT:
        return state != CallState.CLOSED
    if application.status == ApplicationStatus.SUBMITTED:
        return state == CallState.OPEN
    return False


def can_withdraw(application: Application, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return ApplicationStatus.WITHDRAWN in TRANSITIONS[ApplicationStatus(application.status)] and (
        now < application.pavilion.event.starts_at
    )


#: A company promoted from the waiting list late gets at least this long to confirm.
PROMOTION_CONFIRMATION_TIME = datetime.timedelta(days=7)


def confirmation_deadline(application: Application) -> datetime.datetime:
    return application.confirm_by or application.pavilion.confirmation_deadline


def can_respond(application: Application, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return application.status == ApplicationStatus.ACCEPTED and now <= confirmation_deadline(
        application
    )


@dataclass(frozen=True)
class NextSteps:
    """What the company may do next with an application, decided here (status and dates
    together) so that the pages show a button only when the service behind it would accept:
    the selectors attach one to every application a page shows (``application.next``)."""

    #: "Continue" / "Edit and submit": a draft the call still lets the company work on.
    can_submit: bool
    #: "Change the application": a draft, or a submission while the call is open.
    can_edit: bool
    can_withdraw: bool
    #: "Confirm participation" and "Decline": accepted, and the confirmation deadline not passed.
    can_confirm: bool
    can_decline: bool
    #: A confirmed exhibitor: its place on the floor and its outcome report.
    is_exhibitor: bool

    @property
    def can_respond(self) -> bool:
        return self.can_confirm or self.can_decline


def application_next_steps(
    application: Application, now: datetime.datetime | None = None
) -> NextSteps:
    """The moves open to the company on ``application`` at ``now`` (see :class:`NextSteps`)."""
    now = now or timezone.now()
    editable = can_edit(application, now)
    respond = can_respond(application, now)
    return NextSteps(
        can_submit=editable and application.status == ApplicationStatus.DRAFT,
        can_edit=editable,
        can_withdraw=can_withdraw(application, now),
        can_confirm=respond,
        can_decline=respond,
        is_exhibitor=application.status == ApplicationStatus.CONFIRMED,
    )


@transaction.atomic
def application_start(
    *, pavilion: Pavilion, company: Company, user: User, now: datetime.datetime | None = None
) -> Application:
    """A new draft for ``company`` in ``pavilion``: one per company per pavilion, while the
    call has not closed."""
    now = now or timezone.now()
    if pavilion.call_state(now) == CallState.CLOSED:
        raise ApplicationRefused(
            _("The call for %(pavilion)s closed on %(when)s.")
            % {"pavilion": pavilion.name, "when": _when(pavilion.applications_close_at)}
        )
    if Application.objects.filter(pavilion=pavilion, company=company).exists():
        raise ApplicationRefused(_("Your company has already applied to this pavilion."))
    try:
        with transaction.atomic(), audit(user=user):
            application = Application.objects.create(
                pavilion=pavilion, company=company, created_by=user, status_changed_at=now
            )
    except IntegrityError as error:  # the same company, at the same moment, in another tab
        raise ApplicationRefused(_("Your company has already applied to this pavilion.")) from error
    StatusChange.objects.create(
        application=application,
        from_status="",
        to_status=ApplicationStatus.DRAFT,
        changed_by=user,
        changed_at=now,
    )
    return application


def submission_time(
    *, arrived_at: datetime.datetime | None = None, now: datetime.datetime | None = None
) -> datetime.datetime:
    """The moment a submission or a change of an application is judged at against the call's
    window: when the request reached the portal (``arrived_at``, ``request.arrived_at`` from
    ``portal.arrival``), so that a submission queued on deadline night is not refused because
    its turn came after the deadline. The arrival is believed at most
    ``SUBMISSION_GRACE_SECONDS`` before ``now`` (a forged or stale ``X-Request-Start`` buys no
    more), and never after it."""
    now = now or timezone.now()
    if arrived_at is None:
        return now
    grace = datetime.timedelta(seconds=settings.SUBMISSION_GRACE_SECONDS)
    return max(min(arrived_at, now), now - grace)


class ApplicationStale(ApplicationRefused):
    """The form was loaded before a newer save of the same application."""


#: What a company types into its application (the form's fields, ``ApplicationForm``): the
#: only values :func:`application_save` takes from what it is given.
EDITABLE_FIELDS = (
    "product_name_ko",
    "product_name_en",
    "product_description_ko",
    "product_description_en",
    "theme",
    "target_markets",
    "exports_description",
    "overseas_offices",
    "past_expos",
    "past_pavilions",
    "goals",
    "booth_preference",
    "booth_notes",
    "introduction_pdf",
    "product_image",
)


def _apply(application: Application, values: Mapping[str, Any]) -> dict[str, Any]:
    """Put the typed ``values`` on ``application`` the way a model form does (a file left
    ``None`` keeps the stored one, ``False`` clears it); returns the many-to-many values, which
    can only be set once the row is saved."""
    many = {}
    for name in EDITABLE_FIELDS:
        if name not in values:
            continue
        field = Application._meta.get_field(name)
        if field.many_to_many:
            many[name] = values[name]
        else:
            field.save_form_data(application, values[name])
    return many


@transaction.atomic
def application_save(
    *,
    application: Application,
    values: Mapping[str, Any],
    user: User,
    version: int | None = None,
    now: datetime.datetime | None = None,
    arrived_at: datetime.datetime | None = None,
) -> Application:
    """Save what the company typed, if the application may still be edited.

    ``values`` are the cleaned values (a form's ``cleaned_data``, uploaded files included);
    only :data:`EDITABLE_FIELDS` are taken from them and they are put on ``application``,
    which keeps them even when the save is refused (the page shows them again).
    ``version`` is the application's ``version`` when the form was loaded: a form loaded
    before a newer save (the back button, a second tab) is refused instead of overwriting it.
    After submission every save must leave the application as complete as the submission
    did (a required document can be replaced, never removed); a refused save changes nothing
    and lists every problem (``ApplicationRefused.errors``). The call's window is judged at the
    request's arrival (``submission_time``)."""
    now = submission_time(arrived_at=arrived_at, now=now)
    locked = _locked(application)
    if not can_edit(locked, now):
        raise ApplicationRefused(_("This application can no longer be changed."))
    if version is not None and version != locked.version:
        raise ApplicationStale(
            _(
                "This application was changed elsewhere (in another tab or by a colleague) "
                "after you opened this page, so nothing was saved. Reload the page to see the "
                "newer version; what you typed is still below."
            )
        )
    many = _apply(application, values)
    application.status = locked.status  # a stale page cannot bring back an old status
    if locked.status != ApplicationStatus.DRAFT:
        missing = application.missing_after_submission()
        if missing:
            raise ApplicationRefused(
                ngettext(
                    "Your application is submitted and must stay complete, so nothing was "
                    "saved: %(count)s field would be left empty.",
                    "Your application is submitted and must stay complete, so nothing was "
                    "saved: %(count)s fields would be left empty.",
                    len(missing),
                )
                % {"count": len(missing)},
                errors=missing,
            )
    application.version = locked.version + 1
    with audit(user=user):
        application.save()
        for name, value in many.items():
            getattr(application, name).set(value)
    return application


@transaction.atomic
def application_submit(
    *,
    application: Application,
    user: User | None,
    now: datetime.datetime | None = None,
    arrived_at: datetime.datetime | None = None,
    notify: bool = True,
) -> Application:
    """Submit a complete draft while the call is open; send the receipt.

    The window is judged at the request's arrival (``submission_time``): a submission that
    reached the portal before the deadline is accepted even if its turn comes a little after
    it, and its ``submitted_at`` is that arrival."""
    now = submission_time(arrived_at=arrived_at, now=now)
    locked = _locked(application)
    pavilion = locked.pavilion
    if locked.status != ApplicationStatus.DRAFT:
        raise ApplicationRefused(_("This application has already been submitted."))
    state = pavilion.call_state(now)
    if state == CallState.UPCOMING:
        raise ApplicationRefused(
            _("The call opens on %(when)s; you can submit from then on. Your draft is saved.")
            % {"when": _when(pavilion.applications_open_at)}
        )
    if state == CallState.CLOSED:
        raise ApplicationRefused(
            _("The call closed on %(when)s; applications can no longer be submitted.")
            % {"when": _when(pavilion.applications_close_at)}
        )
    missing = locked.missing_for_submission()
    if missing:
        raise ApplicationRefused(
            _("Your draft is saved, but it cannot be submitted yet: %(count)s fields are missing.")
            % {"count": len(missing)},
            errors=missing,
        )
    locked.submitted_at = now
    _move(locked, ApplicationStatus.SUBMITTED, by=user, now=now, extra_fields=["submitted_at"])
    if notify:
        _notify(locked, "application_submitted")
    return _refresh(application, locked)


@transaction.atomic
def application_withdraw(
    *,
    application: Application,
    user: User | None,
    reason: str,
    now: datetime.datetime | None = None,
) -> Application:
    """Withdraw, with a reason, at any time before the expo starts. A place given back goes
    to the best-ranked waitlisted company."""
    now = now or timezone.now()
    locked = _locked(application)
    if not reason.strip():
        raise ApplicationRefused(
            _("Please tell us why you withdraw."), errors={"reason": _("A reason is required.")}
        )
    if now >= locked.pavilion.event.starts_at:
        raise ApplicationRefused(
            _("The expo has started; the application can no longer be withdrawn.")
        )
    gives_place_back = locked.holds_place
    was_exhibitor = locked.status == ApplicationStatus.CONFIRMED
    locked.withdrawal_reason = reason.strip()
    _move(
        locked,
        ApplicationStatus.WITHDRAWN,
        by=user,
        note=locked.withdrawal_reason,
        now=now,
        extra_fields=["withdrawal_reason"],
    )
    if was_exhibitor:
        for exhibitor in Exhibitor.objects.filter(
            pavilion=locked.pavilion, company=locked.company, role=ExhibitorRole.COMPANY
        ):
            # The booth goes back to the floor first, recorded like any other move.
            booth_services.booths_release_for_exhibitor(
                exhibitor=exhibitor, user=user, reason=locked.withdrawal_reason
            )
            with audit(user=user, reason=locked.withdrawal_reason):
                exhibitor.delete()
    if gives_place_back:
        waitlist_promote(pavilion=locked.pavilion, now=now)
    return _refresh(application, locked)


@transaction.atomic
def application_start_review(
    *, application: Application, user: User | None, now: datetime.datetime | None = None
) -> Application:
    locked = _locked(application)
    _move(locked, ApplicationStatus.UNDER_REVIEW, by=user, now=now or timezone.now())
    return _refresh(application, locked)


def places_left(
    pavilion: Pavilion, *, counting_pending: bool = False, excluding: Application | None = None
) -> int:
    taken = Application.objects.filter(pavilion=pavilion).holding_places()
    if counting_pending:
        taken = Application.objects.filter(pavilion=pavilion).filter(
            Q(status__in=PLACE_HOLDING_STATES)
            | Q(decision=Decision.ACCEPT, status__in=DECIDABLE_STATES)
        )
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    return pavilion.capacity - taken.count()


def is_full(pavilion: Pavilion) -> bool:
    """Every place is taken (accepted + confirmed = capacity): a new application goes to the
    waiting list."""
    return places_left(pavilion) <= 0


def places_summary(pavilion: Pavilion) -> dict[str, int]:
    """The pavilion's places for the ranking page: ``capacity``, ``held`` (accepted or
    confirmed), ``pending`` (pending acceptances not yet released) and ``left`` (what is still
    free once the pending acceptances are released)."""
    free = places_left(pavilion)
    left = places_left(pavilion, counting_pending=True)
    return {
        "capacity": pavilion.capacity,
        "held": pavilion.capacity - free,
        "pending": free - left,
        "left": left,
    }


def _capacity_error(pavilion: Pavilion) -> ApplicationRefused:
    return ApplicationRefused(
        _("All %(capacity)s places of %(pavilion)s are taken; nobody more can be accepted.")
        % {"capacity": pavilion.capacity, "pavilion": pavilion.name}
    )


@transaction.atomic
def application_accept(
    *,
    application: Application,
    user: User | None,
    note: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
    confirm_by: datetime.datetime | None = None,
) -> Application:
    """Accept, if a place is left (checked under the pavilion's lock)."""
    now = now or timezone.now()
    pavilion = pavilion_lock(application.pavilion_id)
    locked = _locked(application)
    if places_left(pavilion) <= 0:
        raise _capacity_error(pavilion)
    locked.confirm_by = confirm_by or pavilion.confirmation_deadline
    _move(
        locked, ApplicationStatus.ACCEPTED, by=user, note=note, now=now, extra_fields=["confirm_by"]
    )
    if notify:
        _notify(locked, "application_accepted")
    return _refresh(application, locked)


@transaction.atomic
def application_waitlist(
    *,
    application: Application,
    user: User | None,
    note: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Application:
    locked = _locked(application)
    _move(locked, ApplicationStatus.WAITLISTED, by=user, note=note, now=now or timezone.now())
    if notify:
        _notify(locked, "application_waitlisted")
    return _refresh(application, locked)


@transaction.atomic
def application_reject(
    *,
    application: Application,
    user: User | None,
    note: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Application:
    locked = _locked(application)
    _move(locked, ApplicationStatus.REJECTED, by=user, note=note, now=now or timezone.now())
    if notify:
        _notify(locked, "application_rejected")
    return _refresh(application, locked)


@transaction.atomic
def application_confirm(
    *,
    application: Application,
    user: User | None,
    now: datetime.datetime | None = None,
    terms_version: str | None = None,
) -> Application:
    """The accepted company confirms by the deadline and becomes an exhibitor. A company user
    who confirms agrees to the participation terms in force (``terms_version``: the version the
    page showed), recorded with the confirmation; without a user (records of the past, such as
    the demo data) there is nobody to agree."""
    now = now or timezone.now()
    if user is not None and terms_version != consents.TERMS_VERSION:
        message = _("Please agree to the participation terms to confirm your place.")
        raise ApplicationRefused(message, errors={"accept_terms": message})
    locked = _locked(application)
    if locked.status == ApplicationStatus.ACCEPTED and now > confirmation_deadline(locked):
        raise ApplicationRefused(
            _("The confirmation deadline passed on %(when)s.")
            % {"when": _when(confirmation_deadline(locked))}
        )
    _move(locked, ApplicationStatus.CONFIRMED, by=user, now=now)
    if user is not None:
        consents.consent_record(
            user=user,
            kind=ConsentKind.TERMS,
            version=terms_version,
            application=locked,
            now=now,
        )
    with audit(user=user):
        Exhibitor.objects.get_or_create(
            pavilion=locked.pavilion,
            company=locked.company,
            defaults={"role": ExhibitorRole.COMPANY},
        )
    return _refresh(application, locked)


@transaction.atomic
def application_decline(
    *,
    application: Application,
    user: User | None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """The accepted company gives its place back; the waiting list moves up."""
    now = now or timezone.now()
    locked = _locked(application)
    _move(locked, ApplicationStatus.DECLINED, by=user, note=reason.strip(), now=now)
    waitlist_promote(pavilion=locked.pavilion, now=now)
    return _refresh(application, locked)


@transaction.atomic
def application_expire(
    *, application: Application, now: datetime.datetime | None = None
) -> Application:
    """An acceptance not confirmed by its deadline lapses; the waiting list moves up."""
    now = now or timezone.now()
    locked = _locked(application)
    if locked.status != ApplicationStatus.ACCEPTED or now <= confirmation_deadline(locked):
        raise ApplicationRefused(_("This acceptance has not lapsed."))
    _move(
        locked,
        ApplicationStatus.EXPIRED,
        by=None,
        note=gettext_noop("Not confirmed by the deadline."),
        now=now,
    )
    waitlist_promote(pavilion=locked.pavilion, now=now)
    return _refresh(application, locked)


def waitlist_promote(
    *, pavilion: Pavilion, now: datetime.datetime | None = None, by: User | None = None
) -> list[Application]:
    """Offer every free place to the best-ranked waitlisted companies, before the expo.
    Returns the promoted applications. Staff can undo a promotion
    (:func:`application_unpromote`)."""
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        pavilion = pavilion_lock(pavilion.pk)
        if now >= pavilion.event.starts_at:
            return promoted
        free = places_left(pavilion)
        candidates = Application.objects.filter(
            pavilion=pavilion, status=ApplicationStatus.WAITLISTED
        ).ranked()
        for application in candidates[: max(free, 0)]:
            confirm_by = min(
                max(pavilion.confirmation_deadline, now + PROMOTION_CONFIRMATION_TIME),
                pavilion.event.starts_at,
            )
            application_accept(
                application=application,
                user=by,
                now=now,
                confirm_by=confirm_by,
                note=gettext_noop("Promoted from the waiting list."),
            )
            promoted.append(application)
    return promoted


@transaction.atomic
def application_unpromote(
    *, application: Application, user: User | None, now: datetime.datetime | None = None
) -> Application:
    """Staff undo a promotion: the company goes back to the waiting list."""
    locked = _locked(application)
    last = locked.status_changes.order_by("-changed_at", "-pk").first()
    if (
        locked.status != ApplicationStatus.ACCEPTED
        or last is None
        or last.from_status != ApplicationStatus.WAITLISTED
    ):
        raise ApplicationRefused(
            _("Only a company promoted from the waiting list can be put back.")
        )
    _move(
        locked,
        ApplicationStatus.WAITLISTED,
        by=user,
        note=gettext_noop("Promotion undone."),
        now=now or timezone.now(),
    )
    return _refresh(application, locked)


# Decisions: recorded by the programme manager, sent only when released ---------------------

#: Statuses on which a decision can be recorded.
DECIDABLE_STATES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.WAITLISTED}
)
#: The status each decision moves an application to when it is released.
DECISION_STATUS = {
    Decision.ACCEPT: ApplicationStatus.ACCEPTED,
    Decision.WAITLIST: ApplicationStatus.WAITLISTED,
    Decision.REJECT: ApplicationStatus.REJECTED,
}


def decisions_pending(*, pavilion: Pavilion) -> ApplicationQuerySet:
    """The pavilion's pending decisions: exactly those :func:`decisions_release` carries out."""
    return Application.objects.filter(pavilion=pavilion, status__in=DECIDABLE_STATES).exclude(
        decision=""
    )


@transaction.atomic
def decision_record(
    *,
    application: Application,
    decision: str,
    user: User | None,
    now: datetime.datetime | None = None,
) -> Application:
    """Record (or change, or clear with ``""``) a pending decision. An acceptance that would
    take more places than the pavilion has, counting the pending ones, is refused."""
    now = now or timezone.now()
    pavilion = pavilion_lock(application.pavilion_id)
    locked = _locked(application)
    if locked.status not in DECIDABLE_STATES:
        raise ApplicationRefused(
            _("No decision can be taken on an application that is “%(status)s”.")
            % {"status": ApplicationStatus(locked.status).label}
        )
    if (
        decision
        and DECISION_STATUS[Decision(decision)] not in TRANSITIONS[ApplicationStatus(locked.status)]
    ):
        # e.g. "waitlist" on a waitlisted application: releasing it would fail the whole release
        raise ApplicationRefused(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": ApplicationStatus(locked.status).label,
                "to": DECISION_STATUS[Decision(decision)].label,
            }
        )
    if (
        decision == Decision.ACCEPT
        and locked.decision != Decision.ACCEPT
        and places_left(pavilion, counting_pending=True, excluding=locked) <= 0
    ):
        raise _capacity_error(pavilion)
    locked.decision = decision
    locked.decision_by = user if decision else None
    locked.decision_at = now if decision else None
    with audit(user=user):
        locked.save(update_fields=["decision", "decision_by", "decision_at", "updated_at"])
    application.decision, application.decision_by, application.decision_at = (
        locked.decision,
        locked.decision_by,
        locked.decision_at,
    )
    return application


@transaction.atomic
def decisions_record_top(
    *,
    pavilion: Pavilion,
    accept: int,
    waitlist: int,
    user: User | None,
    now: datetime.datetime | None = None,
) -> tuple[int, int]:
    """Accept the best-ranked undecided applications up to ``accept`` (and the places left),
    waitlist the next ``waitlist``. Returns (accepted, waitlisted) counts."""
    pavilion = pavilion_lock(pavilion.pk)
    candidates = list(
        Application.objects.filter(
            pavilion=pavilion,
            status__in=DECIDABLE_STATES - {ApplicationStatus.WAITLISTED},
            decision="",
        ).ranked()
    )
    room = max(places_left(pavilion, counting_pending=True), 0)
    to_accept = candidates[: min(accept, room)]
    to_waitlist = candidates[len(to_accept) : len(to_accept) + waitlist]
    for application in to_accept:
        decision_record(application=application, decision=Decision.ACCEPT, user=user, now=now)
    for application in to_waitlist:
        decision_record(application=application, decision=Decision.WAITLIST, user=user, now=now)
    return len(to_accept), len(to_waitlist)


#: The note of every move a release makes (stored untranslated, see :func:`_move`).
RELEASE_NOTE = gettext_noop("Decision released.")


def _already_released(pavilion: Pavilion) -> ApplicationRefused | None:
    """The refusal of a release that finds nothing pending because the decisions were released
    already (another manager released them a moment before), naming who and when from the
    decision log; ``None`` if the pavilion's decisions were never released."""
    last = (
        StatusChange.objects.filter(application__pavilion=pavilion, note=RELEASE_NOTE)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
        .first()
    )
    if last is None:
        return None
    if last.changed_by is None:
        return ApplicationRefused(
            _(
                "The decisions of %(pavilion)s were already released on %(when)s (Korea "
                "time); nothing is left to release."
            )
            % {"pavilion": pavilion.name, "when": _when(last.changed_at)}
        )
    return ApplicationRefused(
        _(
            "The decisions of %(pavilion)s were already released by %(who)s on %(when)s "
            "(Korea time); nothing is left to release."
        )
        % {
            "pavilion": pavilion.name,
            "who": display_name(last.changed_by),
            "when": _when(last.changed_at),
        }
    )


def release_refusals(pavilion: Pavilion, now: datetime.datetime | None = None) -> str | None:
    """Why the pavilion's decisions cannot be released yet, or ``None`` if they can: decisions
    wait for the call's deadline (every applicant competes for the places), unless the
    pavilion admits on a rolling basis. :func:`decisions_release` refuses with this message,
    and the ranking page shows it."""
    now = now or timezone.now()
    if pavilion.rolling_admission or now >= pavilion.applications_close_at:
        return None
    return _(
        "The decisions of %(pavilion)s can be released once the call has closed, on "
        "%(when)s (Korea time): until then every company may still apply. Decisions can be "
        "marked in the meantime. (A pavilion with rolling admission releases while the call "
        "is open.)"
    ) % {"pavilion": pavilion.name, "when": _when(pavilion.applications_close_at)}


@transaction.atomic
def decisions_release(
    *, pavilion: Pavilion, user: User | None, now: datetime.datetime | None = None
) -> int:
    """Carry out every pending decision of the pavilion at once: the moves are recorded and
    every e-mail goes out when the whole release has committed. Returns the count. Refused
    before the call's deadline, unless the pavilion admits on a rolling basis
    (:func:`release_refusals`), and when nothing is pending because the decisions were released
    already (by whom and when, :func:`_already_released`)."""
    now = now or timezone.now()
    pavilion = pavilion_lock(pavilion.pk)
    refusal = release_refusals(pavilion, now)
    if refusal:
        raise ApplicationRefused(refusal)
    moves = {
        Decision.ACCEPT: application_accept,
        Decision.WAITLIST: application_waitlist,
        Decision.REJECT: application_reject,
    }
    pending = list(decisions_pending(pavilion=pavilion).ranked())
    if not pending:
        # Two managers releasing at once: the second finds, once the first has committed,
        # that nothing is pending any more, and is told who released and when.
        refusal = _already_released(pavilion)
        if refusal is not None:
            raise refusal
    for application in pending:
        moves[Decision(application.decision)](
            application=application, user=user, now=now, note=RELEASE_NOTE
        )
        # Saved (not a queryset update) so that the audit trail records the cleared decision.
        released = Application.objects.get(pk=application.pk)
        released.decision = ""
        with audit(user=user, reason=RELEASE_NOTE):
            released.save(update_fields=["decision"])
    return len(pending)

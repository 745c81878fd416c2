"""Decisions: recorded by the programme manager, sent only when released."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.applications.models import (
    TRANSITIONS,
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
    Decision,
    StatusChange,
)
from exhibitors.applications.services.common import ApplicationRefused, _locked, _when
from exhibitors.applications.services.places import DECIDABLE_STATES, _capacity_error, places_left
from exhibitors.applications.services.staff_moves import (
    application_accept,
    application_reject,
    application_waitlist,
)
from portal.audit import audit
from portal.names import display_name

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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

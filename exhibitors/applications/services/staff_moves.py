"""The staff's moves (review, accept, waitlist, reject) and the waiting list moving up."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.applications.models import Application, ApplicationStatus
from exhibitors.applications.services.common import (
    ApplicationRefused,
    _locked,
    _move,
    _notify,
    _refresh,
)
from exhibitors.applications.services.places import _capacity_error, places_left

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def application_start_review(
    *, application: Application, user: User | None, now: datetime.datetime | None = None
) -> Application:
    locked = _locked(application)
    _move(locked, ApplicationStatus.UNDER_REVIEW, by=user, now=now or timezone.now())
    return _refresh(application, locked)


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


#: A company promoted from the waiting list late gets at least this long to confirm.
PROMOTION_CONFIRMATION_TIME = datetime.timedelta(days=7)


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

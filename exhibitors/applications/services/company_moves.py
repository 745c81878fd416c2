"""The company's answers once it has applied: withdraw, confirm or decline; and an
acceptance lapsing unconfirmed.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from exhibitors.applications import consents
from exhibitors.applications.models import Application, ApplicationStatus, ConsentKind
from exhibitors.applications.services.common import (
    ApplicationRefused,
    _locked,
    _move,
    _refresh,
    _when,
)
from exhibitors.applications.services.next_steps import confirmation_deadline
from exhibitors.applications.services.staff_moves import waitlist_promote
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.floor import services as booth_services
from portal.audit import audit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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

"""A company's own application: the draft, the saves and the submission."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import CallState, Pavilion
from exhibitors.applications.models import Application, ApplicationStatus, StatusChange
from exhibitors.applications.services.common import (
    ApplicationRefused,
    _locked_row,
    _move,
    _notify,
    _refresh,
    _when,
)
from exhibitors.applications.services.next_steps import can_edit
from exhibitors.companies.models import Company
from portal.audit import audit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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


def _check_version(locked: Application, version: int | None) -> None:
    if version is not None and version != locked.version:
        raise ApplicationStale(
            _(
                "This application was changed elsewhere (in another tab or by a colleague) "
                "after you opened this page, so nothing was saved. Reload the page to see the "
                "newer version; what you typed is still below."
            )
        )


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
    request's arrival (``submission_time``). A save takes no place: it locks the application's
    row alone (``_locked_row``), not the pavilion."""
    now = submission_time(arrived_at=arrived_at, now=now)
    locked = _locked_row(application)
    if not can_edit(locked, now):
        raise ApplicationRefused(_("This application can no longer be changed."))
    _check_version(locked, version)
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


def application_submit(
    *,
    application: Application,
    user: User | None,
    now: datetime.datetime | None = None,
    arrived_at: datetime.datetime | None = None,
    notify: bool = True,
    version: int | None = None,
) -> Application:
    """Submit a complete draft while the call is open; send the receipt.

    The window is judged at the request's arrival (``submission_time``): a submission that
    reached the portal before the deadline is accepted even if its turn comes a little after
    it, and its ``submitted_at`` is that arrival. ``version``, as for :func:`application_save`:
    a page loaded before a newer save is refused (:class:`ApplicationStale`).

    A submission takes no place, so it locks the application's row alone (``_locked_row``),
    not the pavilion: on deadline night the submissions of one pavilion go on side by side,
    and only two of the same application (a double click) wait for each other. The receipt
    is rendered once the move is written (it is queued for after the commit either way)."""
    now = submission_time(arrived_at=arrived_at, now=now)
    with transaction.atomic():
        locked = _locked_row(application)
        pavilion = locked.pavilion
        if locked.status != ApplicationStatus.DRAFT:
            raise ApplicationRefused(_("This application has already been submitted."))
        _check_version(locked, version)
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
                _(
                    "Your draft is saved, but it cannot be submitted yet: %(count)s fields are "
                    "missing."
                )
                % {"count": len(missing)},
                errors=missing,
            )
        locked.submitted_at = now
        _move(locked, ApplicationStatus.SUBMITTED, by=user, now=now, extra_fields=["submitted_at"])
    if notify:
        _notify(locked, "application_submitted")
    return _refresh(application, locked)

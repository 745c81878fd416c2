"""What the company may do next with an application: the checks the pages and the services
share (:class:`NextSteps`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from events.models import CallState
from exhibitors.applications.models import TRANSITIONS, Application, ApplicationStatus


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


def application_steps_change_at(
    applications: Iterable[Application], now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The first instant after ``now`` at which the next steps of any of ``applications``, or
    what a page says of them, change by the clock alone: a call opening or closing, a
    confirmation deadline, an expo starting (no withdrawal after) or ending. A copy of a page
    that shows them is true until then (None: never, by the clock)."""
    now = now or timezone.now()
    instants = []
    for application in applications:
        pavilion = application.pavilion
        instants += [
            pavilion.applications_open_at,
            pavilion.applications_close_at,
            confirmation_deadline(application),
            pavilion.event.starts_at,
            pavilion.event.ended_at,
        ]
    return min((instant for instant in instants if instant and instant > now), default=None)

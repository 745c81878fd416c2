"""An application's status and the programme manager's pending decision: the choices, the
only moves a status can make, and the groups of statuses the rest of the code asks about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CONFIRMED = "confirmed", _("Confirmed")


#: The only moves a status can make. `exhibitors.applications.services` is the one place that moves it.
TRANSITIONS = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.UNDER_REVIEW: {
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.WAITLISTED: {
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    },
    # accepted -> waitlisted: staff undo a promotion from the waiting list.
    ApplicationStatus.ACCEPTED: {
        ApplicationStatus.CONFIRMED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.EXPIRED,
        ApplicationStatus.WAITLISTED,
    },
    ApplicationStatus.CONFIRMED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.REJECTED: set(),
    ApplicationStatus.WITHDRAWN: set(),
    ApplicationStatus.DECLINED: set(),
    ApplicationStatus.EXPIRED: set(),
}


#: Statuses whose applications are reviewed and ranked.
REVIEWABLE_STATES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.CONFIRMED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.EXPIRED,
    }
)


#: Statuses that hold one of the pavilion's places.
PLACE_HOLDING_STATES = frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED})


#: Statuses in which the company still has something going on.
ACTIVE_STATES = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.CONFIRMED,
    }
)


FINAL_STATES = frozenset(status for status, moves in TRANSITIONS.items() if not moves)


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Reject")

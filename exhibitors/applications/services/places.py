"""The pavilion's places: how many are held, pending and left."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.applications.models import (
    PLACE_HOLDING_STATES,
    Application,
    ApplicationStatus,
    Decision,
)
from exhibitors.applications.services.common import ApplicationRefused

#: Statuses on which a decision can be recorded.
DECIDABLE_STATES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.WAITLISTED}
)


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

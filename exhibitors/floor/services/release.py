"""Freeing booths: a holder leaves, an offer is withdrawn, an exhibitor leaves the pavilion."""

from django.db import transaction
from django.db.models import Q, QuerySet

from events.locks import pavilion_lock
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor.models import Booth
from portal.audit import audit


@transaction.atomic
def booth_release(*, booth: Booth) -> Booth:
    """Free a booth: its holder leaves, and an offer of it is withdrawn."""
    pavilion_lock(booth.pavilion_id)
    # Saved one by one (not a queryset update) so that the audit trail keeps the change.
    for locked in Booth.objects.filter(pk=booth.pk):
        locked.holder, locked.placed_by_hand = None, False
        locked.held_for = locked.hold_expires_at = None
        locked.save(update_fields=["holder", "placed_by_hand", "held_for", "hold_expires_at"])
    booth.holder, booth.placed_by_hand = None, False
    booth.held_for = booth.hold_expires_at = None
    return booth


@transaction.atomic
def booths_release(*, booths: QuerySet[Booth]) -> int:
    """Free every booth of ``booths`` that someone holds or is offered (each through
    :func:`booth_release`); returns how many."""
    released = 0
    for booth in selectors.booths_held(booths):
        booth_release(booth=booth)
        released += 1
    return released


@transaction.atomic
def booths_release_for_exhibitor(*, exhibitor: Exhibitor, user: object, reason: str) -> int:
    """An exhibitor leaves the pavilion (a withdrawal): the booths it holds are freed and the
    offers made to it withdrawn, each recorded in the booth's history with ``user`` and
    ``reason``. Call it before the exhibitor is deleted (the booths protect their holder:
    forgetting it refuses the delete). Returns how many booths changed."""
    pavilion_lock(exhibitor.pavilion_id)
    released = 0
    with audit(user=user, reason=reason):
        for booth in Booth.objects.filter(Q(holder=exhibitor) | Q(held_for=exhibitor)):
            booth_release(booth=booth)
            released += 1
    return released

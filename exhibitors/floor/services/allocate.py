"""Standing exhibitors in booths: one by hand (:func:`booth_allocate`), or the automatic
allocation of whole pavilions."""

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from events.locks import pavilion_lock, pavilions_lock
from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor.models import Booth
from exhibitors.floor.selectors import Plan
from exhibitors.floor.services.rules import (
    BoothRefused,
    _check_holder,
    _integrity_message,
    _locked_booth,
)
from portal import pagecache
from portal.audit import current_reason

#: Booths written per UPDATE by the automatic allocation. ``bulk_update``'s CASE has one
#: branch per booth and the database walks it for every row, so a batch costs its size
#: squared: 100 keeps the whole floor linear (2,000 booths: 1.0 s instead of 1.4 s at 500).
ALLOCATION_BATCH = 100


@transaction.atomic
def booth_allocate(
    *, booth: Booth, exhibitor: Exhibitor, by_hand: bool = True, now: datetime | None = None
) -> Booth:
    """Put a confirmed exhibitor in a booth. Two staff allocating the same booth at the same
    moment: the pavilion lock makes the second see the first's choice and be refused."""
    now = now or timezone.now()
    pavilion_lock(booth.pavilion_id)
    locked = _locked_booth(booth)
    _check_holder(locked, exhibitor, now)
    locked.holder = exhibitor
    locked.placed_by_hand = by_hand
    locked.held_for = None
    locked.hold_expires_at = None
    try:
        with transaction.atomic():
            locked.save(update_fields=["holder", "placed_by_hand", "held_for", "hold_expires_at"])
    except IntegrityError as error:
        raise BoothRefused(_integrity_message(locked, error)) from error
    booth.holder, booth.placed_by_hand = exhibitor, by_hand
    booth.held_for = booth.hold_expires_at = None
    return booth


# Automatic allocation ---------------------------------------------------------------------------


@transaction.atomic
def pavilion_allocate(
    *, pavilion: Pavilion, dry_run: bool = False, now: datetime | None = None
) -> Plan:
    """Carry out :func:`selectors.allocation_plan` under the pavilion's lock (nothing is written with
    ``dry_run``). A second run finds nobody left to place and changes nothing."""
    pavilion = pavilion_lock(pavilion.pk)
    plan = selectors.allocation_plan(pavilion, now=now)
    if dry_run or not plan.placed:
        return plan
    placed = []
    for booth, exhibitor, _theme in plan.placed:
        booth.holder = exhibitor
        booth.placed_by_hand = False
        booth.held_for = None
        booth.hold_expires_at = None
        placed.append(booth)
    try:
        with transaction.atomic():
            # Only the holder differs from booth to booth: the fields every placed booth gets
            # alike are one plain UPDATE per batch (first, as an expired offer must be gone
            # before the holder comes), and the CASE that ``bulk_update`` builds per booth is
            # for the holder alone (it cost four times as much with all four fields).
            for start in range(0, len(placed), ALLOCATION_BATCH):
                batch = placed[start : start + ALLOCATION_BATCH]
                Booth.objects.filter(pk__in=[booth.pk for booth in batch]).update(
                    placed_by_hand=False, held_for=None, hold_expires_at=None
                )
                # The holders, then one history row per booth (the whole booth as it now is,
                # with the user of the request or of ``history.audit``), inserted in bulk.
                bulk_update_with_history(
                    batch,
                    Booth,
                    ["holder"],
                    default_change_reason=current_reason() or _("Automatic allocation"),
                )
    except IntegrityError as error:  # someone allocated by hand meanwhile
        raise BoothRefused(_("The floor changed during the allocation; run it again.")) from error
    pagecache.written(Booth)
    return plan


@transaction.atomic
def pavilions_allocate(*, pavilions: Iterable[Pavilion]) -> list[tuple[Pavilion, Plan]]:
    """:func:`pavilion_allocate` for each pavilion, all or none: the pavilions are
    locked together, in the one order, first."""
    pavilions = list(pavilions)
    pavilions_lock([pavilion.pk for pavilion in pavilions])
    return [(pavilion, pavilion_allocate(pavilion=pavilion)) for pavilion in pavilions]

"""Holding a booth for an exhibitor: staff offer it, the exhibitor accepts it, an expired offer
frees it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from events.locks import pavilion_lock
from exhibitors.companies.models import Exhibitor
from exhibitors.floor.models import Booth
from exhibitors.floor.services.allocate import ALLOCATION_BATCH, booth_allocate
from exhibitors.floor.services.rules import BoothRefused, _check_holder, _locked_booth
from portal.audit import current_reason


@transaction.atomic
def booth_offer(
    *, booth: Booth, exhibitor: Exhibitor, expires_at: datetime, now: datetime | None = None
) -> Booth:
    """Staff offer a free booth to an exhibitor until ``expires_at``; the exhibitor accepts
    it on their page (:func:`booth_offer_accept`); an expired offer frees the booth."""
    now = now or timezone.now()
    if expires_at <= now:
        raise BoothRefused(_("An offer must expire in the future."))
    pavilion_lock(booth.pavilion_id)
    locked = _locked_booth(booth)
    # An exhibitor with a company booth may be offered another: accepting it moves them.
    _check_holder(locked, exhibitor, now, moving=True)
    if locked.holder_id:
        raise BoothRefused(_("Booth %(code)s is already allocated.") % {"code": locked.code})
    locked.held_for, locked.hold_expires_at = exhibitor, expires_at
    locked.save(update_fields=["held_for", "hold_expires_at"])
    booth.held_for, booth.hold_expires_at = exhibitor, expires_at
    return booth


@transaction.atomic
def booth_offer_accept(*, booth: Booth, exhibitor: Exhibitor, now: datetime | None = None) -> Booth:
    now = now or timezone.now()
    pavilion_lock(booth.pavilion_id)
    locked = _locked_booth(booth)
    if locked.held_for_id != exhibitor.pk or not locked.hold_expires_at:
        raise BoothRefused(_("This booth is not offered to you."))
    if locked.hold_expires_at <= now:
        raise BoothRefused(_("The offer of booth %(code)s has expired.") % {"code": locked.code})
    # The exhibitor takes the offered booth, giving up the company booth they had, if any.
    for former in Booth.objects.filter(holder=exhibitor, kind=locked.kind).exclude(pk=locked.pk):
        former.holder, former.placed_by_hand = None, False
        former.save(update_fields=["holder", "placed_by_hand"])
    return booth_allocate(booth=locked, exhibitor=exhibitor, by_hand=True, now=now)


@transaction.atomic
def offers_expire(*, now: datetime | None = None) -> int:
    """Free every booth whose offer has expired; returns how many."""
    now = now or timezone.now()
    # Locked until written: an offer renewed meanwhile is not withdrawn.
    expired = list(
        Booth.objects.select_for_update().filter(held_for__isnull=False, hold_expires_at__lte=now)
    )
    for booth in expired:
        booth.held_for = booth.hold_expires_at = None
    # One UPDATE per batch and the booths' history rows, as a queryset update would not keep.
    # (The cached floor plan changes nothing here: it showed the booth free from the expiry.)
    return bulk_update_with_history(
        expired,
        Booth,
        ["held_for", "hold_expires_at"],
        batch_size=ALLOCATION_BATCH,
        default_change_reason=current_reason() or _("The offer expired."),
    )

"""Placing booths on the floor: create or move a booth, and stand a holder in it by hand (the
admin's booth form and the layout import write through these)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from exhibitors.companies.models import Exhibitor
from exhibitors.floor.models import Booth
from exhibitors.floor.services.allocate import booth_allocate
from exhibitors.floor.services.release import booth_release
from exhibitors.floor.services.rules import (
    BoothRefused,
    _integrity_message,
    booth_refusals,
    floor_refusals,
    holder_refusals,
)

#: ``holder=UNCHANGED``: :func:`booth_place` leaves whoever stands in the booth where they are.
UNCHANGED = object()


@transaction.atomic
def booth_save(*, booth: Booth) -> Booth:
    """Create or move a booth, if it fits the floor (and its holder, if any, still fits the
    booth's kind). The holder changes only through :func:`booth_allocate` and
    :func:`booth_release`."""
    pavilion = pavilion_lock(booth.pavilion_id)
    problems = floor_refusals(booth, pavilion)
    if booth.holder_id:
        problems.update(holder_refusals(booth, booth.holder))
    if problems:
        raise BoothRefused(" ".join(problems.values()), problems)
    try:
        with transaction.atomic():
            booth.save()
    except IntegrityError as error:
        raise BoothRefused(_integrity_message(booth, error)) from error
    return booth


def booth_place_refusals(
    *,
    booth: Booth,
    holder: Exhibitor | None | object = UNCHANGED,
    seen_holder_id: int | None | object = UNCHANGED,
) -> dict[str, str]:
    """Every rule that :func:`booth_place` would refuse, as {field: message}; empty when it
    would write. ``booth`` carries the pavilion, code, kind and geometry asked for (and the
    primary key of the booth it moves); ``holder`` who is to stand in it (``None``: free it).
    ``seen_holder_id``, if given, is the holder the user saw: a booth allocated or freed by
    someone else since is refused on ``holder``. Locks the pavilion: call it inside the
    transaction that then writes through :func:`booth_place` (the admin's form and the layout
    import do), and the answer holds until it is written."""
    with transaction.atomic():
        pavilion = pavilion_lock(booth.pavilion_id)
        current = (
            Booth.objects.select_related("holder__company", "held_for__company")
            .filter(pk=booth.pk)
            .first()
            if booth.pk
            else None
        )
        candidate = Booth(
            pk=booth.pk,
            pavilion=pavilion,
            code=booth.code,
            kind=booth.kind,
            x=booth.x,
            y=booth.y,
            width=booth.width,
            depth=booth.depth,
            held_for=current.held_for if current else None,
            hold_expires_at=current.hold_expires_at if current else None,
        )
        refusals = {}
        stands = current.holder if current else None
        if holder is not UNCHANGED:
            stands = holder  # whoever stood there gives way
            holder_id = current.holder_id if current else None
            if seen_holder_id is not UNCHANGED and holder_id != seen_holder_id:
                refusals["holder"] = _changed_meanwhile(current)
                stands = None
        refusals.update(booth_refusals(candidate, holder=stands))
    return refusals


def _changed_meanwhile(current: Booth) -> str:
    if current.holder_id:
        return _(
            "Booth %(code)s was allocated to %(holder)s meanwhile; check the holder again."
        ) % {"code": current.code, "holder": current.holder.company}
    return _("Booth %(code)s was freed meanwhile; check the holder again.") % {"code": current.code}


@transaction.atomic
def booth_place(*, booth: Booth, holder: Exhibitor | None | object = UNCHANGED) -> Booth:
    """Create or move a booth and, unless ``holder`` is :data:`UNCHANGED`, stand ``holder``
    in it by hand (``None``: the booth is freed). The holder, the offer and "by hand" are
    never taken from ``booth`` but from the database: a new holder comes through
    :func:`booth_release` and :func:`booth_allocate`, as any other move, each with its
    history row. The admin's booth form and the layout import write through this."""
    pavilion_lock(booth.pavilion_id)
    current = (
        Booth.objects.select_related("holder").filter(pk=booth.pk).first() if booth.pk else None
    )
    booth.holder = current.holder if current else None
    booth.placed_by_hand = current.placed_by_hand if current else False
    booth.held_for_id = current.held_for_id if current else None
    booth.hold_expires_at = current.hold_expires_at if current else None
    changed = holder is not UNCHANGED and getattr(holder, "pk", None) != booth.holder_id
    if changed and booth.holder_id:
        booth_release(booth=booth)
    booth_save(booth=booth)
    if changed and holder is not None:
        booth_allocate(booth=booth, exhibitor=holder, by_hand=True)
    return booth

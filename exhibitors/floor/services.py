"""The pavilion floor: booths, their rules, and who stands where.

One module owns the floor rules, and every write locks the pavilion row first
(``events.locks``), so that two staff placing or allocating at the same
moment are serialised and the rules are checked against what is really there:

- a booth lies inside the floor, has a positive size, and overlaps no other booth (booths
  that only share an edge are fine; PostgreSQL also enforces this with an exclusion
  constraint);
- the booths never add up to more than the pavilion's floor area;
- a booth holds at most one exhibitor, of the kind the booth is for (a company in a
  company booth, a co-exhibiting district in a district booth), and an exhibitor holds at
  most one company booth (a unique constraint backs it);
- only a confirmed exhibitor of the pavilion can be given a booth.
"""

import string
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from events.locks import pavilion_lock, pavilions_lock
from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from exhibitors.floor.selectors import Plan
from portal.audit import audit, current_reason
from portal.numbers import plain
from portal.refusals import Refused

ZERO = Decimal(0)
STANDARD = Decimal(3)
#: Booths written per UPDATE by the automatic allocation. ``bulk_update``'s CASE has one
#: branch per booth and the database walks it for every row, so a batch costs its size
#: squared: 100 keeps the whole floor linear (2,000 booths: 1.0 s instead of 1.4 s at 500).
ALLOCATION_BATCH = 100


class BoothRefused(Refused):
    """A floor rule refused a change. ``message`` names the booth and the rule."""


#: ``holder=UNCHANGED``: :func:`booth_place` leaves whoever stands in the booth where they are.
UNCHANGED = object()


# Placing booths on the floor ------------------------------------------------------------------


def floor_refusals(booth: Booth, pavilion: Pavilion) -> dict[str, str]:
    """Every floor rule ``booth`` breaks, as {field: message}; empty when it fits. Run under
    the pavilion's lock to be sure of the answer."""
    problems = {}
    if booth.width is None or booth.depth is None or booth.width <= 0 or booth.depth <= 0:
        problems["width"] = _("Booth %(code)s needs a positive width and depth.") % {
            "code": booth.code
        }
        return problems
    if (
        booth.x < 0
        or booth.y < 0
        or booth.x + booth.width > pavilion.floor_width_m
        or (booth.y + booth.depth > pavilion.floor_depth_m)
    ):
        problems["x"] = _("Booth %(code)s must lie inside the %(width)s m × %(depth)s m floor.") % {
            "code": booth.code,
            "width": plain(pavilion.floor_width_m),
            "depth": plain(pavilion.floor_depth_m),
        }
    clash = selectors.overlapping(booth).values_list("code", flat=True).first()
    if clash:
        problems["y"] = _("Booth %(code)s overlaps booth %(other)s.") % {
            "code": booth.code,
            "other": clash,
        }
    others = (
        Booth.objects.filter(pavilion=pavilion)
        .exclude(pk=booth.pk)
        .aggregate(area=Sum(F("width") * F("depth")))["area"]
        or ZERO
    )
    if others + booth.width * booth.depth > pavilion.floor_area_m2:
        problems["depth"] = _(
            "With booth %(code)s the booths would cover %(total)s m², more than the floor's "
            "%(floor)s m²."
        ) % {
            "code": booth.code,
            "total": plain(others + booth.width * booth.depth),
            "floor": plain(pavilion.floor_area_m2),
        }
    return problems


def _integrity_message(booth: Booth, error: IntegrityError) -> str:
    text = str(error)
    if "booth_no_overlap" in text:
        return _("Booth %(code)s overlaps another booth.") % {"code": booth.code}
    if "booth_one_company_booth_per_exhibitor" in text or "holder" in text:
        return _(
            "Booth %(code)s: its holder already has a company booth; one company booth per "
            "exhibitor."
        ) % {"code": booth.code}
    if "booth_code_unique" in text or "code" in text:
        return _("Another booth of this pavilion has the code %(code)s.") % {"code": booth.code}
    return _("Booth %(code)s breaks a floor rule.") % {"code": booth.code}


def booth_refusals(
    booth: Booth, holder: Exhibitor | None = None, *, now: datetime | None = None
) -> dict[str, str]:
    """Every rule that placing ``booth`` (and standing ``holder`` in it, if given) would break,
    as {field: message}; empty when all is well. ``booth.holder`` is whoever stands in it
    before the change. Locks the pavilion: call it inside the transaction that then writes
    through the services (the admin's forms and the imports do), and the answer holds."""
    with transaction.atomic():
        pavilion = pavilion_lock(booth.pavilion_id)
        problems = floor_refusals(booth, pavilion)
        if holder is not None:
            problems.update(holder_refusals(booth, holder, now=now))
    return problems


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


# Who stands where ------------------------------------------------------------------------------


def booth_kind_refusals(booth: Booth) -> str | None:
    """Why no exhibitor may stand in (or be offered) ``booth``: a stage, a lounge... holds
    nobody. None for a company or district booth."""
    if booth.kind in HOLDER_ROLE_BY_KIND:
        return None
    return _("Booth %(code)s is a %(kind)s: it holds no exhibitor.") % {
        "code": booth.code,
        "kind": BoothKind(booth.kind).label.lower(),
    }


def _check_holder(
    booth: Booth, exhibitor: Exhibitor, now: datetime, *, moving: bool = False
) -> None:
    """Refuse ``exhibitor`` in ``booth`` unless it may stand there. ``moving``: the exhibitor
    may already hold a company booth, which it gives up on taking this one (an offer)."""
    refusal = booth_kind_refusals(booth)
    if refusal:
        raise BoothRefused(refusal)
    if exhibitor.pavilion_id != booth.pavilion_id:
        raise BoothRefused(
            _("Booth %(code)s: %(holder)s does not exhibit in this pavilion.")
            % {"code": booth.code, "holder": exhibitor.company}
        )
    if HOLDER_ROLE_BY_KIND[BoothKind(booth.kind)] != exhibitor.role:
        raise BoothRefused(
            _("Booth %(code)s is a %(kind)s; %(holder)s cannot stand in it.")
            % {
                "code": booth.code,
                "kind": BoothKind(booth.kind).label.lower(),
                "holder": exhibitor.company,
            }
        )
    if booth.holder_id and booth.holder_id != exhibitor.pk:
        raise BoothRefused(
            _("Booth %(code)s is already allocated to %(holder)s.")
            % {"code": booth.code, "holder": booth.holder.company}
        )
    if (
        booth.held_for_id
        and booth.held_for_id != exhibitor.pk
        and booth.hold_expires_at
        and booth.hold_expires_at > now
    ):
        raise BoothRefused(
            _("Booth %(code)s is offered to %(holder)s until %(when)s.")
            % {
                "code": booth.code,
                "holder": booth.held_for.company,
                "when": timezone.localtime(booth.hold_expires_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    if (
        not moving
        and booth.kind == BoothKind.COMPANY
        and Booth.objects.filter(holder=exhibitor, kind=BoothKind.COMPANY)
        .exclude(pk=booth.pk)
        .exists()
    ):
        raise BoothRefused(
            _(
                "Booth %(code)s: %(holder)s already has a company booth; one company booth "
                "per exhibitor."
            )
            % {"code": booth.code, "holder": exhibitor.company}
        )


def holder_refusals(
    booth: Booth, exhibitor: Exhibitor, *, now: datetime | None = None
) -> dict[str, str]:
    """{"holder": message} when ``exhibitor`` may not stand in ``booth`` (the booth's kind,
    pavilion, current holder and offer, and one company booth per exhibitor); empty when it
    may. ``booth.holder`` is whoever stands in it before the change."""
    try:
        _check_holder(booth, exhibitor, now or timezone.now())
    except BoothRefused as error:
        return {"holder": error.message}
    return {}


def _locked_booth(booth: Booth) -> Booth:
    # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the outer joins to the
    # holder and the offer; the booth's own row is the one to lock.
    return (
        Booth.objects.select_for_update(of=("self",))
        .select_related("holder__company", "held_for__company")
        .get(pk=booth.pk)
    )


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
    return bulk_update_with_history(
        expired,
        Booth,
        ["held_for", "hold_expires_at"],
        batch_size=ALLOCATION_BATCH,
        default_change_reason=current_reason() or _("The offer expired."),
    )


# The layout generator ---------------------------------------------------------------------------


def _row_name(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


@transaction.atomic
def layout_generate(
    *,
    pavilion: Pavilion,
    aisle: Decimal = Decimal(2),
    width: Decimal = STANDARD,
    depth: Decimal = STANDARD,
) -> list[Booth]:
    """Fill the free floor with rows of ``width`` × ``depth`` company booths, two rows back to
    back between aisles of ``aisle`` metres, around whatever staff already placed (stage,
    lounge...), and never beyond the floor area. Returns the new booths; staff then adjust
    them by hand."""
    pavilion = pavilion_lock(pavilion.pk)
    aisle, width, depth = Decimal(aisle), Decimal(width), Decimal(depth)
    existing = list(Booth.objects.filter(pavilion=pavilion))
    used_codes = {b.code for b in existing}
    area = sum((b.width * b.depth for b in existing), ZERO)
    created, row, y = [], 0, ZERO
    while y + depth <= pavilion.floor_depth_m:
        number, x = 1, ZERO
        while x + width <= pavilion.floor_width_m:
            code = f"{_row_name(row)}{number}"
            while code in used_codes:
                number += 1
                code = f"{_row_name(row)}{number}"
            candidate = Booth(
                pavilion=pavilion,
                code=code,
                kind=BoothKind.COMPANY,
                x=x,
                y=y,
                width=width,
                depth=depth,
            )
            if area + width * depth > pavilion.floor_area_m2:
                break
            if not any(selectors.overlaps(candidate, other) for other in existing):
                existing.append(candidate)
                created.append(candidate)
                used_codes.add(code)
                area += width * depth
                number += 1
            x += width
        # Two rows back to back, then an aisle.
        y += depth if row % 2 == 0 else depth + aisle
        row += 1
    return bulk_create_with_history(created, Booth, default_change_reason=current_reason())


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
    return plan


@transaction.atomic
def pavilions_allocate(*, pavilions: Iterable[Pavilion]) -> list[tuple[Pavilion, Plan]]:
    """:func:`pavilion_allocate` for each pavilion, all or none: the pavilions are
    locked together, in the one order, first."""
    pavilions = list(pavilions)
    pavilions_lock([pavilion.pk for pavilion in pavilions])
    return [(pavilion, pavilion_allocate(pavilion=pavilion)) for pavilion in pavilions]

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
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from events.locks import pavilion_lock
from exhibitors.applications.models import Application
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from portal.audit import current_reason
from portal.numbers import plain

ZERO = Decimal(0)
STANDARD = Decimal(3)
#: Booths written per UPDATE by the automatic allocation. ``bulk_update``'s CASE has one
#: branch per booth and the database walks it for every row, so a batch costs its size
#: squared: 100 keeps the whole floor linear (2,000 booths: 1.0 s instead of 1.4 s at 500).
ALLOCATION_BATCH = 100


class BoothError(Exception):
    """A floor rule refused a change. ``message`` names the booth and the rule."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


# Geometry -------------------------------------------------------------------------------------


def overlaps(a, b):
    """Two rectangles overlap when their inside areas meet; touching edges do not count."""
    return (
        a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.depth and b.y < a.y + a.depth
    )


def overlapping(booth):
    """The other booths of the pavilion that ``booth`` would overlap (one query)."""
    return (
        Booth.objects.filter(pavilion_id=booth.pavilion_id)
        .exclude(pk=booth.pk)
        .filter(
            x__lt=booth.x + booth.width,
            y__lt=booth.y + booth.depth,
        )
        .annotate(x2=F("x") + F("width"), y2=F("y") + F("depth"))
        .filter(x2__gt=booth.x, y2__gt=booth.y)
    )


def open_sides(booths):
    """{booth id: number of open sides} for one pavilion's booths. A side is open unless
    another booth stands against it along part of its length. O(n log n): the edges on each
    line are sorted, and a side looks up the edges facing it by bisection."""
    lines = {side: defaultdict(list) for side in ("left", "right", "top", "bottom")}
    for b in booths:
        lines["left"][b.x].append((b.y, b.y + b.depth))
        lines["right"][b.x + b.width].append((b.y, b.y + b.depth))
        lines["top"][b.y].append((b.x, b.x + b.width))
        lines["bottom"][b.y + b.depth].append((b.x, b.x + b.width))
    # Per line, the edges' starts in order and the furthest end reached so far: some edge
    # among the first k overlaps (start, end) exactly when the furthest of their ends lies
    # beyond start. (A booth's own edges never face it: its width and depth are positive.)
    index = {}
    for side, edges_by_line in lines.items():
        index[side] = {}
        for line, edges in edges_by_line.items():
            edges.sort()
            reach, furthest = [], None
            for _start, end in edges:
                furthest = end if furthest is None or end > furthest else furthest
                reach.append(furthest)
            index[side][line] = ([start for start, _end in edges], reach)

    def touches(side, line, start, end):
        found = index[side].get(line)
        if found is None:
            return False
        starts, reach = found
        before = bisect_left(starts, end)  # the edges that start before this side ends
        return before > 0 and reach[before - 1] > start

    result = {}
    for b in booths:
        x2, y2 = b.x + b.width, b.y + b.depth
        closed = (
            touches("right", b.x, b.y, y2)  # a booth to the left
            + touches("left", x2, b.y, y2)  # to the right
            + touches("bottom", b.y, b.x, x2)  # above
            + touches("top", y2, b.x, x2)  # below
        )
        result[b.pk] = 4 - closed
    return result


def is_corner(sides):
    return sides >= 2


# Placing booths on the floor ------------------------------------------------------------------


def floor_problems(booth, pavilion):
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
    clash = overlapping(booth).values_list("code", flat=True).first()
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


def _integrity_message(booth, error):
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


def booth_problems(booth, holder=None, *, now=None):
    """Every rule that placing ``booth`` (and standing ``holder`` in it, if given) would break,
    as {field: message}; empty when all is well. ``booth.holder`` is whoever stands in it
    before the change. Locks the pavilion: call it inside the transaction that then writes
    through the services (the admin's forms and the imports do), and the answer holds."""
    with transaction.atomic():
        pavilion = pavilion_lock(booth.pavilion_id)
        problems = floor_problems(booth, pavilion)
        if holder is not None:
            problems.update(holder_problems(booth, holder, now=now))
    return problems


@transaction.atomic
def booth_save(*, booth):
    """Create or move a booth, if it fits the floor (and its holder, if any, still fits the
    booth's kind). The holder changes only through :func:`booth_allocate` and
    :func:`booth_release`."""
    pavilion = pavilion_lock(booth.pavilion_id)
    problems = floor_problems(booth, pavilion)
    if booth.holder_id:
        problems.update(holder_problems(booth, booth.holder))
    if problems:
        raise BoothError(" ".join(problems.values()), problems)
    try:
        with transaction.atomic():
            booth.save()
    except IntegrityError as error:
        raise BoothError(_integrity_message(booth, error)) from error
    return booth


# Who stands where ------------------------------------------------------------------------------


def _check_holder(booth, exhibitor, now, *, moving=False):
    """Refuse ``exhibitor`` in ``booth`` unless it may stand there. ``moving``: the exhibitor
    may already hold a company booth, which it gives up on taking this one (an offer)."""
    if booth.kind not in HOLDER_ROLE_BY_KIND:
        raise BoothError(
            _("Booth %(code)s is a %(kind)s: it holds no exhibitor.")
            % {"code": booth.code, "kind": BoothKind(booth.kind).label.lower()}
        )
    if exhibitor.pavilion_id != booth.pavilion_id:
        raise BoothError(
            _("Booth %(code)s: %(holder)s does not exhibit in this pavilion.")
            % {"code": booth.code, "holder": exhibitor.company}
        )
    if HOLDER_ROLE_BY_KIND[BoothKind(booth.kind)] != exhibitor.role:
        raise BoothError(
            _("Booth %(code)s is a %(kind)s; %(holder)s cannot stand in it.")
            % {
                "code": booth.code,
                "kind": BoothKind(booth.kind).label.lower(),
                "holder": exhibitor.company,
            }
        )
    if booth.holder_id and booth.holder_id != exhibitor.pk:
        raise BoothError(
            _("Booth %(code)s is already allocated to %(holder)s.")
            % {"code": booth.code, "holder": booth.holder.company}
        )
    if (
        booth.held_for_id
        and booth.held_for_id != exhibitor.pk
        and booth.hold_expires_at
        and booth.hold_expires_at > now
    ):
        raise BoothError(
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
        raise BoothError(
            _(
                "Booth %(code)s: %(holder)s already has a company booth; one company booth "
                "per exhibitor."
            )
            % {"code": booth.code, "holder": exhibitor.company}
        )


def holder_problems(booth, exhibitor, *, now=None):
    """{"holder": message} when ``exhibitor`` may not stand in ``booth`` (the booth's kind,
    pavilion, current holder and offer, and one company booth per exhibitor); empty when it
    may. ``booth.holder`` is whoever stands in it before the change."""
    try:
        _check_holder(booth, exhibitor, now or timezone.now())
    except BoothError as error:
        return {"holder": error.message}
    return {}


def _locked_booth(booth):
    # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the outer joins to the
    # holder and the offer; the booth's own row is the one to lock.
    return (
        Booth.objects.select_for_update(of=("self",))
        .select_related("holder__company", "held_for__company")
        .get(pk=booth.pk)
    )


@transaction.atomic
def booth_allocate(*, booth, exhibitor, by_hand=True, now=None):
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
        raise BoothError(_integrity_message(locked, error)) from error
    booth.holder, booth.placed_by_hand = exhibitor, by_hand
    booth.held_for = booth.hold_expires_at = None
    return booth


@transaction.atomic
def booth_release(*, booth):
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
def booth_offer(*, booth, exhibitor, expires_at, now=None):
    """Staff offer a free booth to an exhibitor until ``expires_at``; the exhibitor accepts
    it on their page (:func:`booth_offer_accept`); an expired offer frees the booth."""
    now = now or timezone.now()
    if expires_at <= now:
        raise BoothError(_("An offer must expire in the future."))
    pavilion_lock(booth.pavilion_id)
    locked = _locked_booth(booth)
    # An exhibitor with a company booth may be offered another: accepting it moves them.
    _check_holder(locked, exhibitor, now, moving=True)
    if locked.holder_id:
        raise BoothError(_("Booth %(code)s is already allocated.") % {"code": locked.code})
    locked.held_for, locked.hold_expires_at = exhibitor, expires_at
    locked.save(update_fields=["held_for", "hold_expires_at"])
    booth.held_for, booth.hold_expires_at = exhibitor, expires_at
    return booth


@transaction.atomic
def booth_offer_accept(*, booth, exhibitor, now=None):
    now = now or timezone.now()
    pavilion_lock(booth.pavilion_id)
    locked = _locked_booth(booth)
    if locked.held_for_id != exhibitor.pk or not locked.hold_expires_at:
        raise BoothError(_("This booth is not offered to you."))
    if locked.hold_expires_at <= now:
        raise BoothError(_("The offer of booth %(code)s has expired.") % {"code": locked.code})
    # The exhibitor takes the offered booth, giving up the company booth they had, if any.
    for former in Booth.objects.filter(holder=exhibitor, kind=locked.kind).exclude(pk=locked.pk):
        former.holder, former.placed_by_hand = None, False
        former.save(update_fields=["holder", "placed_by_hand"])
    return booth_allocate(booth=locked, exhibitor=exhibitor, by_hand=True, now=now)


@transaction.atomic
def offers_expire(*, now=None):
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


def _row_name(index):
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


@transaction.atomic
def layout_generate(*, pavilion, aisle=Decimal(2), width=STANDARD, depth=STANDARD):
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
            if not any(overlaps(candidate, other) for other in existing):
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


@dataclass
class Plan:
    placed: list = field(default_factory=list)  # (booth, exhibitor, Theme or None)
    unplaced: list = field(default_factory=list)  # (exhibitor, reason)


def _snake(booths):
    """Booths in walking order: row by row (by y), alternately left to right and right to
    left, so that consecutive booths stand next to each other."""
    rows = defaultdict(list)
    for booth in booths:
        rows[booth.y].append(booth)
    ordered = []
    for index, y in enumerate(sorted(rows)):
        row = sorted(rows[y], key=lambda b: b.x, reverse=index % 2 == 1)
        ordered.extend(row)
    return ordered


def allocation_plan(pavilion, now=None):
    """Who would go where: every confirmed exhibitor without a booth, into the free booths
    of its kind. Companies of one theme stand together (each theme takes a run of
    neighbouring booths, the largest theme first), corner booths go to the best-ranked
    companies that asked for one, and districts get district booths. Booths allocated by
    hand, or offered to someone, are left alone."""
    now = now or timezone.now()
    booths = list(Booth.objects.filter(pavilion=pavilion))
    taken = {b.holder_id for b in booths if b.holder_id}
    sides = open_sides(booths)
    free = [
        b
        for b in booths
        if not b.holder_id and not (b.held_for_id and b.hold_expires_at and b.hold_expires_at > now)
    ]
    plan = Plan()
    exhibitors = [
        e
        for e in Exhibitor.objects.filter(pavilion=pavilion).select_related("company")
        if e.pk not in taken
    ]

    companies = [e for e in exhibitors if e.role == ExhibitorRole.COMPANY]
    applications = {
        a.company_id: a
        # A subquery rather than a list of thousands of ids as query parameters.
        for a in Application.objects.filter(
            pavilion=pavilion,
            company__in=Exhibitor.objects.filter(
                pavilion=pavilion, role=ExhibitorRole.COMPANY
            ).values("company_id"),
        )
        .select_related("theme")
        .with_scores()
    }

    def rank_key(exhibitor):
        application = applications.get(exhibitor.company_id)
        score = application.score if application and application.score is not None else -1
        return (-score, exhibitor.company.name_en, exhibitor.pk)

    by_theme = defaultdict(list)
    for exhibitor in companies:
        application = applications.get(exhibitor.company_id)
        by_theme[application.theme if application and application.theme else None].append(exhibitor)
    themes = sorted(
        by_theme,
        key=lambda t: (-len(by_theme[t]), t is None, t.position if t else 0, t.pk if t else 0),
    )
    walk = _snake([b for b in free if b.kind == BoothKind.COMPANY])
    start = 0
    for theme in themes:
        group = sorted(by_theme[theme], key=rank_key)
        segment = walk[start : start + len(group)]
        start += len(segment)
        corners = [b for b in segment if is_corner(sides[b.pk])]
        plain = [b for b in segment if not is_corner(sides[b.pk])]
        wants_corner = [
            e
            for e in group
            if applications.get(e.company_id)
            and applications[e.company_id].booth_preference == "corner"
        ]
        assigned = {}
        for exhibitor in wants_corner:
            if corners:
                assigned[exhibitor.pk] = corners.pop(0)
        rest = plain + corners  # corners nobody asked for go last
        for exhibitor in group:
            if exhibitor.pk in assigned:
                continue
            if rest:
                assigned[exhibitor.pk] = rest.pop(0)
        for exhibitor in group:
            booth = assigned.get(exhibitor.pk)
            if booth is None:
                plan.unplaced.append((exhibitor, _("No free company booth is left.")))
            else:
                plan.placed.append((booth, exhibitor, theme))

    districts = sorted(
        (e for e in exhibitors if e.role == ExhibitorRole.CO_EXHIBITOR),
        key=lambda e: e.company.name_en,
    )
    district_booths = _snake([b for b in free if b.kind == BoothKind.DISTRICT])
    for exhibitor, booth in zip(districts, district_booths, strict=False):
        plan.placed.append((booth, exhibitor, None))
    for exhibitor in districts[len(district_booths) :]:
        plan.unplaced.append((exhibitor, _("No free district booth is left.")))
    return plan


@transaction.atomic
def allocate_automatically(*, pavilion, dry_run=False, now=None):
    """Carry out :func:`allocation_plan` under the pavilion's lock (nothing is written with
    ``dry_run``). A second run finds nobody left to place and changes nothing."""
    pavilion = pavilion_lock(pavilion.pk)
    plan = allocation_plan(pavilion, now=now)
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
        raise BoothError(_("The floor changed during the allocation; run it again.")) from error
    return plan


def unplaced_exhibitors(pavilion):
    """Confirmed exhibitors of the pavilion that hold no booth yet."""
    return (
        Exhibitor.objects.filter(pavilion=pavilion)
        .exclude(Q(booths__isnull=False))
        .select_related("company")
    )

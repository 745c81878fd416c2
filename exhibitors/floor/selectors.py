"""The floor's reads: the booths' geometry (overlaps, open sides, corners), who the automatic
allocation would put where, who still has no booth, and the lists the booth admin shows.

Nothing here writes; the writes are :mod:`exhibitors.floor.services`, which reads through
these under the pavilion's lock.
"""

import hashlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.applications.models import Application
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind

# Geometry -------------------------------------------------------------------------------------


def overlaps(a: Booth, b: Booth) -> bool:
    """Two rectangles overlap when their inside areas meet; touching edges do not count."""
    return (
        a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.depth and b.y < a.y + a.depth
    )


def overlapping(booth: Booth) -> QuerySet[Booth]:
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


def open_sides(booths: Iterable[Booth]) -> dict[int, int]:
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


def is_corner(sides: int) -> bool:
    return sides >= 2


# Automatic allocation: the plan -------------------------------------------------------------


@dataclass
class Plan:
    placed: list = field(default_factory=list)  # (booth, exhibitor, Theme or None)
    unplaced: list = field(default_factory=list)  # (exhibitor, reason)


def _snake(booths: Iterable[Booth]) -> list[Booth]:
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


def allocation_plan(pavilion: Pavilion, now: datetime | None = None) -> Plan:
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


# Who still has no booth -----------------------------------------------------------------------


def unplaced_exhibitors(pavilion: Pavilion) -> QuerySet[Exhibitor]:
    """Confirmed exhibitors of the pavilion that hold no booth yet."""
    return (
        Exhibitor.objects.filter(pavilion=pavilion)
        .exclude(Q(booths__isnull=False))
        .select_related("company")
    )


# The booth admin's lists -----------------------------------------------------------------------

#: The booth list's "allocation" filter: its choices, in order.
OCCUPANCIES = ("free", "offered", "allocated", "by_hand")


def booths_by_occupancy(
    booths: QuerySet[Booth], occupancy: str | None, *, now: datetime
) -> QuerySet[Booth]:
    """``booths`` that are free (a kind that holds an exhibitor, no holder, no live offer),
    offered (a live offer), allocated, or allocated by hand; all of them for any other value."""
    live_offer = Q(held_for__isnull=False, hold_expires_at__gt=now)
    if occupancy == "free":
        return booths.filter(kind__in=list(HOLDER_ROLE_BY_KIND), holder__isnull=True).exclude(
            live_offer
        )
    if occupancy == "offered":
        return booths.filter(live_offer)
    if occupancy == "allocated":
        return booths.filter(holder__isnull=False)
    if occupancy == "by_hand":
        return booths.filter(holder__isnull=False, placed_by_hand=True)
    return booths


def booth_pavilions(booths: QuerySet[Booth]) -> list[Pavilion]:
    """The pavilions of ``booths``, with their events, the latest event first (one query)."""
    return list(
        Pavilion.objects.filter(pk__in=booths.values("pavilion_id"))
        .select_related("event")
        .order_by("-event__starts_on", "slug")
    )


def pavilion_exhibitors(pavilion_id: int, *, role: str | None = None) -> QuerySet[Exhibitor]:
    """The confirmed exhibitors of a pavilion who may stand in its booths (of ``role`` if
    given), with their companies, in the order the booth forms list them."""
    exhibitors = Exhibitor.objects.filter(pavilion_id=pavilion_id).select_related("company")
    if role is not None:
        return exhibitors.filter(role=role).order_by("company__name_ko")
    return exhibitors.order_by("role", "company__name_ko")


def booths_held(booths: QuerySet[Booth]) -> QuerySet[Booth]:
    """Those of ``booths`` that someone holds or is offered: what a release would free."""
    return booths.filter(Q(holder__isnull=False) | Q(held_for__isnull=False))


def allocation_digest(plans: list[tuple[Pavilion, Plan]]) -> str:
    """A fingerprint of the plans, to notice that the floor changed since the page."""
    text = ";".join(
        f"{pavilion.pk}:"
        + ",".join(f"{booth.pk}={exhibitor.pk}" for booth, exhibitor, _theme in plan.placed)
        + "|"
        + ",".join(str(exhibitor.pk) for exhibitor, _reason in plan.unplaced)
        for pavilion, plan in plans
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]

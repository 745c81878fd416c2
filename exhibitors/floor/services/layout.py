"""The layout generator: rows of standard company booths over the free floor."""

import string
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.floor import selectors
from exhibitors.floor.models import Booth, BoothKind
from exhibitors.floor.services.rules import ZERO
from portal import pagecache
from portal.audit import current_reason

STANDARD = Decimal(3)


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
    booths = bulk_create_with_history(created, Booth, default_change_reason=current_reason())
    pagecache.written(Booth)
    return booths

"""The demo's floor plans: the fixed booths staff place, the generated rows of company booths,
and the automatic allocation of the exhibitors."""

from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind


def floor(pavilion):
    """The 23 m × 12 m floor: staff place the stage, the meeting lounge and the three
    district booths along the back; the generator fills rows of 3 m × 3 m company booths
    around them (two rows back to back, a 2 m aisle, a third row); then the automatic
    allocation places the exhibitors, grouped by theme."""
    if pavilion.booths.exists():
        return
    fixed = [
        ("D1", BoothKind.DISTRICT, 3, 8, 3, 3),
        ("D2", BoothKind.DISTRICT, 6, 8, 3, 3),
        ("D3", BoothKind.DISTRICT, 9, 8, 3, 3),
        ("ST", BoothKind.STAGE, 12, 8, 6, 4),
        ("ML", BoothKind.MEETING_LOUNGE, 18, 8, 5, 4),
    ]
    for code, kind, x, y, width, depth in fixed:
        booths.booth_save(
            booth=Booth(pavilion=pavilion, code=code, kind=kind, x=x, y=y, width=width, depth=depth)
        )
    booths.layout_generate(pavilion=pavilion, aisle=2)
    booths.pavilion_allocate(pavilion=pavilion)

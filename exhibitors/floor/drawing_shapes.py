"""What the floor plan drawing is made of: the colours, a booth's state, and the shapes the
template draws (each booth, the legend, the scale bar, the plan). :func:`floor_plan` in
:mod:`exhibitors.floor.drawing` builds them."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from events.models import Theme, m2_to_pyeong
from exhibitors.applications.models import BoothPreference
from exhibitors.floor import selectors
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from portal.numbers import plain

#: Company booths take the colour of their holder's theme: the theme's place among its
#: event's themes picks one of these (ColorBrewer Set3 without its grey, and one more), all
#: light enough for black text.
PALETTE = (
    "#8dd3c7",
    "#ffffb3",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
    "#a6cee3",
)
#: A company booth whose holder gave no theme.
NO_THEME_COLOUR = "#e0d6ff"
#: A company booth nobody holds (offered ones too, drawn with a dashed outline).
FREE_COLOUR = "#ffffff"
#: Everything that is not a company booth: sand for the districts, greys for shared areas.
KIND_COLOURS = {
    BoothKind.DISTRICT: "#dcc9a3",
    BoothKind.STAGE: "#a9a9a9",
    BoothKind.MEETING_LOUNGE: "#cbcbcb",
    BoothKind.INFO_DESK: "#dedede",
    BoothKind.STORAGE: "#bcbcbc",
    BoothKind.OPEN_AREA: "#efefef",
}
OUTLINE = "#343a40"
OFFER_OUTLINE = "#d9480f"
OWN_OUTLINE = "#c2255c"
TEXT = "#212529"
MUTED_TEXT = "#6c757d"

#: Lengths a scale bar may have, in metres.
SCALE_BAR_LENGTHS = (1, 2, 5, 10, 20, 50, 100, 200, 500)


class State:
    """What a booth is, for the drawing."""

    ALLOCATED = "allocated"
    OFFERED = "offered"
    FREE = "free"
    SHARED = "shared"  # a stage, lounge, desk...: holds no exhibitor


class FloorBooth(NamedTuple):
    """A booth's own fields as the drawing reads them: a row, not a model instance (2,000
    booths with their holders' and offers' companies took six times as long to read as
    models as they take as rows)."""

    pk: int
    code: str
    kind: str
    x: Decimal
    y: Decimal
    width: Decimal
    depth: Decimal
    holder_id: int | None
    held_for_id: int | None
    hold_expires_at: object

    area = Booth.area


@dataclass
class BoothShape:
    """One booth as drawn."""

    booth: FloorBooth
    kind_label: str
    holder_name: str
    theme: Theme | None
    sides: int
    state: str
    colour: str
    offered_to_name: str = ""
    offer_expires_at: object = None
    own: bool = False
    offered_to_you: bool = False
    url: str = ""
    lines: list = field(default_factory=list)
    title: str = ""
    size_text: str = ""  # 3 m × 3 m

    # The booth's own fields, for the template.
    @property
    def pk(self):
        return self.booth.pk

    @property
    def code(self):
        return self.booth.code

    @property
    def kind(self):
        return self.booth.kind

    @property
    def x(self):
        return self.booth.x

    @property
    def y(self):
        return self.booth.y

    @property
    def width(self):
        return self.booth.width

    @property
    def depth(self):
        return self.booth.depth

    @property
    def area(self):
        return self.booth.area

    @property
    def corner(self):
        return selectors.is_corner(self.sides)

    @property
    def holds_exhibitor(self):
        return self.booth.kind in HOLDER_ROLE_BY_KIND

    @property
    def theme_name(self):
        return self.theme.name if self.theme else ""

    @property
    def stroke(self):
        return OFFER_OUTLINE if self.state == State.OFFERED else OUTLINE

    @property
    def stroke_width(self):
        """In screen pixels: outlines keep their width whatever the drawing's size."""
        return 2 if self.state == State.OFFERED else 1

    @property
    def dashed(self):
        return self.state == State.OFFERED

    @property
    def highlight(self):
        """The outline drawn over the booth for the company looking at the plan: its own
        booth, or a booth offered to it; empty otherwise."""
        if self.own:
            return OWN_OUTLINE
        if self.offered_to_you:
            return OFFER_OUTLINE
        return ""


@dataclass
class LegendEntry:
    label: str
    colour: str
    stroke: str = OUTLINE
    stroke_width: int = 1
    dashed: bool = False
    key: str = ""
    # Where it is drawn, in metres (set by the layout).
    x: float = 0.0
    y: float = 0.0
    swatch: float = 0.0
    text_x: float = 0.0
    text_y: float = 0.0
    size: float = 0.0


@dataclass
class ScaleSegment:
    x: float
    width: float
    filled: bool


@dataclass
class HolderInfo:
    """What the drawing needs from a company's application to the pavilion."""

    theme: Theme | None
    booth_preference: str

    @property
    def wants_corner(self):
        return self.booth_preference == BoothPreference.CORNER


@dataclass
class FloorPlan:
    pavilion: object
    booths: list
    legend: list
    holders: dict  # company id -> HolderInfo, for every exhibitor of the pavilion
    unit: float  # the drawing's text unit, in metres
    scale_bar: int  # metres
    scale_segments: list
    viewbox: str
    floor_text: str
    title_y: float
    scale_y: float
    scale_height: float
    scale_text_y: float
    company_id: int | None = None

    @property
    def width(self):
        return self.pavilion.floor_width_m

    @property
    def depth(self):
        return self.pavilion.floor_depth_m

    @property
    def area_m2(self):
        return self.pavilion.floor_area_m2

    @property
    def area_pyeong(self):
        return self.pavilion.floor_area_pyeong

    @property
    def area_text(self):
        """276 m² (83.5 pyeong)"""
        return _("%(m2)s m² (%(pyeong)s pyeong)") % {
            "m2": plain(self.area_m2),
            "pyeong": self.area_pyeong,
        }

    @property
    def title_size(self):
        return round(1.0 * self.unit, 3)

    @property
    def text_size(self):
        return round(0.8 * self.unit, 3)

    @property
    def grid(self):
        """Spacing of the faint grid on the floor: a fifth of the scale bar."""
        return Decimal(self.scale_bar) / 5

    @property
    def booth_area_m2(self):
        return sum((shape.area for shape in self.booths), Decimal(0))

    @property
    def booth_area_text(self):
        return _("%(m2)s m² (%(pyeong)s pyeong)") % {
            "m2": plain(self.booth_area_m2),
            "pyeong": m2_to_pyeong(self.booth_area_m2),
        }

    @property
    def free_booths(self):
        """Booths that could take an exhibitor now: nobody holds them, nobody has an offer."""
        return [shape for shape in self.booths if shape.state == State.FREE]

    @property
    def offered_booths(self):
        return [shape for shape in self.booths if shape.state == State.OFFERED]

    @property
    def allocated_booths(self):
        return [shape for shape in self.booths if shape.state == State.ALLOCATED]

    @property
    def own_booths(self):
        return [shape for shape in self.booths if shape.own]

    @property
    def offers_to_you(self):
        return [shape for shape in self.booths if shape.offered_to_you]

    @property
    def scale_bar_text(self):
        return _("%(length)s m") % {"length": self.scale_bar}


def scale_bar_length(floor_width):
    """The longest round length (1, 2, 5, 10... m) within a quarter of the floor's width."""
    quarter = Decimal(floor_width) / 4
    fitting = [length for length in SCALE_BAR_LENGTHS if length <= quarter]
    return fitting[-1] if fitting else SCALE_BAR_LENGTHS[0]

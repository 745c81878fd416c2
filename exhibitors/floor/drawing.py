"""The pavilion floor plan as the drawing needs it (a selector: it reads, never writes).

:func:`floor_plan` gathers, in a fixed number of queries whatever the number of booths
(the booths with their holders and offers, the holders' themes through their applications,
the event's themes), everything ``templates/exhibitors/_floorplan.html`` draws: each
booth's rectangle, code, kind, holder, theme, corner flag and state, its colour, the
labels fitted into it, the legend, the scale bar and the floor's size in m² and pyeong.

Geometry stays in metres, measured from the floor's top-left corner as the booths are; the
SVG's ``viewBox`` is in metres too, so the drawing is at true scale whatever size the page
shows it at. The template only prints the numbers computed here.
"""

import operator
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Theme, m2_to_pyeong
from exhibitors.applications.models import Application, BoothPreference
from exhibitors.floor import selectors
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from portal.i18n import localized
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


class _CharWidths(dict):
    """Rough width of each character in ems in a sans-serif face, worked out the first time
    it is met: wide for Hangul and other East Asian characters, narrower for Latin."""

    def __missing__(self, char):
        if _is_wide(char):
            width = 1.0
        elif char == " ":
            width = 0.32
        elif char.isupper() or char.isdigit():
            width = 0.7
        elif char in ".,:;'!|il":
            width = 0.32
        else:
            width = 0.58
        self[char] = width
        return width


_CHAR_WIDTHS = _CharWidths()


def _em(text, bold=False):
    """Rough width of ``text`` in ems (the sum of its characters' widths, added up left to
    right). Only used to pick font sizes that fit."""
    width = reduce(operator.add, map(_CHAR_WIDTHS.__getitem__, text), 0.0)
    return width * (1.08 if bold else 1.0)


def _is_wide(char):
    return unicodedata.east_asian_width(char) in ("W", "F")


def _two_lines(text, *, anywhere=False):
    """``text`` over two lines, broken at the space that balances them best; Korean (and
    other East Asian) text without a space, or any text when ``anywhere``, in the middle.
    None when there is no good place to break."""
    words = text.split()
    if len(words) > 1:
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        return list(min(splits, key=lambda pair: max(_em(pair[0]), _em(pair[1]))))
    if len(text) >= 2 and (anywhere or any(_is_wide(char) for char in text)):
        middle = (len(text) + 1) // 2
        return [text[:middle], text[middle:]]
    return None


def _truncate(text, em_width):
    if _em(text) <= em_width:
        return text
    while text and _em(text + "…") > em_width:
        text = text[:-1]
    return (text.rstrip() + "…") if text else "…"


@dataclass
class Line:
    """One line of text in a booth, centred on ``x``, with its baseline at ``y`` (metres)."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    muted: bool = False


def _fit_name(name, avail_w, room_h, *, largest, smallest):
    """``name`` on one or two lines at the largest size (up to ``largest``) that fits the
    box. One line is kept unless two are clearly larger; a word is only cut in the middle
    when nothing else reaches ``smallest``, and below that the name is cut short with an
    ellipsis instead of shrunk further."""
    if not name or room_h <= 0:
        return [], 0.0

    def size(lines):
        return min(
            largest,
            avail_w / max(max(_em(line) for line in lines), 0.5),
            room_h / (1.2 * len(lines)),
        )

    best_lines, best_size = [name], size([name])
    two = _two_lines(name)
    if two and size(two) > 1.15 * best_size:
        best_lines, best_size = two, size(two)
    if best_size >= smallest:
        return best_lines, best_size
    two = _two_lines(name, anywhere=True)
    if two and size(two) >= smallest:
        return two, size(two)
    font = min(smallest, room_h / 1.2)
    fit = avail_w / font
    if two and room_h >= 2.4 * font:
        return [_truncate(two[0], fit), _truncate(two[1], fit)], font
    return [_truncate(name, fit)], font


def _fit_labels(x, y, width, depth, code, name, *, unit, muted=False):
    """The booth's code in bold and under it ``name``, centred in the booth, as large as
    fits (the code at most 1.2 text units, so that a stage's code does not shout)."""
    w, d = float(width), float(depth)
    short = min(w, d)
    avail_w, avail_h = 0.88 * w, 0.88 * d
    code_size = min(
        1.2 * unit, 0.22 * short, 0.95 * avail_w / max(_em(code, bold=True), 0.5), avail_h
    )
    gap = 0.25 * code_size
    name_lines, name_size = _fit_name(
        name,
        avail_w,
        avail_h - code_size - gap,
        largest=0.8 * code_size,
        smallest=0.07 * short,
    )
    block = code_size + (gap + 1.2 * name_size * len(name_lines) if name_lines else 0)
    centre_x = round(float(x) + w / 2, 3)
    top = float(y) + d / 2 - block / 2
    lines = [Line(code, centre_x, round(top + 0.82 * code_size, 3), round(code_size, 3), bold=True)]
    baseline = top + code_size + gap
    for text in name_lines:
        baseline += 1.2 * name_size
        lines.append(
            Line(
                text,
                centre_x,
                round(baseline - 0.3 * name_size, 3),
                round(name_size, 3),
                muted=muted,
            )
        )
    return lines


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


def _state(booth, now):
    if booth.kind not in HOLDER_ROLE_BY_KIND:
        return State.SHARED
    if booth.holder_id:
        return State.ALLOCATED
    if booth.held_for_id and booth.hold_expires_at and booth.hold_expires_at > now:
        return State.OFFERED
    return State.FREE


def _holders(pavilion):
    """{company id: HolderInfo} for every exhibitor of the pavilion that applied to it (one
    query; districts have no application), and the event's themes in their order (one)."""
    themes = {
        theme.pk: theme
        for theme in Theme.objects.filter(event_id=pavilion.event_id).order_by("position", "pk")
    }
    rows = Application.objects.filter(
        pavilion=pavilion, company__exhibitions__pavilion=pavilion
    ).values_list("company_id", "theme_id", "booth_preference")
    holders = {
        company_id: HolderInfo(themes.get(theme_id), preference)
        for company_id, theme_id, preference in rows
    }
    return holders, list(themes.values())


_BOOTH_FIELD_COUNT = len(FloorBooth._fields)
#: The holder's and the offer's company, read with the booth (LEFT JOINs: a booth may have
#: neither).
_COMPANY_FIELDS = (
    "holder__company_id",
    "holder__company__name_ko",
    "holder__company__name_en",
    "held_for__company_id",
    "held_for__company__name_ko",
    "held_for__company__name_en",
)


def floor_plan(pavilion, *, company=None, staff=False, now=None):
    """Everything the drawing of ``pavilion``'s floor needs, in three queries.

    ``company``: the company looking at it, whose booth is highlighted and whose offers
    are marked. ``staff``: the back office's view, which names the company a booth is
    offered to (the companies see only that it is offered)."""
    now = now or timezone.now()
    booths, holder_names, offered_names = [], {}, {}
    rows = (
        Booth.objects.filter(pavilion=pavilion)
        .order_by("y", "x", "code")
        .values_list(*FloorBooth._fields, *_COMPANY_FIELDS)
    )
    for row in rows:
        booth = FloorBooth._make(row[:_BOOTH_FIELD_COUNT])
        holder_company, holder_ko, holder_en, offered_company, offered_ko, offered_en = row[
            _BOOTH_FIELD_COUNT:
        ]
        booths.append(booth)
        if booth.holder_id:
            holder_names[booth.pk] = (holder_company, localized(holder_ko, holder_en))
        if booth.held_for_id:
            offered_names[booth.pk] = (offered_company, localized(offered_ko, offered_en))
    holders, themes = _holders(pavilion)
    colour_of_theme = {
        theme.pk: PALETTE[index % len(PALETTE)] for index, theme in enumerate(themes)
    }
    sides = selectors.open_sides(booths)
    company_id = company.pk if company is not None else None
    unit = max(float(pavilion.floor_width_m), float(pavilion.floor_depth_m)) / 50
    kinds = {kind.value: (kind, str(kind.label)) for kind in BoothKind}
    size_format = _("%(width)s m × %(depth)s m")
    sizes = {}

    shapes = []
    for booth in booths:
        state = _state(booth, now)
        kind, kind_label = kinds[booth.kind]
        holder_company_id, holder_name = holder_names.get(booth.pk, (None, ""))
        info = holders.get(holder_company_id) if holder_company_id else None
        theme = info.theme if info and kind == BoothKind.COMPANY else None
        if kind == BoothKind.COMPANY:
            if state == State.ALLOCATED:
                colour = colour_of_theme[theme.pk] if theme else NO_THEME_COLOUR
            else:
                colour = FREE_COLOUR
        else:
            colour = KIND_COLOURS.get(kind, FREE_COLOUR)
        size = (booth.width, booth.depth)
        if size not in sizes:
            sizes[size] = size_format % {"width": plain(booth.width), "depth": plain(booth.depth)}
        shape = BoothShape(
            booth=booth,
            kind_label=kind_label,
            holder_name=holder_name,
            theme=theme,
            sides=sides[booth.pk],
            state=state,
            colour=colour,
            size_text=sizes[size],
        )
        if state == State.OFFERED:
            offered_company_id, shape.offered_to_name = offered_names[booth.pk]
            shape.offer_expires_at = booth.hold_expires_at
            shape.offered_to_you = company_id is not None and offered_company_id == company_id
        shape.own = company_id is not None and holder_company_id == company_id
        shape.lines = _fit_labels(
            booth.x,
            booth.y,
            booth.width,
            booth.depth,
            booth.code,
            _label(shape, staff),
            unit=unit,
            muted=state in (State.FREE, State.OFFERED),
        )
        shape.title = _title(shape, staff)
        shapes.append(shape)

    legend = _legend(shapes, themes, colour_of_theme, company_id is not None)
    return _layout(pavilion, shapes, legend, holders, unit, company_id)


def _label(shape, staff):
    if shape.state == State.ALLOCATED:
        return shape.holder_name
    if shape.state == State.OFFERED:
        if shape.offered_to_you:
            return _("Offered to you")
        if staff:
            return _("Offered: %(holder)s") % {"holder": shape.offered_to_name}
        return _("Offered")
    if shape.state == State.FREE:
        return _("Free")
    return shape.kind_label


def _title(shape, staff):
    """The booth's tooltip: everything the drawing says about it, in words."""
    parts = [shape.code, shape.kind_label, shape.size_text]
    if shape.holder_name:
        parts.append(shape.holder_name)
    if shape.theme:
        parts.append(shape.theme.name)
    if shape.state == State.OFFERED:
        if staff or shape.offered_to_you:
            parts.append(
                _("offered to %(holder)s until %(when)s")
                % {
                    "holder": shape.offered_to_name,
                    "when": timezone.localtime(shape.offer_expires_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        else:
            parts.append(_("offered"))
    elif shape.state == State.FREE:
        parts.append(_("free"))
    if shape.holds_exhibitor and shape.corner:
        parts.append(_("corner"))
    return " · ".join(str(part) for part in parts)


def _legend(shapes, themes, colour_of_theme, for_company):
    entries = []
    shown_themes = {shape.theme.pk for shape in shapes if shape.theme}
    for theme in themes:
        if theme.pk in shown_themes:
            entries.append(
                LegendEntry(theme.name, colour_of_theme[theme.pk], key=f"theme-{theme.pk}")
            )
    company = [shape for shape in shapes if shape.kind == BoothKind.COMPANY]
    if any(shape.state == State.ALLOCATED and not shape.theme for shape in company):
        entries.append(LegendEntry(_("Company booth, no theme"), NO_THEME_COLOUR, key="no-theme"))
    if any(shape.state == State.FREE and shape.kind == BoothKind.COMPANY for shape in shapes):
        entries.append(LegendEntry(_("Free company booth"), FREE_COLOUR, key="free"))
    if any(shape.state == State.OFFERED for shape in shapes):
        entries.append(
            LegendEntry(
                _("Offered, not yet accepted"),
                FREE_COLOUR,
                stroke=OFFER_OUTLINE,
                stroke_width=2,
                dashed=True,
                key="offered",
            )
        )
    present = {shape.kind for shape in shapes}
    for kind in BoothKind:
        if kind != BoothKind.COMPANY and kind in present:
            entries.append(LegendEntry(kind.label, KIND_COLOURS[kind], key=f"kind-{kind.value}"))
    if for_company and any(shape.own for shape in shapes):
        entries.append(
            LegendEntry(_("Your booth"), FREE_COLOUR, stroke=OWN_OUTLINE, stroke_width=4, key="own")
        )
    return entries


def _layout(pavilion, shapes, legend, holders, unit, company_id):
    """Where the title, the scale bar and the legend go around the floor (metres)."""
    width = float(pavilion.floor_width_m)
    depth = float(pavilion.floor_depth_m)
    margin = 1.0 * unit
    top = -2.0 * unit

    scale = scale_bar_length(pavilion.floor_width_m)
    scale_y = depth + 1.0 * unit
    scale_height = 0.35 * unit
    step = scale / 5
    segments = [ScaleSegment(round(i * step, 3), round(step, 3), i % 2 == 0) for i in range(5)]
    scale_text_y = scale_y + scale_height + 1.0 * unit

    # The legend in as many columns as the floor's width holds (at least 14 text units
    # each), spread over that width.
    columns = max(1, min(len(legend), int(width // (14 * unit)))) if legend else 1
    column_width = max(width / columns, 14 * unit)
    row_height = 1.5 * unit
    legend_top = scale_text_y + 1.0 * unit
    swatch = 1.0 * unit
    for index, entry in enumerate(legend):
        row, column = divmod(index, columns)
        entry.x = round(column * column_width, 3)
        entry.y = round(legend_top + row * row_height, 3)
        entry.swatch = round(swatch, 3)
        entry.size = round(0.8 * unit, 3)
        entry.text_x = round(entry.x + swatch + 0.4 * unit, 3)
        entry.text_y = round(entry.y + 0.8 * swatch, 3)
    rows = -(-len(legend) // columns) if legend else 0
    bottom = legend_top + rows * row_height + margin
    drawing_width = max(width, columns * column_width if legend else 0)
    viewbox = " ".join(
        plain(value, 3) for value in (-margin, top, drawing_width + 2 * margin, bottom - top)
    )
    floor_text = _("Floor %(width)s m × %(depth)s m · %(area)s") % {
        "width": plain(pavilion.floor_width_m),
        "depth": plain(pavilion.floor_depth_m),
        "area": _("%(m2)s m² (%(pyeong)s pyeong)")
        % {"m2": plain(pavilion.floor_area_m2), "pyeong": pavilion.floor_area_pyeong},
    }
    return FloorPlan(
        pavilion=pavilion,
        booths=shapes,
        legend=legend,
        holders=holders,
        unit=round(unit, 3),
        scale_bar=scale,
        scale_segments=segments,
        viewbox=viewbox,
        floor_text=floor_text,
        title_y=round(-0.5 * unit, 3),
        scale_y=round(scale_y, 3),
        scale_height=round(scale_height, 3),
        scale_text_y=round(scale_text_y, 3),
        company_id=company_id,
    )

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

from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Theme
from exhibitors.applications.models import Application
from exhibitors.floor import selectors
from exhibitors.floor.drawing_shapes import (
    FREE_COLOUR,
    KIND_COLOURS,
    NO_THEME_COLOUR,
    OFFER_OUTLINE,
    OWN_OUTLINE,
    PALETTE,
    BoothShape,
    FloorBooth,
    FloorPlan,
    HolderInfo,
    LegendEntry,
    ScaleSegment,
    State,
    scale_bar_length,
)
from exhibitors.floor.drawing_text import fit_labels
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from portal.i18n import localized
from portal.numbers import plain


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
        shape.lines = fit_labels(
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

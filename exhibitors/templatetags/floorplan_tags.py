"""The floor plan's SVG (``templates/exhibitors/_floorplan.html``): plain numbers whatever the
language (a viewBox wants "2.5", never "2,5" or "2.500"), and the booths themselves.

The booths are drawn here in Python rather than in the template: a floor has one group of a
title, a rectangle and one to three lines of text per booth, and the template language spent
about 0.7 ms per booth on them (1.4 s for a 2,000-booth floor). Everything goes through
``format_html``, so a holder's name, a booth's code or a theme is escaped exactly as the
template escaped it. What many booths share (their kind and state, their colours, their
sizes and rows) is written once per drawing and reused, already escaped.
"""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from exhibitors.floor.drawing import floor_plan
from exhibitors.floor.drawing_shapes import MUTED_TEXT, TEXT
from portal.numbers import plain

register = template.Library()


@register.inclusion_tag("exhibitors/_own_booth.html", takes_context=True)
def own_booth(context, application):
    """A confirmed exhibitor's place on the floor, on its application's page: the pavilion's
    plan with its booth and staff's offers. Drawn here, above both packages, so that the
    applications (below the floor) need not import the drawing."""
    return {
        "application": application,
        "plan": floor_plan(application.pavilion, company=application.company, now=context["now"]),
    }


@register.filter
def svg_number(value):
    """A coordinate or length in metres, to the millimetre: 3, 1.5, 0.322."""
    return plain(value, 3)


class _Once(dict):
    """A piece of the drawing written (and escaped) the first time it is asked for, then
    reused: ``pieces[key]`` is ``make(key)``."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        piece = self[key] = self.make(key)
        return piece


def _number(value):
    """``svg_number``, escaped: 3 == Decimal("3.00") and both print as "3"."""
    return conditional_escape(plain(value, 3))


# Optional attributes: constants, with no data in them.
_OWN_CLASS = SafeString(" booth--own")
_OWN = SafeString(' data-own="true"')
_OFFERED_TO_YOU = SafeString(' data-offered-to-you="true"')
_BOOTH_DASH = SafeString(' stroke-dasharray="6 3"')
_HIGHLIGHT_DASH = SafeString(' stroke-dasharray="8 4"')
_BOLD = SafeString(' font-weight="700"')

#: The booths' group sets what their labels share: centred, in the text colour.
_BOOTHS = '<g class="floorplan-booths" text-anchor="middle" fill="{}">{}</g>'
_BOOTH = (
    '<title>{title}</title><rect data-code="{code}" {kind} x="{x}" y="{y}" width="{width}"'
    ' height="{height}" {outline} vector-effect="non-scaling-stroke"/>{lines}'
)
#: A booth is a link to its allocation when the user may open it, a plain group otherwise.
_BOOTH_LINK = '<a class="floorplan-booth" href="{url}">' + _BOOTH + "</a>"
_BOOTH_GROUP = '<g class="floorplan-booth">' + _BOOTH + "</g>"


def _kind(key):
    """The rectangle's classes and data attributes: kind, state, corner, theme, own booth,
    offered to you."""
    kind, state, corner, theme_id, own, offered_to_you = key
    return format_html(
        'class="booth booth--{} booth--{}{}" data-kind="{}" data-state="{}" data-corner="{}"{}{}{}',
        kind,
        state,
        _OWN_CLASS if own else "",
        kind,
        state,
        "true" if corner else "false",
        format_html(' data-theme="{}"', theme_id) if theme_id is not None else "",
        _OWN if own else "",
        _OFFERED_TO_YOU if offered_to_you else "",
    )


def _outline(key):
    """The rectangle's fill and outline (dashed for an offer)."""
    fill, stroke, stroke_width, dashed = key
    return format_html(
        'fill="{}" stroke="{}" stroke-width="{}"{}',
        fill,
        stroke,
        stroke_width,
        _BOOTH_DASH if dashed else "",
    )


#: A line of a booth's label at its place and size; the code is bold, and the labels of free
#: and offered booths are muted.
_LINE = '<text x="{}" y="{}" font-size="{}"{}>{}</text>'


def _line_style(key):
    bold, muted = key
    return format_html(
        "{}{}",
        _BOLD if bold else "",
        format_html(' fill="{}"', MUTED_TEXT) if muted else "",
    )


class _Drawing:
    """The pieces of one drawing, written once each."""

    def __init__(self):
        self.number = _Once(_number)
        self.kind = _Once(_kind)
        self.outline = _Once(_outline)
        self.line_style = _Once(_line_style)

    def booth(self, shape):
        """One booth: a link to its allocation (or a plain group), its tooltip, its
        rectangle in the colour of its theme or kind, and its code and label."""
        number, booth = self.number, shape.booth
        lines = format_html_join(
            "",
            _LINE,
            (
                (
                    number[line.x],
                    number[line.y],
                    number[line.size],
                    self.line_style[line.bold, line.muted],
                    line.text,
                )
                for line in shape.lines
            ),
        )
        kind = (
            booth.kind,
            shape.state,
            shape.corner,
            shape.theme.pk if shape.theme else None,
            shape.own,
            shape.offered_to_you,
        )
        outline = (shape.colour, shape.stroke, shape.stroke_width, shape.dashed)
        return format_html(
            _BOOTH_LINK if shape.url else _BOOTH_GROUP,
            url=shape.url,
            title=shape.title,
            code=booth.code,
            kind=self.kind[kind],
            x=number[booth.x],
            y=number[booth.y],
            width=number[booth.width],
            height=number[booth.depth],
            outline=self.outline[outline],
            lines=lines,
        )


@register.simple_tag
def floorplan_booths(plan):
    """Every booth of ``plan`` (a :class:`exhibitors.floor.drawing_shapes.FloorPlan`), in its order,
    in their group."""
    drawing = _Drawing()
    booths = format_html_join("\n", "{}", ((drawing.booth(shape),) for shape in plan.booths))
    return format_html(_BOOTHS, TEXT, booths)


_HIGHLIGHT = (
    '<rect class="booth-highlight" x="{}" y="{}" width="{}" height="{}" fill="none"'
    ' stroke="{}" stroke-width="4"{} vector-effect="non-scaling-stroke"'
    ' pointer-events="none"/>'
)


@register.simple_tag
def floorplan_highlights(plan):
    """The outlines drawn over the booths of the company looking at the plan: its own booth,
    and the booths offered to it (dashed)."""
    number = _Once(_number)
    return format_html_join(
        "",
        _HIGHLIGHT,
        (
            (
                number[shape.x],
                number[shape.y],
                number[shape.width],
                number[shape.depth],
                shape.highlight,
                _HIGHLIGHT_DASH if shape.offered_to_you else "",
            )
            for shape in plan.booths
            if shape.highlight
        ),
    )

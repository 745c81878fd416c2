"""The floor plan's SVG (``templates/exhibitors/_floorplan.html``): plain numbers whatever the
language (a viewBox wants "2.5", never "2,5" or "2.500"), and the booths themselves.

The booths are drawn here in Python rather than in the template: a floor has one group of a
title, a rectangle and two to four lines of text per booth, and the template language spent
about a millisecond per booth on them (1.4 s for a 2,000-booth floor). Every piece of text
goes through ``format_html``, so a holder's name, a booth's code or a theme is escaped
exactly as the template escaped it; the fixed attributes below are constants of this module.
"""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from portal.numbers import plain

register = template.Library()


@register.filter
def svg_number(value):
    """A coordinate or length in metres, to the millimetre: 3, 1.5, 0.322."""
    return plain(value, 3)


class _Numbers(dict):
    """``svg_number`` remembered for one drawing, as text ready for the page: the same
    widths, rows and font sizes come back for booth after booth (3 == Decimal("3.00"): both
    print as "3")."""

    def __missing__(self, value):
        text = self[value] = conditional_escape(plain(value, 3))
        return text


class _Escaped(dict):
    """A value escaped once for the whole drawing: the colours, kinds and states that every
    booth repeats (``format_html`` passes what is already escaped through as it is)."""

    def __missing__(self, value):
        text = self[value] = conditional_escape(value)
        return text


class _ThemeAttributes(dict):
    """``data-theme="<id>"`` for each theme on the floor, written once."""

    def __missing__(self, theme_id):
        text = self[theme_id] = format_html(' data-theme="{}"', theme_id)
        return text


# Optional attributes, as written into the booth's tags (constants, no data in them).
_OWN_CLASS = SafeString(" booth--own")
_OWN = SafeString(' data-own="true"')
_OFFERED_TO_YOU = SafeString(' data-offered-to-you="true"')
_BOOTH_DASH = SafeString(' stroke-dasharray="6 3"')
_HIGHLIGHT_DASH = SafeString(' stroke-dasharray="8 4"')
_BOLD = SafeString(' font-weight="700"')
_NOTHING = SafeString("")
_TRUE = SafeString("true")
_FALSE = SafeString("false")

_BOOTH = (
    "\n    <title>{title}</title>\n"
    '    <rect class="booth booth--{kind} booth--{state}{own_class}" data-code="{code}"'
    ' data-kind="{kind}" data-state="{state}" data-corner="{corner}"{theme}{own}'
    '{offered_to_you} x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}"'
    ' stroke="{stroke}" stroke-width="{stroke_width}"{dash}'
    ' vector-effect="non-scaling-stroke"/>\n'
    "    {lines}\n  "
)
#: A booth is a link to its allocation when the user may open it, a plain group otherwise.
_BOOTH_LINK = '<a class="floorplan-booth" href="{url}">' + _BOOTH + "</a>"
_BOOTH_GROUP = '<g class="floorplan-booth">' + _BOOTH + "</g>"
_LINE = '<text x="{}" y="{}" font-size="{}" text-anchor="middle"{} fill="{}">{}</text>'
_HIGHLIGHT = (
    '<rect class="booth-highlight" x="{}" y="{}" width="{}" height="{}" fill="none"'
    ' stroke="{}" stroke-width="4"{} vector-effect="non-scaling-stroke"'
    ' pointer-events="none"/>'
)


def _booth(shape, number, escaped, themes):
    """One booth: a link to its allocation (or a plain group), its tooltip, its rectangle in
    the colour of its theme or kind, and its code and label."""
    booth = shape.booth
    lines = format_html_join(
        "",
        _LINE,
        (
            (
                number[line.x],
                number[line.y],
                number[line.size],
                _BOLD if line.bold else _NOTHING,
                escaped[line.colour],
                line.text,
            )
            for line in shape.lines
        ),
    )
    return format_html(
        _BOOTH_LINK if shape.url else _BOOTH_GROUP,
        url=shape.url,
        title=shape.title,
        kind=escaped[booth.kind],
        state=escaped[shape.state],
        own_class=_OWN_CLASS if shape.own else _NOTHING,
        code=booth.code,
        corner=_TRUE if shape.corner else _FALSE,
        theme=themes[shape.theme.pk] if shape.theme else _NOTHING,
        own=_OWN if shape.own else _NOTHING,
        offered_to_you=_OFFERED_TO_YOU if shape.offered_to_you else _NOTHING,
        x=number[booth.x],
        y=number[booth.y],
        width=number[booth.width],
        height=number[booth.depth],
        fill=escaped[shape.colour],
        stroke=escaped[shape.stroke],
        stroke_width=escaped[shape.stroke_width],
        dash=_BOOTH_DASH if shape.dashed else _NOTHING,
        lines=lines,
    )


@register.simple_tag
def floorplan_booths(plan):
    """Every booth of ``plan`` (a :class:`exhibitors.floorplan.FloorPlan`), in its order."""
    number, escaped, themes = _Numbers(), _Escaped(), _ThemeAttributes()
    return format_html_join(
        "", "{}", ((_booth(shape, number, escaped, themes),) for shape in plan.booths)
    )


@register.simple_tag
def floorplan_highlights(plan):
    """The outlines drawn over the booths of the company looking at the plan: its own booth,
    and the booths offered to it (dashed)."""
    number = _Numbers()
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
                _HIGHLIGHT_DASH if shape.offered_to_you else _NOTHING,
            )
            for shape in plan.booths
            if shape.highlight
        ),
    )

"""Numbers for the floor plan's SVG: plain decimals whatever the language (a viewBox wants
"2.5", never "2,5" or "2.500")."""

from django import template

from portal.numbers import plain

register = template.Library()


@register.filter
def svg_number(value):
    """A coordinate or length in metres, to the millimetre: 3, 1.5, 0.322."""
    return plain(value, 3)

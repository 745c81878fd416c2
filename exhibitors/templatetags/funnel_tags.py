"""The meetings funnel on the pavilion's outcome dashboard (``{% pavilion_funnel pavilion %}``).

The dashboard belongs to the outcomes, which sit below the buyers and may not import them;
this tag, above both packages, reads the funnel (:func:`exhibitors.buyers.funnel.pavilion_funnel`)
and draws it into the dashboard's page."""

from django import template

from exhibitors.buyers.funnel import pavilion_funnel as funnel_of

register = template.Library()


@register.inclusion_tag("admin/events/pavilion/_funnel.html")
def pavilion_funnel(pavilion):
    """The funnel's tables per exhibitor and per buyer country: four queries."""
    return {"funnel": funnel_of(pavilion)}

"""What exhibitors adds to events' public pavilion page: the visitor's own application.

``events`` imports nothing from ``exhibitors``, so its pavilion page asks here:
``{% load applicants %}{% your_application pavilion as application %}``."""

from django import template

from exhibitors.applications.models import Application

register = template.Library()


@register.simple_tag(takes_context=True)
def your_application(context, pavilion) -> Application | None:
    """The application of the logged-in visitor's company to ``pavilion``, or None (anonymous
    visitors, no application). Its status only: the link and the status badge are all the
    page shows of it. One query for a logged-in visitor, none for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return (
        Application.objects.filter(pavilion=pavilion, company__memberships__user=user)
        .only("status")
        .first()
    )

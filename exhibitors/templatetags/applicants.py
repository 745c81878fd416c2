"""What exhibitors adds to events' public pavilion page: the visitor's own application.

``events`` imports nothing from ``exhibitors``, so its pavilion page asks here:
``{% load applicants %}{% your_application pavilion as application %}``."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from exhibitors.applications.models import Application
from portal import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def your_application(context, pavilion) -> Application | None:
    """The application of the logged-in visitor's company to ``pavilion``, or None (anonymous
    visitors, no company, no application). Its status only: the link and the status badge are
    all the page shows of it. Read through the cache per company and pavilion under the
    roster's token, which every save of an application replaces (``exhibitors.apps``); the
    company is the signed-in user's membership, read with the user (``portal.auth_cache``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    try:
        company_id = user.membership.company_id
    except ObjectDoesNotExist:  # no company yet: no application
        return None
    found = pagecache.cached(
        f"your-application:{company_id}:{pavilion.pk}",
        ["exhibitors:roster"],
        lambda: (
            Application.objects.filter(pavilion=pavilion, company_id=company_id)
            .only("status")
            .first(),
        ),
    )
    return found[0]

"""When a request reached the portal: ``request.arrived_at``, stamped by the first middleware.

On deadline night submissions wait in the server's queue (the load balancer's, then the
application server's backlog, then the pavilion's row lock); a submission that reached the
portal before the deadline must not be refused because its turn came after it. So the
submission service judges the deadline by the arrival (``exhibitors.applications.services
.submission_time``), never believing it more than ``SUBMISSION_GRACE_SECONDS`` before the
moment of judging.

The arrival is the load balancer's ``X-Request-Start`` header (``t=<unix time>`` in seconds,
milliseconds or microseconds, as nginx, Heroku and others send it), trusted only behind a
proxy (``TRUSTED_PROXY_COUNT`` > 0, the same setting as the client address's, see
``portal/settings/base.py``), or else the moment this middleware runs. An arrival in the
future is taken as now.
"""

import datetime
import math

from django.conf import settings
from django.utils import timezone

HEADER = "HTTP_X_REQUEST_START"


def parse_request_start(value):
    """The moment an ``X-Request-Start`` value names, or None if it names none.

    ``t=1733450400.123`` (seconds, nginx's ``$msec``), ``t=1733450400123`` (milliseconds,
    Heroku) and ``t=1733450400123456`` (microseconds) are all understood."""
    text = (value or "").strip()
    if text.startswith("t="):
        text = text[2:]
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or number <= 0:
        return None
    if number > 1e14:
        number /= 1_000_000
    elif number > 1e11:
        number /= 1_000
    try:
        return datetime.datetime.fromtimestamp(number, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def arrival(request, now=None):
    """When ``request`` reached the portal (see the module's description)."""
    now = now or timezone.now()
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT > 0:
        claimed = parse_request_start(request.META.get(HEADER))
        if claimed is not None:
            return min(claimed, now)
    return now


class ArrivalMiddleware:
    """Stamps ``request.arrived_at``; placed first, so that the stamp is taken before anything
    else works on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.arrived_at = arrival(request)
        return self.get_response(request)

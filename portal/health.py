"""``/healthz`` for load balancers and process managers.

It answers before any other middleware sees the request: a health probe comes over plain HTTP
from the balancer's own address, so neither the HTTPS redirect nor the host check nor a session
may stand in its way. 200 when the database answers a query, 503 when it does not.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return False


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        if database_answers():
            response = HttpResponse("ok\n", content_type="text/plain")
        else:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response

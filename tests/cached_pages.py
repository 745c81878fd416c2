"""Opening a cached page in tests (portal/pagecache.py): its HTML without the CSRF tokens
(each response has a fresh one), and the page read again from the cache."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def seen(client, url, **headers):
    """The page's HTML without its CSRF tokens (a fresh one on every request)."""
    response = client.get(url, **headers)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def cached_no_queries(client, url, **headers):
    """The page, opened twice after a first visit (which shows any message waiting and may
    open a report): the second time from the cache (no query), the same."""
    seen(client, url, **headers)
    first = seen(client, url, **headers)
    with CaptureQueriesContext(connection) as queries:
        again = seen(client, url, **headers)
    assert again == first and len(queries) == 0
    return first

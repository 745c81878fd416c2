"""What the public pages show, read through the cache: the lists of calls on the home page
and each pavilion's page.

Everyone who opens the portal reads these, and staff change them a few times a year, so they
come from the cache instead of three or four queries and a template each time. Two things
keep a cached copy true:

- **Edits.** Every cache key carries a version token, and every save or delete of a series,
  an event, a theme, a pavilion or a side event replaces the token (:func:`changed`, wired to
  the models' signals in ``events.apps``), at once and again when its transaction commits.
  The second time matters: a visitor who reads the new token before the commit would
  otherwise cache the old rows under it. Code that writes with ``QuerySet.update`` (no
  signal) calls :func:`changed` itself.
- **The clock.** A call opens and closes at a set instant: the home page's lists are cached
  only until the next of those instants, and the pavilion page works out the state of its
  call on every request from the cached pavilion.

Every entry also expires after ``PUBLIC_CACHE_SECONDS`` (settings; 0 turns the cache off).
With several processes the cache must be shared (``CACHE_URL`` database or Redis, as the
login throttles need too); otherwise an edit made in one process would reach the others only
when their entries expire.
"""

import datetime
import math
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from events.models import Pavilion
from portal import versions

VERSION = "events:public"
#: How many past pavilions the home page lists.
PAST_PAVILIONS = 12

#: The checks of whether every place of a pavilion is taken. Events does not take places:
#: the app that does registers its check at ready() (:func:`register_fullness`).
_fullness_checks = []


def register_fullness(check):
    """Register ``check(pavilion) -> bool``: whether every place of the pavilion is taken
    (``exhibitors.apps`` registers the applications' ``is_full``). Registering the same
    check again changes nothing."""
    if check not in _fullness_checks:
        _fullness_checks.append(check)


def is_full(pavilion):
    """Whether a registered check says every place of ``pavilion`` is taken."""
    return any(check(pavilion) for check in _fullness_checks)


def max_age():
    return settings.PUBLIC_CACHE_SECONDS


def version():
    """The token every public cache key carries (one cache read)."""
    return versions.token(VERSION)


def changed(**kwargs):
    """Public data changed: every cached copy is stale, now and once the change commits.
    Takes the signals' arguments, so it is a receiver as it is."""
    versions.bump(VERSION, using=kwargs.get("using"))


def call_lists(now=None):
    """The home page's three lists (open calls, upcoming calls, past pavilions) as HTML, in
    the active language. Cached until the next call opens or closes."""
    now = now or timezone.now()
    seconds = max_age()
    key = f"events:public:home:{version()}:{get_language()}"
    if seconds:
        found = cache.get(key)
        if found is not None and now < found[0]:
            return found[1]
    pavilions = Pavilion.objects.with_event()
    open_calls = list(pavilions.open_calls(now).order_by("applications_close_at"))
    upcoming_calls = list(pavilions.upcoming_calls(now).order_by("applications_open_at"))
    past = list(pavilions.closed_calls(now).order_by("-event__starts_on")[:PAST_PAVILIONS])
    html = render_to_string(
        "events/_call_lists.html",
        {"open_calls": open_calls, "upcoming_calls": upcoming_calls, "past_pavilions": past},
    )
    if seconds:
        # Past pavilions stay past; the lists change when an open call closes or an upcoming
        # one opens.
        until = min(
            [now + datetime.timedelta(seconds=seconds)]
            + [pavilion.applications_close_at for pavilion in open_calls]
            + [pavilion.applications_open_at for pavilion in upcoming_calls]
        )
        timeout = math.ceil((until - now).total_seconds())
        cache.set(key, (until, html), timeout)
    return html


class PavilionPage(NamedTuple):
    pavilion: Pavilion  # with its event and series
    themes: list
    side_events: list
    is_full: bool  # every place is taken: a new application goes to the waiting list
    version: str  # for the template's cached fragments


def pavilion_page(event_slug, pavilion_slug):
    """What the pavilion page shows of a pavilion (:class:`PavilionPage`), or ``None`` if
    there is no such pavilion (misses are not cached).

    Whether places are left (:func:`is_full`) is cached with the pavilion: every status move
    that takes or gives back a place calls :func:`changed` (``exhibitors.applications``)."""
    seconds = max_age()
    token = version()
    # "page2": the cached tuple gained ``is_full``; copies of the older shape are not read.
    key = f"events:public:page2:{token}:{event_slug}:{pavilion_slug}"
    found = cache.get(key) if seconds else None
    if found is None:
        pavilion = (
            Pavilion.objects.with_event().filter(event__slug=event_slug, slug=pavilion_slug).first()
        )
        if pavilion is None:
            return None
        found = (
            pavilion,
            list(pavilion.event.themes.all()),
            list(pavilion.side_events.all()),
            is_full(pavilion),
        )
        if seconds:
            cache.set(key, found, seconds)
    return PavilionPage(*found, version=token)

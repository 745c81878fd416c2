"""Rendered parts of the back office's heavy pages (the outcome dashboard, the floor plan, the
matchmaking board, a report's page), kept in the cache under the version tokens of the data
they show (:mod:`portal.versions`).

- :func:`watch` names the models whose rows a version name stands for: every save or delete
  of one of them replaces the name's token (``post_save``/``post_delete``, connected here);
- :func:`written` is what code that writes without those signals (``bulk_create``,
  ``bulk_update``, ``QuerySet.update``) calls instead, with the models it wrote;
- :func:`cached` reads a cached value and the tokens it was made under in one cache read, and
  makes it again when any token has been replaced since (or the entry expired);
- :func:`render_part` renders a template for a cached value with a placeholder for the CSRF
  token, which :func:`part_html` replaces with the request's own.

Keys carry what else changes the output (the language, the user's permissions, the page
number); the values never hold a CSRF token, a message or anything else of one user's."""

import datetime
import functools
import hashlib
import math
import threading
import weakref
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from portal import versions

#: How long a cached value lives at most (``FRAGMENT_CACHE_SECONDS`` in the settings; 0 turns
#: the cache off). Every write of what it shows replaces it before that anyway.
DEFAULT_SECONDS = 24 * 3600

#: {model: the version names its writes replace}.
_names_of: dict[type, set[str]] = {}


def seconds() -> int:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", DEFAULT_SECONDS)


def permissions_key(user) -> str:
    """A short key for what ``user`` may do, for the keys of pages whose content depends on
    it (users with the same permissions share the cached copy)."""
    if user.is_superuser:
        return "all"
    permissions = ",".join(sorted(user.get_all_permissions()))
    return hashlib.sha256(permissions.encode()).hexdigest()[:16]


#: {model: the fields whose writes alone replace nothing} (a user's ``last_login``).
_unseen: dict[type, frozenset] = {}


def _model_saved(sender=None, using=None, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= _unseen.get(sender, frozenset()):
        return
    written(sender, using=using)


#: The last deletion seen per model, by thread: deleting a queryset sends one signal a row,
#: all with the queryset as their ``origin``; the first one replaces the tokens.
_deleting = threading.local()


def _model_deleted(sender=None, using=None, origin=None, **kwargs):
    last = getattr(_deleting, "origins", {})
    previous = last.get(sender)
    if origin is not None and previous is not None and previous() is origin:
        return
    try:
        last[sender] = weakref.ref(origin) if origin is not None else None
    except TypeError:  # an origin that cannot be referred to weakly: never skipped
        last[sender] = None
    _deleting.origins = last
    written(sender, using=using)


def watch(name: str, models: Iterable[type], *, unseen: Iterable[str] = ()) -> None:
    """Every save or delete of a row of ``models`` replaces the token of ``name``, except a
    save of ``unseen`` fields only (``save(update_fields=...)``: fields no cached page shows)."""
    for model in models:
        _names_of.setdefault(model, set()).add(name)
        if unseen:
            _unseen[model] = frozenset(unseen)
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(_model_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_model_deleted, sender=model, dispatch_uid=f"{uid}-delete")


def names_of(model: type) -> set[str]:
    """The version names the writes of ``model`` replace."""
    return set(_names_of.get(model, ()))


def written(*models: type, using: str | None = None) -> None:
    """Rows of ``models`` were written (by a signal's receiver, or by code that writes without
    one): the cached copies that show them are stale, now and once the transaction commits
    (as :func:`portal.versions.bump`, with one commit callback a name and transaction however
    many rows are written)."""
    names = {name for model in models for name in _names_of.get(model, ())}
    if not names:
        return
    connection = transaction.get_connection(using)
    # {name: its commit callback} for this connection's transaction; one dropped with a
    # savepoint rolled back (or with the whole transaction) is registered again.
    pending = connection.__dict__.setdefault("pagecache_pending", {})
    waiting = {id(entry[1]) for entry in connection.run_on_commit}
    for name in sorted(names):
        versions._replace(name)
        if not connection.in_atomic_block:
            continue
        callback = pending.get(name)
        if callback is None or id(callback) not in waiting:
            callback = functools.partial(_replace_at_commit, connection, name)
            pending[name] = callback
            transaction.on_commit(callback, using=using)


def _replace_at_commit(connection, name):
    connection.__dict__.get("pagecache_pending", {}).pop(name, None)
    versions._replace(name)


def cached(
    key: str,
    names: Iterable[str],
    make: Callable[[], object],
    *,
    until: Callable[[object], datetime.datetime | None] | None = None,
):
    """The value cached under ``key`` if it was made under the current tokens of ``names``,
    else ``make()`` (cached for the next reader unless None): one cache read when found. ``until(value)``
    may say when a value made now stops being true (a deadline, an offer's expiry): it is
    cached until then at most, and not at all if that is already past."""
    timeout = seconds()
    if not timeout:
        return make()
    names = list(names)
    token, entry = versions.read(key, *names)
    if entry is not None and entry[0] == token:
        return entry[1]
    value = make()
    if value is None:  # nothing to keep (the page was refused, or not found)
        return None
    end = until(value) if until is not None else None
    if end is not None:
        # Whole seconds, rounded down: never kept past ``end``.
        timeout = min(timeout, math.floor((end - timezone.now()).total_seconds()))
    if timeout > 0:
        cache.set(key, (token, value), timeout)
    return value


#: Stands for the CSRF token in a cached copy: the token is never cached, each response puts
#: its own in its place (:func:`with_csrf_token`).
CSRF_MARK = "csrf-token-mark-5d1c0a7e"


def with_csrf_token(html: str, request) -> str:
    """``html`` drawn with :data:`CSRF_MARK`, with ``request``'s own CSRF token in its place."""
    return html.replace(CSRF_MARK, get_token(request)) if CSRF_MARK in html else html


def render_part(template_name: str, context: dict, request) -> dict:
    """``template_name`` rendered for ``request``, as a value to cache: with
    :data:`CSRF_MARK` where a CSRF token goes (:func:`part_html` puts the request's own token
    back)."""
    return {"html": render_to_string(template_name, {**context, "csrf_token": CSRF_MARK}, request)}


def part_html(request, part: dict) -> SafeString:
    """The HTML of a part made by :func:`render_part`, with ``request``'s CSRF token."""
    return mark_safe(with_csrf_token(part["html"], request))  # rendered by the template

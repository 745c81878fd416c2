"""Version tokens for cached copies: every cache key of a cached page or fragment carries the
token of each kind of data it shows, and every write of that data replaces the token.

- :func:`token` reads the tokens of one or more names (one cache read);
- :func:`bump` replaces a name's token at once and again when the transaction commits (a
  reader who takes the new token before the commit would otherwise cache the old rows under
  it). It takes the signals' arguments, so ``receiver(name)`` is a signal receiver.

Nothing is ever deleted: an old token's entries are no longer read and expire by their
timeout. With several processes the cache must be shared (``CACHE_URL`` database or Redis)."""

import functools
import uuid

from django.core.cache import cache
from django.db import transaction

PREFIX = "version:"


def _key(name: str) -> str:
    return f"{PREFIX}{name}"


def token(*names: str) -> str:
    """The tokens of ``names`` joined in one string, made where missing."""
    keys = [_key(name) for name in names]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, None):
            value = cache.get(key, value)
        found[key] = value
    return "-".join(found[key] for key in keys)


def read(key: str, *names: str) -> tuple[str, object]:
    """The tokens of ``names`` joined as :func:`token` joins them, and the value cached under
    ``key`` (None if none): one cache read when the tokens exist (a missing one is made)."""
    token_keys = [_key(name) for name in names]
    found = cache.get_many([key, *token_keys])
    if all(token_key in found for token_key in token_keys):
        return "-".join(found[token_key] for token_key in token_keys), found.get(key)
    return token(*names), found.get(key)


def _replace(name: str) -> None:
    cache.set(_key(name), uuid.uuid4().hex, None)


def bump(name: str, using: str | None = None) -> None:
    """The data behind ``name`` changed: its cached copies are stale, now and after commit."""
    _replace(name)
    transaction.on_commit(functools.partial(_replace, name), using=using)


def receiver(name: str):
    """A signal receiver that bumps ``name`` (keep a reference: signals hold receivers
    weakly unless connected with ``weak=False``)."""

    def changed(sender=None, using=None, **kwargs):
        bump(name, using=using)

    changed.__name__ = f"changed_{name}"
    return changed

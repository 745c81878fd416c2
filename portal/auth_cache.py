"""The signed-in user from the cache: every page of a signed-in user (and every admin page)
needs the user, and with ``AuthenticationMiddleware`` that is a query and its compilation on
every request. :class:`CachedUserMiddleware` takes the user's row from the cache instead, with
what the apps asked to read with it (:func:`read_with_user`: the company membership and its
company), in one cache read.

The cached copy is keyed by the user's id and carries the version tokens
(:mod:`portal.versions`) of the user (``user:<id>``, bumped by every save or deletion of the
user and every change of their groups or permissions) and of what is read with it (the names
the apps registered); a copy made under other tokens is read again from the database. The
rest is Django's own ``get_user``: the backend named in the session, an inactive user refused
by it, and the session's hash of the password checked on every request against the copy, so a
password change (a save of the user) still logs the user's other sessions out at once.
With several processes the cache must be shared (``CACHE_URL`` database or Redis), as for
every cached copy."""

from functools import partial

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware, auser
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from portal import versions

PREFIX = "auth-user:"
#: How long an unused copy is kept (its tokens make it stale long before, at any change).
TIMEOUT = 24 * 60 * 60

_related: list[str] = []
_names: list[str] = []


def read_with_user(related: str, *names: str) -> None:
    """Read ``related`` (a ``select_related`` path from the user, e.g. a reverse one-to-one)
    in the user's own query, and keep it in the cached copy, which the version names ``names``
    then make stale when bumped: the app that registers a path bumps its names at every write
    of what the path reads."""
    if related not in _related:
        _related.append(related)
    for name in names:
        if name not in _names:
            _names.append(name)


def user_version(pk) -> str:
    """The version name of one user's cached copy."""
    return f"user:{pk}"


def user_changed(pk, using=None) -> None:
    """The user ``pk`` changed: its cached copy is stale (now and when the write commits)."""
    versions.bump(user_version(pk), using=using)


def _load(backend, user_id):
    """The backend's ``get_user``, with the registered paths read in the same query when the
    backend is the model backend's (allauth's is too)."""
    if isinstance(backend, ModelBackend) and type(backend).get_user is ModelBackend.get_user:
        model = get_user_model()
        try:
            user = model._default_manager.select_related(*_related).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if backend.user_can_authenticate(user) else None
    return backend.get_user(user_id)


def backend_user(backend_path: str, user_id):
    """The user ``user_id`` as the backend ``backend_path`` gives it, from the cache when the
    copy there was made under the tokens of now; None if the backend refuses the user."""
    names = [user_version(user_id), *_names]
    key = f"{PREFIX}{backend_path}:{user_id}"
    token, entry = versions.read(key, *names)
    if entry is not None and entry[0] == token:
        return entry[1]
    user = _load(load_backend(backend_path), user_id)
    if user is not None:
        cache.set(key, (token, user), TIMEOUT)
    return user


def get_user(request):
    """``django.contrib.auth.get_user`` with the user read by :func:`backend_user`."""
    from django.contrib.auth.models import AnonymousUser

    user = None
    try:
        user_id = get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            user = backend_user(backend_path, user_id)
            # The session is checked against the password's hash, as Django does.
            if hasattr(user, "get_session_auth_hash"):
                session_hash = request.session.get(HASH_SESSION_KEY)
                if not session_hash:
                    session_hash_verified = False
                else:
                    session_auth_hash = user.get_session_auth_hash()
                    session_hash_verified = constant_time_compare(session_hash, session_auth_hash)
                if not session_hash_verified:
                    if session_hash and any(
                        constant_time_compare(session_hash, fallback_auth_hash)
                        for fallback_auth_hash in user.get_session_auth_fallback_hash()
                    ):
                        request.session.cycle_key()
                        request.session[HASH_SESSION_KEY] = session_auth_hash
                    else:
                        request.session.flush()
                        user = None
    return user or AnonymousUser()


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class CachedUserMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` with the user read by :func:`get_user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(partial(_request_user, request))
        request.auser = partial(auser, request)


# Signal receivers, connected in ``PortalConfig.ready``.


def user_saved(sender, instance, using=None, **kwargs):
    user_changed(instance.pk, using=using)


def user_relations_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    """Groups or permissions added, removed or cleared, from either side."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            user_changed(instance.pk, using=using)
        return
    if action == "pre_clear":  # the users are known only before they are cleared
        link = next(
            field.name
            for field in sender._meta.fields
            if field.is_relation
            and field.name != "user"
            and isinstance(instance, field.related_model)
        )
        pk_set = set(
            sender._default_manager.filter(**{link: instance}).values_list("user_id", flat=True)
        )
    for pk in pk_set or ():
        user_changed(pk, using=using)

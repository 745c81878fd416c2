"""The back office's admin site: Django's, with the app list and the navigation sidebar that
every admin page shows read from the cache (issue 17).

Django builds the app list on every admin page: for each of about sixty registered models it
asks the model's admin for the user's permissions and reverses two addresses (about 170
reversals), then the sidebar's template draws it. Both depend only on what the user may do
and on the language, so they are made once per **permission set**:

- :func:`permission_key` names a user's permission set: ``superuser``, or a digest of the
  user's effective permissions (their own and their groups'), with ``is_staff`` and
  ``is_active``. Every model admin of the site decides from these alone (a test checks the
  rule for every registered admin). The digest is read from the permissions the request has
  already loaded, or else from the cache, keyed by the user and the version token
  ``auth:permissions`` (bumped by every change of a group, a permission or who holds them:
  ``portal.apps``);
- the app list is cached by permission set, language and script prefix; the sidebar's HTML
  also by the app and the model of the page (its ``current-app``/``current-model`` marks).

Installed as ``admin.site`` by ``portal.apps`` (the admin app's ``default_site``)."""

import functools
import hashlib
from pathlib import Path

from django.contrib import admin
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.translation import get_language

from portal import versions

#: Version token of who may do what: groups, permissions and who holds them.
PERMISSIONS = "auth:permissions"
#: Entries of the app list and the sidebar expire after this (an edit of the code that
#: registers the models restarts the processes, which is when the list changes otherwise).
TIMEOUT = 24 * 3600


@functools.cache
def code_token() -> str:
    """What the cached pieces of the back office were drawn by: the project's code, templates
    and translations as this process found them (sizes and times of change) and Django's
    version. A deploy that changes any of them starts new entries: the cache is shared and
    outlives the processes."""
    import django
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    found = [django.get_version()]
    for folder in ("portal", "events", "exhibitors", "templates", "locale"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".mo"}:
                stat = path.stat()
                found.append(f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest(*found)[:12]


def _digest(*parts) -> str:
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]


def permission_key(request) -> str:
    """The name of the request user's permission set (memoised on the request)."""
    found = getattr(request, "_admin_permission_key", None)
    if found is not None:
        return found
    user = request.user
    flags = f"{int(user.is_active)}{int(user.is_staff)}"
    if user.is_active and user.is_superuser:
        found = f"superuser-{flags}"
    elif hasattr(user, "_perm_cache"):  # the permissions are loaded already: no query
        found = _digest(flags, *sorted(user.get_all_permissions()))
    else:
        key = f"chrome:permission-key:{user.pk}:{flags}:{versions.token(PERMISSIONS)}"
        found = cache.get(key)
        if found is None:
            found = _digest(flags, *sorted(user.get_all_permissions()))
            cache.set(key, found, TIMEOUT)
    request._admin_permission_key = found
    return found


def permissions_changed(sender=None, using=None, **kwargs):
    """A signal receiver: a group, a permission or who holds them changed."""
    versions.bump(PERMISSIONS, using=using)


class PortalAdminSite(admin.AdminSite):
    def _app_list_key(self, request) -> str:
        return (
            f"chrome:apps:{code_token()}:{self.name}:{permission_key(request)}:{get_language()}:"
            f"{get_script_prefix()}"
        )

    def _full_app_list(self, request):
        """The sorted app list of every app (memoised on the request, cached by permission
        set and language)."""
        found = getattr(request, "_admin_app_list", None)
        if found is not None:
            return found
        key = self._app_list_key(request)
        found = cache.get(key)
        if found is None:
            found = super().get_app_list(request)
            # Translated names are made text now: the entry is read in this language only.
            for app in found:
                app["name"] = str(app["name"])
                for model in app["models"]:
                    model["name"] = str(model["name"])
            cache.set(key, found, TIMEOUT)
        request._admin_app_list = found
        return found

    def get_app_list(self, request, app_label=None):
        app_list = self._full_app_list(request)
        if app_label is not None:
            return [app for app in app_list if app["app_label"] == app_label]
        return app_list

    def nav_sidebar(self, request, app_list) -> str:
        """The sidebar's HTML (``admin/nav_sidebar.html``) for ``request``'s page."""
        path = request.path
        # The template's marks: an app or a model whose address the page's path contains.
        quoted = _quoted_path(path)
        marks = [
            url
            for app in app_list
            for url in (app["app_url"], *(model["admin_url"] for model in app["models"]))
            if url and url in quoted
        ]
        key = f"{self._app_list_key(request)}:sidebar:{_digest(*marks)}"
        html = cache.get(key)
        if html is None:
            html = render_to_string(
                "admin/_nav_sidebar.html", {"available_apps": app_list, "request": request}
            )
            cache.set(key, html, TIMEOUT)
        return html


def _quoted_path(path: str) -> str:
    """``path|urlencode`` as the app list's template compares it."""
    from django.template.defaultfilters import urlencode as urlencode_filter

    return urlencode_filter(path)

"""The admin's navigation sidebar from the cache (``portal.admin_site``)."""

from django import template
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_sidebar(context):
    """Django's sidebar (``admin/_nav_sidebar.html``), cached per permission set, language
    and page by the portal's admin site."""
    request = context["request"]
    app_list = context.get("available_apps") or []
    site = admin.site
    if hasattr(site, "nav_sidebar"):
        return mark_safe(site.nav_sidebar(request, app_list))  # noqa: S308 (rendered HTML)
    return render_to_string(
        "admin/_nav_sidebar.html", {"available_apps": app_list, "request": request}
    )


class ListCacheNode(template.Node):
    """``{% listcache %}...{% endlistcache %}``: a list's content, from the cache when the view
    found it there (``list_cache_parts``), else drawn and stored (``list_cache_capture``:
    the key and the instant it expires). The CSRF token is left out of the cached copy: the
    content is drawn with a stand-in, cut at it, and each page puts its own token there."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        from django.core.cache import cache
        from django.template.defaulttags import CsrfTokenNode
        from django.utils import timezone

        from portal.adminlists import (
            CSRF_STAND_IN,
            LIST_CACHE_SECONDS,
            list_cache_entry,
        )

        parts = context.get("list_cache_parts")
        if parts is None:
            capture = context.get("list_cache_capture")
            if capture is None:
                return self.nodelist.render(context)
            with context.push(csrf_token=CSRF_STAND_IN):
                stand_in = CsrfTokenNode().render(context)
                html = self.nodelist.render(context)
            parts = html.split(stand_in)
            if len(parts) != 2:  # no form or several: drawn as it is, not cached
                return html.replace(stand_in, CsrfTokenNode().render(context))
            key, token, until = capture
            timeout = LIST_CACHE_SECONDS
            if until is not None:
                timeout = min(timeout, int((until - timezone.now()).total_seconds()) + 1)
            if timeout > 0:
                cache.set(key, list_cache_entry(context, parts, token, until), timeout)
        return mark_safe(parts[0] + CsrfTokenNode().render(context) + parts[1])  # noqa: S308


@register.tag
def listcache(parser, token):
    nodelist = parser.parse(("endlistcache",))
    parser.delete_first_token()
    return ListCacheNode(nodelist)


@register.simple_tag(takes_context=True)
def app_list(context):
    """Django's app list (``admin/_app_list.html``: the index's and an app's page), cached
    by what it shows: the apps and models of the list, their addresses and rights, the marks
    of the page's own app and model, and the language."""
    import hashlib

    from django.core.cache import cache
    from django.template.defaultfilters import urlencode
    from django.utils.translation import get_language

    from portal.admin_site import TIMEOUT, code_token

    request = context.get("request")
    apps = context.get("app_list") or []
    show_changelinks = bool(context.get("show_changelinks"))
    quoted = urlencode(request.path) if request is not None else ""
    shown = [get_language(), str(show_changelinks)]
    for app in apps:
        shown.append(
            f"{app['app_label']}|{app['name']}|{app['app_url']}|{app['app_url'] in quoted}"
        )
        for model in app["models"]:
            shown.append(
                f"{model['object_name']}|{model['name']}|{model['admin_url']}|"
                f"{model['add_url']}|{model.get('view_only')}|"
                f"{bool(model['admin_url']) and model['admin_url'] in quoted}"
            )
    digest = hashlib.sha256("\n".join(shown).encode()).hexdigest()[:40]
    key = f"chrome:app-list-html:{code_token()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "admin/_app_list.html",
            {"app_list": apps, "show_changelinks": show_changelinks, "request": request},
        )
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (rendered HTML)

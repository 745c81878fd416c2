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
            key, until = capture
            timeout = LIST_CACHE_SECONDS
            if until is not None:
                timeout = min(timeout, int((until - timezone.now()).total_seconds()) + 1)
            if timeout > 0:
                cache.set(key, list_cache_entry(context, parts, until), timeout)
        return mark_safe(parts[0] + CsrfTokenNode().render(context) + parts[1])  # noqa: S308


@register.tag
def listcache(parser, token):
    nodelist = parser.parse(("endlistcache",))
    parser.delete_first_token()
    return ListCacheNode(nodelist)

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

"""The parts of every page that depend only on who is signed in and the language: the
navigation bar and the language switch, rendered once and then read from the cache.

Each copy's key holds everything the part shows (the language; for the navigation, whether
someone is signed in, whether they are staff or a buyer, and their address), so a change of any
of them reads another copy: nothing to invalidate but a new release's templates, which the
copies' lifetime (``PUBLIC_CACHE_SECONDS``, 0 turns the cache off) bounds. Nothing secret is
kept: the CSRF token and the page's own address are put in at each request, in place of the
markers the copy was rendered with."""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import pagecache

register = template.Library()

PREFIX = "page-part:"
CSRF_MARK = pagecache.CSRF_MARK
PATH_MARK = "page-path-c7f0e2a9"


def _render(context, name, key, fills):
    """The template ``name`` rendered in ``context``, from the cache under ``key``, with each
    marker of ``fills`` replaced by its value, escaped."""
    token = context.get("csrf_token")
    seconds = settings.PUBLIC_CACHE_SECONDS
    if not token or token == "NOTPROVIDED" or seconds <= 0:
        with context.push(language_next=fills.get(PATH_MARK, "")):
            return context.template.engine.get_template(name).render(context)
    html = cache.get(key)
    if html is None:
        with context.push(csrf_token=CSRF_MARK, language_next=PATH_MARK):
            html = str(context.template.engine.get_template(name).render(context))
        cache.set(key, html, seconds)
    fills = {CSRF_MARK: str(token), **fills}
    for mark, value in fills.items():
        html = html.replace(mark, escape(value))
    return mark_safe(html)  # rendered by the template engine, escaped there


@register.simple_tag(takes_context=True)
def navbar(context):
    """``includes/navbar.html`` for this user and language."""
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    buyer = bool(signed_in and request is not None and request.session.get("buyer_role"))
    email = hashlib.sha256(user.email.encode()).hexdigest()[:32] if signed_in else ""
    key = f"{PREFIX}navbar:{get_language()}:{int(signed_in)}:{int(buyer)}:"
    key += f"{int(bool(signed_in and user.is_staff))}:{email}"
    return _render(context, "includes/navbar.html", key, {})


@register.simple_tag(takes_context=True)
def language_switch(context):
    """``includes/language_switch.html`` for this language, back to this page."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    key = f"{PREFIX}language-switch:{get_language()}"
    return _render(context, "includes/language_switch.html", key, {PATH_MARK: path})

"""The calendar feeds: the signed-in user's small page to get, renew or revoke their feed
addresses (and, for staff, a pavilion's), and the feed itself at its secret address, which
works without a session; a revoked or unknown address is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events.models import Pavilion
from exhibitors.buyers import calendars

ACTIONS = ("create", "renew", "revoke")


def _feed_url(request, feed):
    return request.build_absolute_uri(reverse("exhibitors:calendar_feed", args=[feed.token]))


@login_required
def calendar_feeds(request):
    user = request.user
    may_have_pavilions = user.has_perm(calendars.PAVILION_FEED_PERMISSION)
    if request.method == "POST":
        action = request.POST.get("action")
        pavilion = None
        if request.POST.get("pavilion"):
            if not may_have_pavilions:
                raise Http404
            pavilion = get_object_or_404(Pavilion, pk=request.POST["pavilion"])
        if action not in ACTIONS:
            messages.error(request, _("Choose what to do with the feed."))
            return redirect("exhibitors:calendar_feeds")
        try:
            if action == "create":
                calendars.calendar_feed_get_or_create(user=user, pavilion=pavilion)
                messages.success(request, _("Your calendar address is ready."))
            elif action == "renew":
                calendars.calendar_feed_renew(user=user, pavilion=pavilion)
                messages.success(
                    request, _("The calendar has a new address; the old one no longer works.")
                )
            else:
                calendars.calendar_feed_revoke(user=user, pavilion=pavilion)
                messages.success(request, _("The calendar address no longer works."))
        except calendars.FeedRefused as refusal:
            messages.error(request, refusal.message)
        return redirect("exhibitors:calendar_feeds")
    personal = calendars.live_feed(user)
    pavilion_feeds = [
        {"feed": feed, "url": _feed_url(request, feed)}
        for feed in calendars.user_pavilion_feeds(user)
    ]
    pavilions = []
    if may_have_pavilions:
        taken = {row["feed"].pavilion_id for row in pavilion_feeds}
        pavilions = [
            pavilion
            for pavilion in Pavilion.objects.with_event().order_by("-event__starts_on")[:20]
            if pavilion.pk not in taken
        ]
    return render(
        request,
        "buyers/calendar_feeds.html",
        {
            "personal": personal,
            "personal_url": _feed_url(request, personal) if personal else "",
            "pavilion_feeds": pavilion_feeds,
            "pavilions": pavilions,
            "may_have_pavilions": may_have_pavilions,
        },
    )


@require_safe
def calendar_feed(request, token):
    """The feed at its secret address, for calendar programs (no session needed)."""
    feed = calendars.feed_by_token(token)
    if feed is None:
        raise Http404
    language = calendars.feed_language(feed) or translation.get_language()
    with translation.override(language):
        body = calendars.feed_ics(feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    add_never_cache_headers(response)
    return response

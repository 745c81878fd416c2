from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from events import public


def home(request):
    """Pavilions whose call is open first, then the upcoming calls, then past pavilions."""
    return render(request, "events/home.html", {"call_lists": public.call_lists()})


def pavilion_detail(request, event_slug, pavilion_slug):
    page = public.pavilion_page(event_slug, pavilion_slug)
    if page is None:
        raise Http404
    pavilion = page.pavilion
    # The visitor's own application is the template's to ask for (exhibitors' ``applicants``
    # tags): events knows nothing of applications.
    now = timezone.now()
    return render(
        request,
        "events/pavilion_detail.html",
        {
            "pavilion": pavilion,
            "event": pavilion.event,
            "themes": page.themes,
            "side_events": page.side_events,
            "is_full": page.is_full,
            "public_version": page.version,
            "cache_seconds": public.max_age(),
            "call_state": pavilion.call_state(now),
            "results_published": pavilion.are_results_published(now),
        },
    )

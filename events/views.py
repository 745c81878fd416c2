from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from exhibitors.models import Application

from .models import Pavilion


def home(request):
    """Pavilions whose call is open first, then the upcoming calls, then past pavilions."""
    now = timezone.now()
    pavilions = Pavilion.objects.with_event()
    return render(
        request,
        "events/home.html",
        {
            "open_calls": pavilions.open_calls(now).order_by("applications_close_at"),
            "upcoming_calls": pavilions.upcoming_calls(now).order_by("applications_open_at"),
            "past_pavilions": pavilions.closed_calls(now).order_by("-event__starts_on")[:12],
            "now": now,
        },
    )


def pavilion_detail(request, event_slug, pavilion_slug):
    pavilion = get_object_or_404(
        Pavilion.objects.with_event(), event__slug=event_slug, slug=pavilion_slug
    )
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(
            pavilion=pavilion, company__memberships__user=request.user
        ).first()
    return render(
        request,
        "events/pavilion_detail.html",
        {
            "pavilion": pavilion,
            "application": application,
            "event": pavilion.event,
            "themes": list(pavilion.event.themes.all()),
            "side_events": list(pavilion.side_events.all()),
            "call_state": pavilion.call_state(),
            "results_published": pavilion.are_results_published(),
        },
    )

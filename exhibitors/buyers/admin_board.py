"""The matchmaking board: one admin page per pavilion with how its meeting requests stand, per
exhibitor and per buyer (requested, open, accepted, declined, expired, cancelled, held,
no-show, the acceptance rate), the exhibitors and the buyers still without a meeting, and the
links that schedule a meeting on someone's behalf.

``MeetingAdmin.get_urls`` (:mod:`exhibitors.buyers.admin_meetings`) routes
``board/<pavilion id>/`` here; the pavilion's page links to it. Staff who may view meetings
open it (``exhibitors.view_meeting``: the programme manager, reporting). The page reads
everything in a fixed number of queries (:func:`exhibitors.buyers.board.pavilion_board`).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.buyers.board import pavilion_board

TEMPLATE = "admin/exhibitors/meeting/board.html"


def board_view(model_admin, request, pavilion_id):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    pavilion = get_object_or_404(Pavilion.objects.with_event(), pk=pavilion_id)
    board = pavilion_board(pavilion)
    meetings = reverse("admin:exhibitors_meeting_changelist")
    may_schedule = model_admin.has_add_permission(request)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Matchmaking board"),
        "subtitle": str(pavilion),
        "pavilion": pavilion,
        "board": board,
        "meetings_url": f"{meetings}?pavilion__id__exact={pavilion.pk}",
        "may_schedule": may_schedule,
        "schedule_url": reverse("admin:exhibitors_meeting_add") if may_schedule else "",
        "pavilion_url": reverse("admin:events_pavilion_change", args=[pavilion.pk]),
    }
    return TemplateResponse(request, TEMPLATE, context)

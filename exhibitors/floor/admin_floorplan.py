"""The floor plan page of a pavilion in the admin: the drawing to scale and, beside it, the
free booths, the open offers and the exhibitors still without a booth. Each booth links to
its allocation (the booth's change page); the page prints on one A4 sheet.

``events.admin.PavilionAdmin.get_urls`` routes ``<pavilion id>/floor-plan/`` here through
``admin_site.admin_view``. Superusers, floor managers (``events.allocate_booths``) and staff
who may view pavilions open it; everyone else is refused.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.floor import selectors
from exhibitors.floor.drawing import floor_plan
from exhibitors.floor.models import Booth

TEMPLATE = "admin/events/pavilion/floor_plan.html"


def can_see_floor_plan(model_admin, request):
    return model_admin.has_view_permission(request) or request.user.has_perm(
        "events.allocate_booths"
    )


def booth_url_maker(request, admin_site):
    """A function giving a booth's admin change page, or None when there is none to open: the
    Booth admin is not registered (yet), or the user may not open it."""
    booth_admin = admin_site._registry.get(Booth)
    if booth_admin is None or not booth_admin.has_view_or_change_permission(request):
        return None
    try:
        sample = reverse(f"{admin_site.name}:exhibitors_booth_change", args=[0])
    except NoReverseMatch:
        return None
    # Reversed once, not once per booth: .../booth/0/change/ with the booth's id for the 0.
    head, tail = sample.rsplit("/0/", 1)

    def url(booth_pk):
        return f"{head}/{int(booth_pk)}/{tail}"

    return url


def floor_plan_view(model_admin, request, object_id):
    if not can_see_floor_plan(model_admin, request):
        raise PermissionDenied
    pavilion = get_object_or_404(Pavilion.objects.with_event(), pk=object_id)
    now = timezone.now()
    plan = floor_plan(pavilion, staff=True, now=now)
    booth_url = booth_url_maker(request, model_admin.admin_site)
    if booth_url is not None:
        for shape in plan.booths:
            shape.url = booth_url(shape.pk)
    unplaced = list(selectors.unplaced_exhibitors(pavilion).order_by("role", "company__name_ko"))
    for exhibitor in unplaced:
        exhibitor.holder_info = plan.holders.get(exhibitor.company_id)
    opts = model_admin.opts
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Floor plan"),
        "subtitle": str(pavilion),
        "pavilion": pavilion,
        "plan": plan,
        "free_booths": [shape for shape in plan.free_booths if shape.holds_exhibitor],
        "offered_booths": plan.offered_booths,
        "unplaced": unplaced,
        "allocated_count": len(plan.allocated_booths),
        "holder_booth_count": sum(1 for shape in plan.booths if shape.holds_exhibitor),
        "pavilion_url": (
            reverse(f"{model_admin.admin_site.name}:events_pavilion_change", args=[pavilion.pk])
            if model_admin.has_view_or_change_permission(request)
            else ""
        ),
        "changelist_url": (
            reverse(f"{model_admin.admin_site.name}:events_pavilion_changelist")
            if model_admin.has_view_or_change_permission(request)
            else ""
        ),
        "now": now,
    }
    return TemplateResponse(request, TEMPLATE, context)

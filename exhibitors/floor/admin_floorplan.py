"""The floor plan page of a pavilion in the admin: the drawing to scale and, beside it, the
free booths, the open offers and the exhibitors still without a booth. Each booth links to
its allocation (the booth's change page); the page prints on one A4 sheet.

``events.admin.PavilionAdmin.get_urls`` routes ``<pavilion id>/floor-plan/`` here through
``admin_site.admin_view``. Superusers, floor managers (``events.allocate_booths``) and staff
who may view pavilions open it; everyone else is refused.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.floor import selectors
from exhibitors.floor.drawing import floor_plan
from exhibitors.floor.models import Booth
from portal import pagecache

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


#: The page's content (the drawing and the lists beside it), cached per pavilion, language and
#: whether the booths link to their allocation; the version names of what it shows
#: (``exhibitors.apps``; the pavilion and its themes are the public pages' ``events:public``).
CONTENT_TEMPLATE = "admin/events/pavilion/_floor_plan.html"
VERSIONS = ("events:public", "exhibitors:roster", "exhibitors:floor")
#: Where the page prints when it is read ("as of ..."), not cached: split off the content.
_AS_OF = "\x00as-of\x00"


def _content(pavilion, booth_url, now):
    """What the page shows of the pavilion's floor: its context and its content in two parts,
    around the time it is read (a fixed number of queries)."""
    plan = floor_plan(pavilion, staff=True, now=now)
    if booth_url is not None:
        for shape in plan.booths:
            shape.url = booth_url(shape.pk)
    unplaced = list(selectors.unplaced_exhibitors(pavilion).order_by("role", "company__name_ko"))
    for exhibitor in unplaced:
        exhibitor.holder_info = plan.holders.get(exhibitor.company_id)
    context = {
        "pavilion": pavilion,
        "plan": plan,
        "free_booths": [shape for shape in plan.free_booths if shape.holds_exhibitor],
        "offered_booths": plan.offered_booths,
        "unplaced": unplaced,
        "allocated_count": len(plan.allocated_booths),
        "holder_booth_count": sum(1 for shape in plan.booths if shape.holds_exhibitor),
    }
    head, tail = render_to_string(CONTENT_TEMPLATE, {**context, "as_of": _AS_OF}).split(_AS_OF)
    # An offer that expires frees its booth: the content is true until the first expiry.
    expiries = [shape.offer_expires_at for shape in plan.offered_booths]
    page = {
        "pavilion": pavilion,
        "head": mark_safe(head),  # rendered by the template engine
        "tail": mark_safe(tail),
        "until": min(expiries) if expiries else None,
    }
    return page, context


def floor_plan_view(model_admin, request, object_id):
    """The page; its content comes from the cache (:func:`portal.pagecache.cached`) unless
    a write of what it shows, or an offer's expiry, made it stale. The drawing and the lists
    are in the page's context when the content was made by this request."""
    if not can_see_floor_plan(model_admin, request):
        raise PermissionDenied
    now = timezone.now()
    booth_url = booth_url_maker(request, model_admin.admin_site)
    made = {}

    def make():
        pavilion = get_object_or_404(Pavilion.objects.with_event(), pk=object_id)
        page, context = _content(pavilion, booth_url, now)
        made.update(context)
        return page

    links = "links" if booth_url is not None else "plain"
    page = pagecache.cached(
        f"admin:floorplan:{int(object_id)}:{get_language()}:{links}",
        VERSIONS,
        make,
        until=lambda page: page["until"],
    )
    pavilion = page["pavilion"]
    opts = model_admin.opts
    may_open = model_admin.has_view_or_change_permission(request)
    context = {
        **model_admin.admin_site.each_context(request),
        **made,
        "opts": opts,
        "title": _("Floor plan"),
        "subtitle": str(pavilion),
        "pavilion": pavilion,
        "content_head": page["head"],
        "content_tail": page["tail"],
        "pavilion_url": (
            reverse(f"{model_admin.admin_site.name}:events_pavilion_change", args=[pavilion.pk])
            if may_open
            else ""
        ),
        "changelist_url": (
            reverse(f"{model_admin.admin_site.name}:events_pavilion_changelist") if may_open else ""
        ),
        "now": now,
    }
    return TemplateResponse(request, TEMPLATE, context)

"""The catalogue's pages: the public list of a pavilion's exhibitors and each exhibitor's page
(Korean and English, with the QR code of the page and its place on the floor), the public logo,
staff's printable booth cards, and the company's own entry.

The public pages show only what a company agreed to publish, and nothing before staff publish
the catalogue (staff who may view catalogues see it beforehand, marked as a preview). The
company's entry page works on the requester's own company only: another company's exhibitor
is a 404."""

import hashlib

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import public
from exhibitors.buyers import catalogue, meetings
from exhibitors.buyers.access import user_buyer
from exhibitors.buyers.forms_catalogue import CatalogueEntryForm, CatalogueFilterForm
from exhibitors.companies.models import Exhibitor
from exhibitors.companies.views import company_required
from exhibitors.outcomes.models import BuyerType
from portal import pagecache
from portal.private_files import file_suffix, signs_urls
from portal.qrcodes import qr_svg

#: Who sees a catalogue before it is published, and prints the booth cards.
VIEW_PERMISSION = "exhibitors.view_catalogue"
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


def _pavilion_page(event_slug, pavilion_slug):
    """The pavilion with its themes and side events, from the public cache; 404 if none."""
    page = public.pavilion_page(event_slug, pavilion_slug)
    if page is None:
        raise Http404
    return page


def _pavilion(event_slug, pavilion_slug):
    return _pavilion_page(event_slug, pavilion_slug).pavilion


def _published_or_preview(request, pavilion):
    """(catalogue is public, the user previews it as staff). Neither: the page is not there."""
    published = catalogue.published_catalogue(pavilion) is not None
    preview = not published and request.user.has_perm(VIEW_PERMISSION)
    return published, preview


@require_safe
def catalogue_list(request, event_slug, pavilion_slug):
    pavilion_page = _pavilion_page(event_slug, pavilion_slug)
    pavilion = pavilion_page.pavilion
    published, preview = _published_or_preview(request, pavilion)
    if not (published or preview):
        return render(
            request, "buyers/catalogue_unpublished.html", {"pavilion": pavilion}, status=404
        )
    context = {"pavilion": pavilion, "event": pavilion.event, "preview": preview}
    seconds = public.max_age()
    if request.GET or not seconds:
        context.update(_catalogue_list_context(request, pavilion_page))
        return render(request, "buyers/catalogue_list.html", context)
    # The unfiltered list (what most visitors see) is rendered once per version of the public
    # data (every publication, entry save and edit of the pavilion replaces the token) and
    # language; a filtered or searched list is rendered afresh.
    key = (
        f"buyers:catalogue-html:{pavilion_page.version}:{pavilion.pk}:{get_language()}:"
        f"{int(preview)}"
    )
    html = cache.get(key)
    if html is None:
        context.update(_catalogue_list_context(request, pavilion_page))
        html = render_to_string("buyers/_catalogue_list_content.html", context, request)
        cache.set(key, html, seconds)
    return render(request, "buyers/catalogue_list.html", {**context, "content_html": html})


def _catalogue_list_context(request, pavilion_page) -> dict:
    pavilion = pavilion_page.pavilion
    shared = {"themes": pavilion_page.themes, "side_events": pavilion_page.side_events}
    # The filter's choices come with the (cached) unfiltered page.
    page = catalogue.catalogue_page(pavilion, **shared)
    form = CatalogueFilterForm(request.GET or None, themes=page.themes, markets=page.markets)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["theme"] or data["market"] or data["q"].strip():
            page = catalogue.catalogue_page(
                pavilion, **shared, theme=data["theme"], market=data["market"], search=data["q"]
            )
    return {"page": page, "form": form, "filtered": form.is_bound}


@require_safe
def catalogue_detail(request, event_slug, pavilion_slug, exhibitor_id):
    pavilion = _pavilion(event_slug, pavilion_slug)
    published, preview = _published_or_preview(request, pavilion)
    if not (published or preview):
        raise Http404
    entry = catalogue.catalogue_exhibitor(pavilion, exhibitor_id)
    if entry is None:
        raise Http404
    url = request.build_absolute_uri(
        reverse("exhibitors:catalogue_exhibitor", args=[event_slug, pavilion_slug, exhibitor_id])
    )
    company = entry.exhibitor.company
    return render(
        request,
        "buyers/catalogue_detail.html",
        {
            **_meeting_request_context(request, entry.exhibitor),
            "pavilion": pavilion,
            "event": pavilion.event,
            "entry": entry,
            "company": company,
            "show_logo": entry.show_logo and bool(company.logo),
            "website": company.website if entry.show_website else "",
            "plan": catalogue.catalogue_floor_plan(pavilion, entry.exhibitor_id),
            "page_url": url,
            "qr": qr_svg(url, title=_("QR code of this page")),
            "preview": preview,
            "partner_labels": [
                BuyerType(value).label for value in entry.partner_types if value in BuyerType.values
            ],
        },
    )


def _meeting_request_context(request, exhibitor) -> dict:
    """What the exhibitor's page offers about meetings: to an approved buyer, the "Request a
    meeting" button, or why not (the meeting services' own words); to a visitor, the way to a
    buyer account; to companies and staff, nothing."""
    if not request.user.is_authenticated:
        return {"buyer_signup_url": reverse("exhibitors:buyer_signup")}
    buyer = user_buyer(request.user)
    if buyer is None:
        return {}
    refusals = meetings.meeting_request_refusals(buyer=buyer, exhibitor=exhibitor)
    if refusals:
        return {"meeting_request_refusals": refusals}
    return {"request_meeting_url": reverse("exhibitors:meeting_request", args=[exhibitor.pk])}


@require_safe
def catalogue_logo(request, event_slug, pavilion_slug, exhibitor_id):
    """The logo of a published entry that agreed to show it, as an image; else 404."""
    pavilion = _pavilion(event_slug, pavilion_slug)
    published, preview = _published_or_preview(request, pavilion)
    if not (published or preview):
        raise Http404
    entry = catalogue.catalogue_exhibitor(pavilion, exhibitor_id)
    if entry is None or not entry.show_logo:
        raise Http404
    logo = entry.exhibitor.company.logo
    content_type = LOGO_TYPES.get(file_suffix(logo)) if logo else None
    if content_type is None:
        raise Http404
    if signs_urls(logo.storage):
        return redirect(logo.storage.url(logo.name))
    try:
        handle = logo.storage.open(logo.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    patch_cache_control(response, public=published, private=not published, max_age=300)
    return response


@require_safe
@login_required
def catalogue_cards(request, event_slug, pavilion_slug):
    """Printable A6 booth cards for every held booth at once: QR code, booth code, name."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    pavilion = _pavilion(event_slug, pavilion_slug)
    cards = []
    for card in catalogue.booth_cards(pavilion):
        url = request.build_absolute_uri(
            reverse(
                "exhibitors:catalogue_exhibitor",
                args=[event_slug, pavilion_slug, card.exhibitor_id],
            )
        )
        cards.append({"card": card, "url": url, "qr": qr_svg(url, scale=6)})
    return render(
        request,
        "buyers/catalogue_cards.html",
        {"pavilion": pavilion, "event": pavilion.event, "cards": cards},
    )


def _own_exhibitor(request, exhibitor_id):
    return get_object_or_404(
        Exhibitor.objects.select_related("pavilion__event", "company"),
        pk=exhibitor_id,
        company=request.company,
    )


#: The catalogue entry page's content (in ``buyers/catalogue_entry_form.html``), and the version
#: names of what it shows (``exhibitors.apps``): the pavilion, its event, the entry and the
#: catalogue's publication (``events:public``: the catalogue's writes replace it), the
#: exhibitor and its company, its booth.
ENTRY_CONTENT = "buyers/_catalogue_entry_content.html"
ENTRY_VERSIONS = ("events:public", "exhibitors:roster", "exhibitors:floor")


@company_required
def catalogue_entry(request, exhibitor_id):
    """The company's own entry in the pavilion's catalogue: what it shows, what it seeks, and
    whether it agrees to publish."""
    if request.method != "POST":
        return _cached_entry_page(request, exhibitor_id)
    exhibitor = _own_exhibitor(request, exhibitor_id)
    entry = catalogue.own_catalogue_entry(exhibitor)
    form = CatalogueEntryForm(request.POST, entry=entry)
    if form.is_valid():
        try:
            entry = catalogue.catalogue_entry_save(
                exhibitor=exhibitor, user=request.user, **form.cleaned_data
            )
        except catalogue.CatalogueRefused as refusal:
            for field, message in refusal.errors.items():
                form.add_error(field, message)
            if not refusal.errors:
                form.add_error(None, refusal.message)
        else:
            if entry.agreed_at:
                messages.success(request, _("Your catalogue entry is saved and agreed."))
            else:
                messages.success(request, _("Your catalogue entry is saved; it is not public."))
            return redirect("exhibitors:catalogue_entry", exhibitor.pk)
    published = catalogue.published_catalogue(exhibitor.pavilion) is not None
    content = render_to_string(
        ENTRY_CONTENT, _entry_context(exhibitor, entry, form, published), request
    )
    return _entry_page(request, exhibitor, mark_safe(content))


def _entry_context(exhibitor, entry, form, published):
    return {
        "exhibitor": exhibitor,
        "pavilion": exhibitor.pavilion,
        "entry": entry,
        "form": form,
        "form_html": None if form.is_bound else _entry_form_html(form),
        "published": published,
        "booth_code": catalogue.exhibitor_booth_code(exhibitor),
    }


def _entry_page(request, exhibitor, content):
    return render(
        request,
        "buyers/catalogue_entry_form.html",
        {"pavilion": exhibitor.pavilion, "content": content},
    )


def _cached_entry_page(request, exhibitor_id):
    """The entry page with its unbound form: its exhibitor and content cached per company,
    exhibitor and language (:func:`portal.pagecache.cached`), without the CSRF token (put back
    on every request), until a write of what it shows (``ENTRY_VERSIONS``) or the time the
    catalogue is to be published at: no query when found."""
    key = f"buyers:entry:{request.company.pk}:{exhibitor_id}:{get_language()}"

    def make():
        exhibitor = _own_exhibitor(request, exhibitor_id)
        entry = catalogue.own_catalogue_entry(exhibitor)
        row = catalogue.pavilion_catalogue(exhibitor.pavilion)
        published = row is not None and row.is_published()
        context = _entry_context(exhibitor, entry, CatalogueEntryForm(entry=entry), published)
        return {
            "exhibitor": exhibitor,
            "part": pagecache.render_part(ENTRY_CONTENT, context, request),
            "changes_at": None if published or row is None else row.published_at,
        }

    page = pagecache.cached(key, ENTRY_VERSIONS, make, until=lambda page: page["changes_at"])
    return _entry_page(request, page["exhibitor"], pagecache.part_html(request, page["part"]))


def _entry_form_html(form) -> str:
    """The fields of an unbound entry form as HTML, from the cache: the key holds the language
    and every value the form starts from, so any change of the entry reads another copy. No
    CSRF token in it (the template's ``<form>`` has it); kept ``PUBLIC_CACHE_SECONDS``."""
    seconds = public.max_age()
    values = repr(sorted((name, form[name].initial) for name in form.fields))
    digest = hashlib.sha256(values.encode()).hexdigest()
    key = f"buyers:entry-form:{get_language()}:{digest}"
    html = cache.get(key) if seconds else None
    if html is None:
        html = render_crispy_form(form)
        if seconds:
            cache.set(key, html, seconds)
    return mark_safe(html)  # rendered by crispy's templates, escaped there


@require_safe
@company_required
def catalogue_entry_for_application(request, application_id):
    """From a confirmed application's page to the entry of that exhibition."""
    exhibitor = get_object_or_404(
        Exhibitor,
        company=request.company,
        pavilion__applications__pk=application_id,
        pavilion__applications__company=request.company,
    )
    return redirect("exhibitors:catalogue_entry", exhibitor.pk)

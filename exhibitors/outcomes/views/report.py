"""The report page and what leads to it: "My outcome reports", the report's form with its
consultations page by page, the consultation-log upload and its template, and the MOU scans.
Each saved consultation is changed or removed on its own page (:mod:`.consultations`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exhibitors.companies.models import Exhibitor
from exhibitors.companies.views import company_required
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.forms import (
    EXTRA_ROWS,
    MAX_EXTRA_ROWS,
    ConsultationUploadForm,
    ReportForm,
    report_changes,
    report_formsets,
)
from exhibitors.outcomes.resources import (
    consultation_log_guide,
)
from exhibitors.outcomes.selectors import (
    CONSULTATIONS_PER_PAGE,
    company_report_rows,
    report_consultation_counts,
    report_consultations,
)
from exhibitors.outcomes.tables import consultation_rows
from portal import pagecache

#: The version names of what the report page's content shows (``exhibitors.apps``): the
#: pavilion and its event (``events:public``), the exhibitor and its company, the report and
#: its rows.
VERSIONS = ("events:public", "exhibitors:roster", "exhibitors:outcomes")
#: The report page's content (in ``exhibitors/report_form.html``).
CONTENT_TEMPLATE = "exhibitors/_report_content.html"
#: Pages of consultations beyond this are made every time (not cached).
CACHED_PAGES = 10_000

#: How many empty rows "Save and add more rows" adds to each table.
MORE_ROWS = 5
#: At most this many rows of an upload that matched a meeting or booth row are named on the
#: page afterwards (the others are counted).
MATCHES_SHOWN = 10
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_exhibitor(request, exhibitor_id):
    return get_object_or_404(
        Exhibitor.objects.select_related("pavilion__event", "company"),
        pk=exhibitor_id,
        company=request.company,
    )


def _open_report(request, exhibitor):
    """The exhibitor's report, opened on first use; None (with a message) before the expo."""
    problem = outcomes.report_open_refusals(exhibitor)
    if problem:
        messages.info(request, problem)
        return None
    report = outcomes.report_get_or_create(exhibitor)
    report.exhibitor = exhibitor  # the rows' date rule reads its pavilion: no query again
    return report


def _extra_rows(request):
    try:
        rows = int(request.GET.get("rows", EXTRA_ROWS))
    except ValueError:
        rows = EXTRA_ROWS
    return max(0, min(rows, MAX_EXTRA_ROWS))


def _report_url(exhibitor, rows=None, **listing):
    """The report page; ``rows``: how many empty rows its tables offer; ``listing``: the page
    and the search of its consultations (see :func:`_listing`)."""
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    query = {"rows": rows} if rows is not None else {}
    query.update((key, value) for key, value in listing.items() if value)
    return f"{url}?{urlencode(query)}" if query else url


def _listing(source):
    """The page, the search and the "to confirm" filter of the consultations' table, from a
    GET's query or the hidden fields of a form (the row pages keep them to lead back to the
    same place)."""
    try:
        page = max(1, int(source.get("page", 1)))
    except (TypeError, ValueError):
        page = 1
    query = " ".join(str(source.get("q", "")).split())[:100]
    confirm = "1" if source.get("confirm") == "1" else None
    return {"page": page if page > 1 else None, "q": query, "confirm": confirm}


def _consultations_page(report, listing):
    """One page of the report's consultations (``CONSULTATIONS_PER_PAGE``) and how many wait
    for the exhibitor to confirm their amounts: the counts in one query and a slice, two
    queries whatever the number of rows."""
    counts = report_consultation_counts(
        report, query=listing["q"], to_confirm=bool(listing["confirm"])
    )
    paginator = Paginator(
        report_consultations(report, query=listing["q"], to_confirm=bool(listing["confirm"])),
        CONSULTATIONS_PER_PAGE,
    )
    paginator.count = counts["listed"]  # counted above, with the rows to confirm
    return paginator.get_page(listing["page"] or 1), counts["to_confirm"]


@company_required
def report_list(request):
    """My outcome reports: every exhibition of the requester's company, with its report's
    status, number of consultations and deadline. One query whatever the number of rows."""
    rows = company_report_rows(request.company, now=timezone.now())
    return render(request, "exhibitors/report_list.html", {"rows": rows})


_VALUE_LISTS = {}  # (language, column) -> the <li> of its accepted values, written once


def _log_guide(exhibitor):
    """The columns of the consultation log with the HTML of their accepted values: the list
    of 250 countries is written once per language in Python, not item by item in the
    template language on every page."""
    guide = []
    for column in consultation_log_guide(exhibitor):
        key = (get_language(), column.name)
        if column.values and key not in _VALUE_LISTS:
            item = (
                '<li class="col"><code>{}</code> {}</li>'
                if len(column.values) > 20  # the countries, in columns
                else "<li><code>{}</code> {}</li>"
            )
            _VALUE_LISTS[key] = format_html_join("", item, column.values)
        guide.append((column, _VALUE_LISTS.get(key, "")))
    return guide


def _render_report(
    request,
    exhibitor,
    report,
    *,
    form,
    formsets,
    upload_form,
    problems=(),
    extra=EXTRA_ROWS,
    listing=None,
):
    """The report page (its content: :func:`_report_context`, ``CONTENT_TEMPLATE``)."""
    context = _report_context(
        request,
        exhibitor,
        report,
        form=form,
        formsets=formsets,
        upload_form=upload_form,
        problems=problems,
        extra=extra,
        listing=listing,
    )
    content = render_to_string(CONTENT_TEMPLATE, context, request)
    return _report_page(request, exhibitor, report, mark_safe(content))


def _report_page(request, exhibitor, report, content):
    """The report page around its rendered ``content``."""
    return render(
        request,
        "exhibitors/report_form.html",
        {
            "exhibitor": exhibitor,
            "report": report,
            "editable": outcomes.report_can_edit(report),
            "content": content,
        },
    )


def _report_context(
    request,
    exhibitor,
    report,
    *,
    form,
    formsets,
    upload_form,
    problems=(),
    extra=EXTRA_ROWS,
    listing=None,
):
    """What the report page's content shows (``CONTENT_TEMPLATE``). The report and the upload are two forms, each posting to
    its own address: after an upload (good or bad) the report still saves and submits. The
    saved consultations are a table of one page (``?page=``, ``?q=`` searches), not form
    fields: the page's size and time do not grow with them."""
    editable = outcomes.report_can_edit(report)
    listing = listing or _listing(request.GET)
    page, to_confirm = _consultations_page(report, listing)
    here = {
        "page": page.number if page.number > 1 else None,
        "q": listing["q"],
        "confirm": listing["confirm"],
    }
    also = {"q": listing["q"], "confirm": listing["confirm"]}
    context = {
        "exhibitor": exhibitor,
        "report": report,
        "form": form,
        "formsets": formsets,
        "editable": editable,
        "report_action": _report_url(
            exhibitor, rows=extra if extra != EXTRA_ROWS else None, **here
        ),
        "upload_form": upload_form,
        "log_guide": _log_guide(exhibitor) if editable else (),
        "problems": problems,
        "consultations": page,
        "consultation_rows": consultation_rows(
            page.object_list,
            edit_prefix=reverse("exhibitors:report", args=[exhibitor.pk]) + "consultations/"
            if editable
            else None,
            query=urlencode({k: v for k, v in here.items() if v}),
        ),
        "query": listing["q"],
        "only_to_confirm": bool(listing["confirm"]),
        "to_confirm": to_confirm,
        "to_confirm_url": _report_url(exhibitor, confirm="1") + "#consultations",
        # Why "Submit" is greyed out, in the words the submission refuses with (the form's
        # new rows may still make an empty report submittable: that is checked on submit).
        "submit_refusal": outcomes.report_submit_refusals(
            report, to_confirm=to_confirm, check_empty=False
        )
        if editable
        else None,
        "page_links": {
            "previous": page.has_previous()
            and _report_url(exhibitor, page=page.previous_page_number(), **also),
            "next": page.has_next()
            and _report_url(exhibitor, page=page.next_page_number(), **also),
            "first": page.number > 2 and _report_url(exhibitor, **also),
            "last": page.number < page.paginator.num_pages - 1
            and _report_url(exhibitor, page=page.paginator.num_pages, **also),
        },
        "listing_query": urlencode({k: v for k, v in here.items() if v}),
    }
    return context


def _cached_report(request, exhibitor_id, *, extra, listing):
    """The report page of a GET without a search, None if it is not to be drawn (before the
    expo: :func:`report_edit` says why). Its exhibitor, report and content (the unbound form,
    the page of consultations, the upload form) are cached per company, exhibitor, page,
    filter, number of empty rows and language (:func:`portal.pagecache.cached`), without the
    CSRF token (put back on every request), and made again after any write of what they show
    (``VERSIONS``): no query when found. A form sent back with errors is never drawn from it."""
    key = ":".join(
        [
            "report",
            str(request.company.pk),
            str(exhibitor_id),
            str(listing["page"] or 1),
            listing["confirm"] or "",
            str(extra),
            get_language(),
        ]
    )

    def make():
        exhibitor = _own_exhibitor(request, exhibitor_id)
        if outcomes.report_open_refusals(exhibitor):
            return None
        report = _open_report(request, exhibitor)
        editable = outcomes.report_can_edit(report)
        context = _report_context(
            request,
            exhibitor,
            report,
            form=ReportForm(instance=report, editable=editable),
            formsets=report_formsets(report, exhibitor=exhibitor, extra=extra, editable=editable),
            upload_form=ConsultationUploadForm() if editable else None,
            extra=extra,
            listing=listing,
        )
        part = pagecache.render_part(CONTENT_TEMPLATE, context, request)
        return {"exhibitor": exhibitor, "report": report, "part": part}

    page = pagecache.cached(key, VERSIONS, make)
    if page is None or outcomes.report_open_refusals(page["exhibitor"]):
        return None
    content = pagecache.part_html(request, page["part"])
    return _report_page(request, page["exhibitor"], page["report"], content)


@company_required
def report_edit(request, exhibitor_id):
    """The report page: the saved consultations page by page (each changed or removed on its
    own page), and the report's form: empty rows for new consultations, the tables of MOUs,
    contracts signed on site and follow-ups, the survey, "Save draft" and "Submit". Read-only
    once submitted; a change sent anyway is refused. Any bad value: nothing is saved, and the
    page comes back with what was typed and every problem marked."""
    extra = _extra_rows(request)
    here = _listing(request.GET)
    if request.method != "POST" and not here["q"] and (here["page"] or 1) <= CACHED_PAGES:
        response = _cached_report(request, exhibitor_id, extra=extra, listing=here)
        if response is not None:
            return response
    exhibitor = _own_exhibitor(request, exhibitor_id)
    report = _open_report(request, exhibitor)
    if report is None:
        return redirect("exhibitors:reports")
    editable = outcomes.report_can_edit(report)
    if request.method == "POST" and not editable:
        messages.error(request, outcomes.report_edit_refusals(report))
        return redirect(_report_url(exhibitor))
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ReportForm(data, instance=report, editable=editable)
    formsets = report_formsets(
        report, exhibitor=exhibitor, data=data, files=files, extra=extra, editable=editable
    )
    if request.method == "POST":
        # Every form is checked, so that every problem is shown at once.
        valid = all([form.is_valid(), *(formset.is_valid() for formset in formsets)])
        if not valid:
            messages.error(
                request, _("Please correct the rows marked below; nothing was saved yet.")
            )
        else:
            try:
                outcomes.report_save(
                    report=report, **report_changes(form, formsets), user=request.user
                )
            except outcomes.ReportRefused as error:  # submitted or approved meanwhile
                messages.error(request, error.message)
                return redirect(_report_url(exhibitor))
            if "submit" in request.POST:
                try:
                    outcomes.report_submit(report=report, user=request.user)
                except outcomes.ReportRefused as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Your report is submitted. Thank you!"))
                return redirect(_report_url(exhibitor))
            messages.success(request, _("Your report is saved as a draft."))
            if "more_rows" in request.POST:
                return redirect(_report_url(exhibitor, rows=extra + MORE_ROWS, **here))
            return redirect(
                _report_url(exhibitor, rows=extra if extra != EXTRA_ROWS else None, **here)
            )
    upload_form = ConsultationUploadForm() if editable else None
    return _render_report(
        request,
        exhibitor,
        report,
        form=form,
        formsets=formsets,
        upload_form=upload_form,
        extra=extra,
        listing=here,
    )


@require_POST
@company_required
def report_confirm_all(request, exhibitor_id):
    """Confirm, as they are, the amounts of every consultation of the requester's own report
    that waits for it (meetings held, booth logs)."""
    exhibitor = _own_exhibitor(request, exhibitor_id)
    report = _open_report(request, exhibitor)
    if report is None:
        return redirect("exhibitors:reports")
    try:
        confirmed = outcomes.consultations_confirm(report=report, user=request.user)
    except outcomes.ReportRefused as error:  # submitted or approved
        messages.error(request, error.message)
    else:
        if confirmed:
            messages.success(
                request,
                ngettext(
                    "%(count)s consultation confirmed as it was.",
                    "%(count)s consultations confirmed as they were.",
                    confirmed,
                )
                % {"count": confirmed},
            )
        else:
            messages.info(request, _("No consultation was waiting to be confirmed."))
    return redirect(_report_url(exhibitor) + "#consultations")


@company_required
def application_report(request, application_id):
    """From a confirmed application's page to the outcome report of that exhibition."""
    exhibitor = get_object_or_404(
        Exhibitor,
        company=request.company,
        pavilion__applications__pk=application_id,
        pavilion__applications__company=request.company,
    )
    return redirect(_report_url(exhibitor))

"""One saved consultation of the requester's own report, changed or removed on its own page
(a draft or returned report only); both lead back to the same page and search of the report's
table of consultations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from exhibitors.companies.views import company_required
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.forms import ConsultationForm
from exhibitors.outcomes.models import Consultation
from exhibitors.outcomes.views.report import (
    _listing,
    _open_report,
    _own_exhibitor,
    _report_url,
)


def _editable_consultation(request, exhibitor_id, pk):
    """(exhibitor, report, consultation) of the requester's own report, or a response: a 404
    for another company's row, the report page with why if the report may not be changed."""
    exhibitor = _own_exhibitor(request, exhibitor_id)
    report = _open_report(request, exhibitor)
    if report is None:
        return redirect("exhibitors:reports")
    consultation = get_object_or_404(Consultation, pk=pk, report=report)
    consultation.report = report
    if not outcomes.report_can_edit(report):
        messages.error(request, outcomes.report_edit_refusals(report))
        return redirect(_report_url(exhibitor))
    return exhibitor, report, consultation


@company_required
def consultation_edit(request, exhibitor_id, pk):
    """One saved consultation of the requester's own report, changed on its own page (a draft
    or returned report only). Saving it confirms its amounts (a row from a meeting or the booth
    waits for that). A bad value: nothing is saved, the page comes back with it."""
    found = _editable_consultation(request, exhibitor_id, pk)
    if not isinstance(found, tuple):
        return found
    exhibitor, report, consultation = found
    waiting = consultation.needs_confirmation
    here = _listing(request.POST if request.method == "POST" else request.GET)
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        instance=consultation,
        exhibitor=exhibitor,
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.consultation_save(
                report=report, consultation=form.save(commit=False), user=request.user
            )
        except outcomes.ReportRefused as error:  # submitted or approved meanwhile
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The consultation is saved and its amounts confirmed.")
                if waiting
                else _("The consultation is saved."),
            )
        return redirect(_report_url(exhibitor, **here))
    if request.method == "POST":
        messages.error(request, _("Please correct the values marked below; nothing was saved."))
    return render(
        request,
        "exhibitors/report_consultation.html",
        {
            "exhibitor": exhibitor,
            "report": report,
            "consultation": consultation,
            "waiting": waiting,
            "form": form,
            "listing": here,
            "back": _report_url(exhibitor, **here),
        },
    )


@company_required
def consultation_delete(request, exhibitor_id, pk):
    """Remove one saved consultation of the requester's own report: a page that asks first
    (GET), then the removal (POST)."""
    found = _editable_consultation(request, exhibitor_id, pk)
    if not isinstance(found, tuple):
        return found
    exhibitor, report, consultation = found
    here = _listing(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        try:
            outcomes.consultation_delete(
                report=report, consultation=consultation, user=request.user
            )
        except outcomes.ReportRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The consultation with %(buyer)s is removed from the report.")
                % {"buyer": consultation.buyer_organisation},
            )
        return redirect(_report_url(exhibitor, **here))
    return render(
        request,
        "exhibitors/report_consultation_delete.html",
        {
            "exhibitor": exhibitor,
            "report": report,
            "consultation": consultation,
            "listing": here,
            "back": _report_url(exhibitor, **here),
        },
    )

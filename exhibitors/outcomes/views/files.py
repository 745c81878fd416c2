"""The files of the report page: the consultation-log upload (rows matching a meeting or a booth
log are said so), its template, and the MOU scans."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from exhibitors.companies.views import company_required
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.documents import scan_response
from exhibitors.outcomes.forms import (
    ConsultationUploadForm,
    ReportForm,
    report_formsets,
)
from exhibitors.outcomes.models import Mou
from exhibitors.outcomes.resources import (
    consultation_log_import,
    consultation_template,
)
from exhibitors.outcomes.views.report import (
    MATCHES_SHOWN,
    XLSX_TYPE,
    _open_report,
    _own_exhibitor,
    _render_report,
    _report_url,
)


@require_POST
@company_required
def report_upload(request, exhibitor_id):
    """Add the rows of a consultation-log spreadsheet to the requester's own report (with
    "replace", instead of its consultations). Any bad row: nothing is written, and the page
    lists every bad row with its row number, column and reason."""
    exhibitor = _own_exhibitor(request, exhibitor_id)
    report = _open_report(request, exhibitor)
    if report is None:
        return redirect("exhibitors:reports")
    if not outcomes.report_can_edit(report):
        messages.error(request, outcomes.report_edit_refusals(report))
        return redirect(_report_url(exhibitor))
    upload_form = ConsultationUploadForm(request.POST, request.FILES)
    problems = []
    if upload_form.is_valid():
        try:
            imported = consultation_log_import(
                report=report,
                dataset=upload_form.dataset,
                replace=upload_form.cleaned_data["replace"],
            )
        except outcomes.ReportRefused as error:  # submitted or approved meanwhile
            messages.error(request, error.message)
            return redirect(_report_url(exhibitor))
        problems = imported.problems
        if not problems:
            messages.success(
                request,
                ngettext(
                    "%(count)s consultation imported.",
                    "%(count)s consultations imported.",
                    imported.added,
                )
                % {"count": imported.added},
            )
            _tell_matches(request, imported.matches)
            return redirect(_report_url(exhibitor))
        messages.error(request, _("Nothing was imported; please correct these rows:"))
    else:
        messages.error(request, _("The file was not imported:"))
    return _render_report(
        request,
        exhibitor,
        report,
        form=ReportForm(instance=report),
        formsets=report_formsets(report, exhibitor=exhibitor),
        upload_form=upload_form,
        problems=problems,
    )


def _tell_matches(request, matches):
    """One message for the rows of an upload that were already in the report (a meeting or a
    booth log of the same buyer on the same day): each updated that row instead of adding one
    (the first :data:`MATCHES_SHOWN` named, the others counted)."""
    if not matches:
        return
    lines = [str(match) for match in matches[:MATCHES_SHOWN]]
    more = len(matches) - MATCHES_SHOWN
    if more > 0:
        lines.append(
            ngettext(
                "%(count)s more row matched a consultation from the expo.",
                "%(count)s more rows matched consultations from the expo.",
                more,
            )
            % {"count": more}
        )
    messages.info(request, " ".join(lines))


@company_required
def report_template(request, exhibitor_id):
    """The consultation-log template, made out for this report, in the user's language: the
    column names to write under, and a sheet of instructions, accepted values and an example
    that is never imported (uploaded unchanged, it adds nothing)."""
    exhibitor = _own_exhibitor(request, exhibitor_id)
    response = HttpResponse(consultation_template(exhibitor), content_type=XLSX_TYPE)
    name = f"consultations-{exhibitor.pavilion.event.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@company_required
def report_scan(request, exhibitor_id, mou_id):
    """An MOU's scan, for its own company only, as a download."""
    mou = get_object_or_404(
        Mou.objects.select_related("report__exhibitor__company"),
        pk=mou_id,
        report__exhibitor_id=exhibitor_id,
        report__exhibitor__company=request.company,
    )
    return scan_response(mou)

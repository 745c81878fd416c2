"""The exhibitor's side of the outcome report: the list of its reports and the report form.

Like every company-facing view, these work on the requester's own company only: another
company's report is a 404."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.spreadsheets import guess_format, import_problems

from . import outcomes
from .models import Exhibitor
from .report_forms import FORMSET_TITLES, ReportForm, formsets
from .resources import ConsultationResource, consultation_template
from .views import company_required

MAX_EXTRA_ROWS = 50


@company_required
def report_list(request):
    exhibitions = (
        Exhibitor.objects.filter(company=request.company)
        .select_related("pavilion__event", "report")
        .order_by("-pavilion__event__starts_on")
    )
    return render(request, "exhibitors/report_list.html", {"exhibitions": exhibitions})


@company_required
def report_edit(request, exhibitor_id):
    exhibitor = get_object_or_404(
        Exhibitor.objects.select_related("pavilion__event", "company"),
        pk=exhibitor_id,
        company=request.company,
    )
    if not outcomes.can_open(exhibitor):
        messages.info(request, _("The outcome report opens when the expo starts."))
        return redirect("exhibitors:reports")
    report = outcomes.report_for(exhibitor)
    editable = outcomes.can_edit(report)
    try:
        extra = min(int(request.GET.get("rows", 3)), MAX_EXTRA_ROWS)
    except ValueError:
        extra = 3
    if request.method == "POST" and not editable:
        messages.error(request, _("This report is approved and can no longer be changed."))
        return redirect("exhibitors:report", exhibitor.pk)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ReportForm(data, instance=report)
    sets = formsets(report, data, files, extra=extra if editable else 0)
    if request.method == "POST":
        if form.is_valid() and all(s.is_valid() for s in sets.values()):
            with transaction.atomic():
                form.save()
                for formset in sets.values():
                    formset.save()
            if "submit" in request.POST:
                try:
                    outcomes.report_submit(report=report, user=request.user)
                except outcomes.ReportError as error:
                    messages.error(request, error.message)
                    return redirect("exhibitors:report", exhibitor.pk)
                messages.success(request, _("Your report is submitted. Thank you!"))
            else:
                messages.success(request, _("Your report is saved as a draft."))
            url = reverse("exhibitors:report", args=[exhibitor.pk])
            if "more_rows" in request.POST:
                return redirect(f"{url}?rows={extra + 5}")
            return redirect(url)
        messages.error(request, _("Please correct the rows marked below; nothing was saved yet."))
    return render(
        request,
        "exhibitors/report_form.html",
        {
            "exhibitor": exhibitor,
            "report": report,
            "form": form,
            "formsets": [(FORMSET_TITLES[key], formset) for key, formset in sets.items()],
            "editable": editable,
        },
    )


UPLOAD_MAX_BYTES = 5 * 1024 * 1024


@require_POST
@company_required
def report_upload(request, exhibitor_id):
    """Add the rows of a consultation-log spreadsheet to the requester's own report; with
    "replace", its consultations are replaced. Any bad row: nothing is written, and every
    bad row is listed with its row number, column and reason."""
    exhibitor = get_object_or_404(
        Exhibitor.objects.select_related("pavilion__event", "company"),
        pk=exhibitor_id,
        company=request.company,
    )
    report = outcomes.report_for(exhibitor)
    back = redirect("exhibitors:report", exhibitor.pk)
    if not outcomes.can_edit(report):
        messages.error(request, _("This report can no longer be changed."))
        return back
    upload = request.FILES.get("log")
    input_format = guess_format(upload.name) if upload else None
    if upload is None or input_format is None:
        messages.error(request, _("Choose a spreadsheet: an .xlsx or .csv file."))
        return back
    if upload.size > UPLOAD_MAX_BYTES or upload.size == 0:
        messages.error(request, _("The file must hold something and be at most 5 MB."))
        return back
    try:
        dataset = input_format.create_dataset(upload.read())
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear answer
        messages.error(request, _("The file could not be read as a spreadsheet."))
        return back
    resource = ConsultationResource(report=report)
    with transaction.atomic():
        if request.POST.get("replace"):
            report.consultations.all().delete()
        result = resource.import_data(dataset)
        problems = import_problems(result, resource)
        if problems:
            transaction.set_rollback(True)
    if problems:
        messages.error(request, _("Nothing was imported; please correct these rows:"))
        for problem in problems[:50]:
            messages.error(request, str(problem))
        return back
    messages.success(
        request,
        ngettext(
            "%(count)s consultation imported.", "%(count)s consultations imported.", len(dataset)
        )
        % {"count": len(dataset)},
    )
    return back


@company_required
def report_template(request):
    """The consultation-log template to fill in."""
    response = HttpResponse(
        consultation_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="consultations.xlsx"'
    return response

"""The exhibitor's side of the outcome report: the list of its reports and the report form.

Like every company-facing view, these work on the requester's own company only: another
company's report is a 404."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import outcomes
from .models import Exhibitor
from .report_forms import FORMSET_TITLES, ReportForm, formsets
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

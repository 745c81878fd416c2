"""The back office of outcome reports: staff read the reports, approve them or return them
with a comment; only approved reports count in the pavilion's figures."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Pavilion

from . import outcomes
from .models import Consultation, FollowUp, Mou, OnSiteContract, OutcomeReport


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConsultationInline(ReadOnlyInline):
    model = Consultation
    fields = [
        "met_on",
        "buyer_organisation",
        "buyer_country",
        "buyer_type",
        "product",
        "amount_usd",
        "expected_contract_usd",
        "stage",
        "note",
    ]


class MouInline(ReadOnlyInline):
    model = Mou
    fields = ["partner", "country", "signed_on", "scope"]


class OnSiteContractInline(ReadOnlyInline):
    model = OnSiteContract
    fields = ["partner", "country", "amount_usd"]


class FollowUpInline(ReadOnlyInline):
    model = FollowUp
    fields = ["months", "contracts", "amount_usd", "note"]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the exhibitor change?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
    )


@admin.register(OutcomeReport)
class OutcomeReportAdmin(admin.ModelAdmin):
    list_display = [
        "exhibitor",
        "status",
        "consultation_count",
        "consultation_amount",
        "submitted_at",
        "approved_at",
    ]
    list_select_related = ["exhibitor__company", "exhibitor__pavilion__event"]
    list_filter = ["status", "exhibitor__pavilion__event"]
    search_fields = [
        "exhibitor__company__name_ko",
        "exhibitor__company__name_en",
        "exhibitor__company__registration_number",
    ]
    readonly_fields = [
        "exhibitor",
        "status",
        "submitted_at",
        "approved_at",
        "approved_by",
        "staff_comment",
    ]
    fields = [
        "exhibitor",
        ("status", "submitted_at"),
        ("approved_at", "approved_by"),
        "staff_comment",
        "publish_amounts",
        ("satisfaction_support", "satisfaction_booth", "satisfaction_matching"),
        "survey_comment",
        "would_return",
    ]
    inlines = [ConsultationInline, MouInline, OnSiteContractInline, FollowUpInline]
    actions = ["approve", "send_back"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                consultation_count=Count("consultations"),
                consultation_amount=Coalesce(
                    Sum("consultations__amount_usd"), 0, output_field=DecimalField()
                ),
            )
        )

    @admin.display(description=_("consultations"), ordering="consultation_count")
    def consultation_count(self, obj):
        return obj.consultation_count

    @admin.display(description=_("amount (USD)"), ordering="consultation_amount")
    def consultation_amount(self, obj):
        return f"{obj.consultation_amount:,.0f}"

    def has_add_permission(self, request):
        return False  # exhibitors file their reports on the portal

    def has_change_permission(self, request, obj=None):
        """Staff do not edit what an exhibitor filed: they approve or return it."""
        if obj is not None and obj.status == outcomes.R.APPROVED:
            return False
        return super().has_change_permission(request, obj)

    def has_approve_permission(self, request):
        return request.user.has_perm("exhibitors.approve_report")

    @admin.action(description=_("Approve the selected reports"), permissions=["approve"])
    def approve(self, request, queryset):
        done = 0
        for report in queryset.select_related("exhibitor__company"):
            try:
                outcomes.report_approve(report=report, user=request.user)
                done += 1
            except outcomes.ReportError as error:
                self.message_user(
                    request, f"{report.exhibitor.company}: {error.message}", messages.WARNING
                )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s report approved; it now counts in the figures.",
                    "%(count)s reports approved; they now count in the figures.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Return for changes…"), permissions=["approve"])
    def send_back(self, request, queryset):
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for report in queryset.select_related("exhibitor__company"):
                try:
                    outcomes.report_return(
                        report=report, user=request.user, comment=form.cleaned_data["comment"]
                    )
                    done += 1
                except outcomes.ReportError as error:
                    self.message_user(
                        request, f"{report.exhibitor.company}: {error.message}", messages.WARNING
                    )
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s report returned to its exhibitor.",
                        "%(count)s reports returned to their exhibitors.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/exhibitors/outcomereport/send_back.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return for changes"),
                "opts": self.opts,
                "form": form,
                "reports": queryset.select_related("exhibitor__company"),
                "action": "send_back",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = [
        "buyer_organisation",
        "buyer_country",
        "buyer_type",
        "amount_usd",
        "expected_contract_usd",
        "stage",
        "met_on",
        "report",
    ]
    list_select_related = ["report__exhibitor__company", "report__exhibitor__pavilion__event"]
    list_filter = ["report__exhibitor__pavilion__event", "report__status", "stage", "buyer_type"]
    search_fields = [
        "buyer_organisation",
        "product",
        "report__exhibitor__company__name_ko",
        "report__exhibitor__company__name_en",
    ]
    date_hierarchy = "met_on"


@admin.register(Mou)
class MouAdmin(ReadOnlyAdmin):
    list_display = ["partner", "country", "signed_on", "report"]
    list_select_related = ["report__exhibitor__company", "report__exhibitor__pavilion__event"]
    list_filter = ["report__exhibitor__pavilion__event", "country"]
    search_fields = ["partner", "report__exhibitor__company__name_en"]


@admin.register(OnSiteContract)
class OnSiteContractAdmin(ReadOnlyAdmin):
    list_display = ["partner", "country", "amount_usd", "report"]
    list_select_related = ["report__exhibitor__company", "report__exhibitor__pavilion__event"]
    list_filter = ["report__exhibitor__pavilion__event", "country"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["report", "months", "contracts", "amount_usd"]
    list_select_related = ["report__exhibitor__company", "report__exhibitor__pavilion__event"]
    list_filter = ["report__exhibitor__pavilion__event", "months"]


# The pavilion dashboard (reached from the pavilion's page) -----------------------------------


def _dashboard_pavilion(request, object_id):
    if not (request.user.is_superuser or request.user.has_perm("events.view_outcomes")):
        raise PermissionDenied
    return get_object_or_404(Pavilion.objects.with_event(), pk=object_id)


def dashboard_view(model_admin, request, object_id):
    pavilion = _dashboard_pavilion(request, object_id)
    figures = outcomes.pavilion_figures(pavilion, tables=True)
    editions = outcomes.series_figures(pavilion.event.series)
    chart = {
        "labels": [row["label"] for row in editions],
        "consultations": [row["consultations"] for row in editions],
        "amounts": [float(row["amount_usd"]) for row in editions],
        "consultationsLabel": str(_("consultations")),
        "amountLabel": str(_("consultation amount (USD)")),
    }
    return TemplateResponse(
        request,
        "admin/events/pavilion/dashboard.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": pavilion,
            "title": _("Outcome dashboard · %(pavilion)s") % {"pavilion": pavilion},
            "figures": figures,
            "data": outcomes.report_json(figures),
            "chart": chart,
        },
    )


def dashboard_xlsx(model_admin, request, object_id):
    pavilion = _dashboard_pavilion(request, object_id)
    response = HttpResponse(
        outcomes.figures_xlsx(outcomes.pavilion_figures(pavilion, tables=True)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{pavilion.event.slug}-outcomes.xlsx"'
    return response

"""The outcome reports in the admin: staff read a report as filed, with its consultations page
by page, and approve it or return it (:mod:`.report_actions`)."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from exhibitors.outcomes.admin.report_actions import ReportActions
from exhibitors.outcomes.models import (
    REPORT_TRANSITIONS,
    Consultation,
    FollowUp,
    Mou,
    OnSiteContract,
    OutcomeReport,
    ReportStatus,
)
from exhibitors.outcomes.selectors import (
    CONSULTATIONS_PER_PAGE,
    report_consultations,
    reports_with_consultation_totals,
)
from exhibitors.outcomes.tables import consultation_rows
from portal.admin_history import AuditedAdmin
from portal.adminlists import CachedChangeList, QuickActionCheckbox


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MouInline(ReadOnlyInline):
    model = Mou
    fields = ["partner", "country", "signed_on", "scope", "scan"]


class OnSiteContractInline(ReadOnlyInline):
    model = OnSiteContract
    fields = ["partner", "country", "amount_usd"]


class FollowUpInline(ReadOnlyInline):
    model = FollowUp
    fields = ["months", "contracts", "amount_usd", "note"]


@admin.register(OutcomeReport)
class OutcomeReportAdmin(CachedChangeList, ReportActions, QuickActionCheckbox, AuditedAdmin):
    # The list (portal.adminlists.CachedChangeList) shows the rows of these models: the
    # reports, their consultations' number and amount, the exhibitors' companies and pavilions.
    list_cache_models = (
        "exhibitors.OutcomeReport",
        "exhibitors.Consultation",
        "exhibitors.Exhibitor",
        "exhibitors.Company",
        "events.Pavilion",
        "events.Event",
    )
    history_select_related = ["exhibitor__company", "exhibitor__pavilion__event", "approved_by"]
    history_related = [
        (Consultation, "report_id"),
        (Mou, "report_id"),
        (OnSiteContract, "report_id"),
        (FollowUp, "report_id"),
    ]
    list_display = [
        "company",
        "pavilion",
        "status",
        "consultation_count",
        "consultation_amount",
        "submitted_at",
        "approved_at",
    ]
    list_display_links = ["company"]
    list_select_related = ["exhibitor__company", "exhibitor__pavilion__event"]
    list_filter = ["exhibitor__pavilion__event", "status"]
    ordering = ["-exhibitor__pavilion__event__starts_on", "exhibitor__company__name_ko", "pk"]
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
    #: The consultations are not an inline (a report may hold 20,000 of them): the change page
    #: lists them page by page below the report (``change_view``).
    inlines = [MouInline, OnSiteContractInline, FollowUpInline]
    actions = ["approve", "send_back"]

    def get_queryset(self, request):
        """The number and amount of each report's consultations, annotated: one query for the
        rows, whatever their number (both aggregates over the one join to the consultations)."""
        return reports_with_consultation_totals(super().get_queryset(request))

    @admin.display(description=_("company"), ordering="exhibitor__company__name_ko")
    def company(self, obj):
        return obj.exhibitor.company

    @admin.display(description=_("pavilion"), ordering="exhibitor__pavilion__event__starts_on")
    def pavilion(self, obj):
        return obj.exhibitor.pavilion

    @admin.display(description=_("consultations"), ordering="consultation_count")
    def consultation_count(self, obj):
        return obj.consultation_count

    @admin.display(description=_("amount (USD)"), ordering="consultation_amount")
    def consultation_amount(self, obj):
        return f"{obj.consultation_amount:,.0f}"

    def has_add_permission(self, request):
        return False  # exhibitors file their reports on the portal

    def has_change_permission(self, request, obj=None):
        """Staff do not edit what an exhibitor filed (its figures, its survey, its consent to
        publish its amounts): they approve it or return it with a comment. The report's page
        is read-only for everyone, and always for an approved report."""
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request):
        """The Reporting role (``exhibitors.approve_report``) and superusers."""
        return request.user.has_perm("exhibitors.approve_report")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The report as filed, with its consultations page by page (``?page=``, 50 a page:
        a count and a slice, whatever their number) and buttons for the moves its status
        allows."""
        extra_context = {**(extra_context or {})}
        report = self.get_object(request, object_id)
        if report is not None:
            paginator = Paginator(report_consultations(report), CONSULTATIONS_PER_PAGE)
            page = paginator.get_page(request.GET.get("page"))
            extra_context["consultations"] = page
            extra_context["consultation_rows"] = consultation_rows(page.object_list)
            extra_context["consultation_pages"] = {
                "previous": page.has_previous() and page.previous_page_number(),
                "next": page.has_next() and page.next_page_number(),
                "last": page.number < paginator.num_pages - 1 and paginator.num_pages,
            }
        if report is not None and self.has_approve_permission(request):
            allowed = REPORT_TRANSITIONS[ReportStatus(report.status)]
            extra_context["may_approve"] = ReportStatus.APPROVED in allowed
            extra_context["may_return"] = ReportStatus.RETURNED in allowed
        return super().change_view(request, object_id, form_url, extra_context)

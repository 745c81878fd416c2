"""The outcome reports in the admin: staff read a report as filed, with its consultations page
by page, and approve it or return it (:mod:`.report_actions`)."""

import uuid

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
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
from portal import pagecache
from portal.admin_history import AuditedAdmin
from portal.adminlists import CachedChangeList, QuickActionCheckbox

#: The report's page, and the version names of what it shows (``exhibitors.apps``: the report
#: and its rows, its exhibitor, who approved it; the pavilion is the public pages'
#: ``events:public``).
CHANGE_FORM = "admin/exhibitors/outcomereport/change_form.html"
VERSIONS = ("events:public", "exhibitors:roster", "exhibitors:outcomes", "exhibitors:users")


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
    # The list (portal.adminlists.CachedChangeList) shows the reports and their consultations'
    # number and amount, the exhibitors' companies and pavilions (``exhibitors.apps``).
    list_cache_names = ("events:public", "exhibitors:roster", "exhibitors:outcomes")
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
        allows.

        Its content (everything below the title) is cached per report, page, language and the
        user's permissions (:func:`portal.pagecache.cached`), without the CSRF token (put back
        on every request), and made again after any write of what it shows. A page asked for
        with anything else than ``?page=`` (a popup, the list's filters) is made every time."""
        page_number = request.GET.get("page", "")
        if (
            request.method != "GET"
            or form_url
            or extra_context
            or set(request.GET) - {"page"}
            or not (page_number == "" or (page_number.isdigit() and len(page_number) < 8))
        ):
            return self._report_change_view(request, object_id, form_url, extra_context)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        made = {}

        def make():
            made["response"] = response = self._cacheable_change_view(request, object_id)
            return getattr(response, "cached_part", None)

        key = ":".join(
            [
                "admin:report",
                str(int(object_id)) if str(object_id).isdigit() else quote(object_id),
                page_number,
                get_language(),
                pagecache.permissions_key(request.user),
            ]
        )
        page = pagecache.cached(key, VERSIONS, make)
        if "response" in made:
            return made["response"]
        return self._cached_change_view(request, page)

    def _report_change_view(self, request, object_id, form_url="", extra_context=None):
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

    def _cacheable_change_view(self, request, object_id):
        """The page made by the admin, rendered; with ``cached_part`` (what
        :meth:`_cached_change_view` needs to draw it again) when it is the report's page. The
        content is marked out in the rendering, and drawn with a placeholder for the CSRF
        token, replaced in this response and in every one drawn from the cache."""
        mark = f"\x00{uuid.uuid4().hex}\x00"
        response = self._report_change_view(
            request, object_id, extra_context={"content_mark": mark}
        )
        if not isinstance(response, TemplateResponse) or response.status_code != 200:
            return response
        response.context_data["csrf_token"] = pagecache.CSRF_MARK
        response.render()
        before, content, after = response.content.decode(response.charset).split(mark)
        response.content = pagecache.with_csrf_token(before + content + after, request)
        context = response.context_data
        response.cached_part = {
            "content": content,
            "title": context["title"],
            "subtitle": context["subtitle"],
            "original": str(context["original"]),
            "media": str(context["media"]),
        }
        return response

    def _cached_change_view(self, request, page):
        """The page drawn again from its cached content (:meth:`_cacheable_change_view`)."""
        request.current_app = self.admin_site.name
        content = pagecache.with_csrf_token(page["content"], request)
        context = {
            **self.admin_site.each_context(request),
            "title": page["title"],
            "subtitle": page["subtitle"],
            "original": page["original"],
            "media": mark_safe(page["media"]),  # as the admin rendered it
            "cached_content": mark_safe(content),  # as the admin rendered it
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "change": True,
            "add": False,
            "is_popup": False,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, self.change_form_template or CHANGE_FORM, context)

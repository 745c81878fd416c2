"""The back office of outcome reports: staff read the reports, approve them or return them
with a comment; only approved reports count in the pavilion's figures."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import Pavilion
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.exports import figures_xlsx
from exhibitors.outcomes.figures import (
    FiguresRefused,
    figures_publish,
    figures_snapshot,
    figures_totals,
    pavilion_figures,
    series_figures,
)
from exhibitors.outcomes.models import (
    CONSULTATION_FIELDS,
    REPORT_TRANSITIONS,
    Consultation,
    FiguresPublication,
    FollowUp,
    Mou,
    OnSiteContract,
    OutcomeReport,
    PublicationKind,
    ReportStatus,
)
from exhibitors.outcomes.selectors import (
    CONSULTATIONS_PER_PAGE,
    FrozenFigures,
    figures_differences,
    latest_publication,
    report_consultations,
    reports_with_consultation_totals,
)
from exhibitors.outcomes.tables import consultation_rows
from portal.admin_history import AuditedAdmin
from portal.adminlists import QuickActionCheckbox
from portal.i18n import content_language


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


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the exhibitor change?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
    )


@admin.register(OutcomeReport)
class OutcomeReportAdmin(QuickActionCheckbox, AuditedAdmin):
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

    def _each(self, request, queryset, move, change_message):
        """Apply ``move`` to each selected report and note it in the report's history (in the
        admin's JSON form, translated when read); a report that cannot make the move is named
        in a warning and left as it is. Returns how many moved."""
        done = 0
        for report in queryset.select_related("exhibitor__company", "exhibitor__pavilion__event"):
            try:
                move(report)
            except outcomes.ReportRefused as error:
                self.message_user(
                    request, f"{report.exhibitor.company}: {error.message}", messages.WARNING
                )
                continue
            self.log_change(request, report, change_message)
            done += 1
        return done

    @admin.action(description=_("Approve the selected reports"), permissions=["approve"])
    def approve(self, request, queryset):
        done = self._each(
            request,
            queryset,
            lambda report: outcomes.report_approve(report=report, user=request.user),
            [{"changed": {"fields": ["status", "approved", "approved by"]}}],
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
        """Asks for the comment the exhibitors will read first (an intermediate page); a report
        is never returned without one."""
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            done = self._each(
                request,
                queryset,
                lambda report: outcomes.report_return(
                    report=report, user=request.user, comment=comment
                ),
                [{"changed": {"fields": ["status", "comment from the foundation"]}}],
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


class ReadOnlyAdmin(AuditedAdmin):
    history_select_related = ["report__exhibitor__company", "report__exhibitor__pavilion__event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    #: The consultation's columns (``CONSULTATION_FIELDS``) but the long text ones, its date
    #: last, then its report.
    list_display = [
        *(name for name in CONSULTATION_FIELDS if name not in {"met_on", "product", "note"}),
        "met_on",
        "source",
        "needs_confirmation",
        "report",
    ]
    list_select_related = ["report__exhibitor__company", "report__exhibitor__pavilion__event"]
    list_filter = [
        "report__exhibitor__pavilion__event",
        "report__status",
        "source",
        "needs_confirmation",
        "stage",
        "buyer_type",
    ]
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


class PublishedPavilionFilter(admin.RelatedFieldListFilter):
    """The pavilions with a publication, named with their event, read in one query (Django's
    own filter read each pavilion's event apart)."""

    def field_choices(self, field, request, model_admin):
        pavilions = Pavilion.objects.select_related("event").filter(
            pk__in=FiguresPublication.objects.values("pavilion")
        )
        return [(pavilion.pk, str(pavilion)) for pavilion in pavilions]


@admin.register(FiguresPublication)
class FiguresPublicationAdmin(admin.ModelAdmin):
    """The publication log of each pavilion's figures, read only: entries are written by
    ``figures_publish`` and ``figures_withdraw`` and never changed or deleted."""

    list_display = ["pavilion", "version", "kind", "published_at", "published_by"]
    list_display_links = ["version"]
    list_select_related = ["pavilion__event", "published_by"]
    list_filter = ["kind", "pavilion__event", ("pavilion", PublishedPavilionFilter)]
    ordering = ["-pavilion__event__starts_on", "pavilion", "-version"]
    fields = ["pavilion", "version", "kind", "published_at", "published_by", "summary"]
    readonly_fields = fields

    @admin.display(description=_("figures as published"))
    def summary(self, obj):
        """The frozen press summary in the reader's language (it carries every total); the
        stored figures themselves are data for the results page, not for reading."""
        if not obj.figures:  # a withdrawal
            return "—"
        language = get_language() or ""
        return obj.figures["summary_ko" if language.startswith("ko") else "summary_en"]

    def has_view_permission(self, request, obj=None):
        return can_view_outcomes(request.user)

    def has_module_permission(self, request):
        return can_view_outcomes(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The pavilion dashboard (reached from the pavilion's page and the pavilion list) -------------


def can_view_outcomes(user):
    """Superusers and staff with ``events.view_outcomes`` (the Reporting role, the programme
    manager) read the dashboard and publish the results page."""
    return user.is_active and user.is_staff and user.has_perm("events.view_outcomes")


def _dashboard_pavilion(request, object_id):
    if not can_view_outcomes(request.user):
        raise PermissionDenied
    return get_object_or_404(Pavilion.objects.with_event(), pk=object_id)


def _theme_name(english, korean):
    if english is None and korean is None:
        return None
    return korean or english if content_language() == "ko" else english or korean


def _chart(pavilion):
    """Consultations and amount of every edition of the pavilion's series up to this one (the
    same pavilion, by slug), for the chart: one query (:func:`series_figures`)."""
    editions = [
        row
        for row in series_figures(pavilion.event.series)
        if row["pavilion"].slug == pavilion.slug
        and row["pavilion"].event.starts_on <= pavilion.event.starts_on
    ]
    return {
        "labels": [row["pavilion"].event.name for row in editions],
        "consultations": [row["consultations"] for row in editions],
        "amounts": [float(row["amount_usd"]) for row in editions],
        "consultationsLabel": str(_("consultations")),
        "amountLabel": str(_("consultation amount (USD)")),
    }


#: The labels of the totals the dashboard compares, live against published.
TOTAL_LABELS = {
    "consultations": _("Export consultations"),
    "consultation_amount_usd": _("Consultation amount (USD)"),
    "consultation_amount_krw": _("Consultation amount (KRW)"),
    "expected_contract_usd": _("Expected contracts (USD)"),
    "onsite_contracts": _("Contracts signed on site"),
    "onsite_contract_usd": _("Contracts signed on site (USD)"),
    "mous": _("MOUs signed"),
    "exhibitors": _("Exhibitors (companies)"),
    "co_exhibitors": _("Co-exhibitors"),
    "reports_approved": _("Approved reports"),
}


def _publication_context(pavilion, figures):
    """What the dashboard shows of the published figures: the latest publication, and, while
    the page is published, how the live figures differ from the published ones (one query)."""
    latest = latest_publication(pavilion)
    published = None
    if latest is not None and latest.kind != PublicationKind.WITHDRAWAL:
        published = FrozenFigures(latest)
    if published is None or pavilion.results_published_at is None:
        return {"publication": latest, "published": None}
    snapshot = figures_snapshot(figures)
    differences = [
        {
            "key": key,
            "label": TOTAL_LABELS[key],
            "published": before,
            "live": live,
            "difference": None if difference is None else f"{difference:+,}",
        }
        for key, before, live, difference in figures_differences(published, snapshot)
    ]
    return {
        "publication": latest,
        "published": published,
        "differences": differences,
        "figures_changed": snapshot != latest.figures,
    }


def dashboard_view(model_admin, request, object_id):
    """The pavilion's figures from its approved reports: totals, year on year, the tables per
    exhibitor, buyer country and theme, the chart and the press summaries; once the results
    page is published, how these live figures differ from the published ones, with a button
    to publish the revised figures. A fixed number of queries whatever the number of reports
    and consultations."""
    pavilion = _dashboard_pavilion(request, object_id)
    figures = pavilion_figures(pavilion, tables=True)
    data = figures_totals(figures)
    delta = data["yoy"]["consultations_delta"]
    exhibitors = [
        {
            **row,
            "theme_name": _theme_name(
                row["exhibitor"].theme_en, getattr(row["exhibitor"], "theme_ko", None)
            ),
        }
        for row in figures.by_exhibitor
    ]
    by_country = [
        {**row, "name": countries.name(row["buyer_country"])} for row in figures.by_country
    ]
    by_theme = [
        {**row, "name": _theme_name(row["theme"], row["theme_ko"])} for row in figures.by_theme
    ]
    return TemplateResponse(
        request,
        "admin/events/pavilion/dashboard.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": pavilion,
            "title": _("Outcome dashboard · %(pavilion)s") % {"pavilion": pavilion},
            "figures": figures,
            "data": data,
            "delta": None if delta is None else f"{delta:+,}",
            "exhibitors": exhibitors,
            "by_country": by_country,
            "by_theme": by_theme,
            "chart": _chart(pavilion),
            "results_url": reverse("exhibitors:results", args=[pavilion.event.slug, pavilion.slug]),
            "results_published": pavilion.are_results_published(),
            **_publication_context(pavilion, figures),
        },
    )


def publish_revised_view(model_admin, request, object_id):
    """ "Publish the revised figures": asks for confirmation (GET, with what changes), then
    publishes (POST, ``figures_publish`` with ``revise``) and goes back to the
    dashboard."""
    pavilion = _dashboard_pavilion(request, object_id)
    dashboard = reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])
    if request.method == "POST":
        try:
            publication = figures_publish(pavilion=pavilion, user=request.user, revise=True)
        except FiguresRefused as error:
            model_admin.message_user(request, error.message, messages.ERROR)
        else:
            model_admin.message_user(
                request,
                _("The revised figures are published (version %(version)s).")
                % {"version": publication.version},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(dashboard)
    figures = pavilion_figures(pavilion, tables=True)
    return TemplateResponse(
        request,
        "admin/events/pavilion/publish_revised.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": pavilion,
            "title": _("Publish the revised figures · %(pavilion)s") % {"pavilion": pavilion},
            "figures": figures,
            "data": figures_totals(figures),
            "dashboard_url": dashboard,
            **_publication_context(pavilion, figures),
        },
    )


def dashboard_xlsx(model_admin, request, object_id):
    """The dashboard as a workbook in the user's language (:func:`figures_xlsx`:
    numbers as numbers with number formats, text never a formula)."""
    pavilion = _dashboard_pavilion(request, object_id)
    response = HttpResponse(
        figures_xlsx(pavilion_figures(pavilion, tables=True)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{pavilion.event.slug}-{pavilion.slug}-outcomes.xlsx"'
    )
    return response

"""The rows of the outcome reports (consultations, MOUs, contracts, follow-ups) and the
figures' publication log in the admin: read only."""

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.outcomes.admin.dashboard import can_view_outcomes
from exhibitors.outcomes.models import (
    CONSULTATION_FIELDS,
    Consultation,
    FiguresPublication,
    FollowUp,
    Mou,
    OnSiteContract,
)
from portal.admin_history import AuditedAdmin


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

"""The catalogue in the back office: staff publish or withdraw a pavilion's catalogue (actions
that call :mod:`exhibitors.buyers.catalogue`'s services, recorded in the audit trail), print
its booth cards, and read the companies' entries, which only the companies write."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext

from exhibitors.buyers import catalogue
from exhibitors.buyers.models import Catalogue, CatalogueEntry
from exhibitors.outcomes.models import BuyerType
from portal.admin_history import AuditedAdmin, ChoiceLabels


@admin.register(Catalogue)
class CatalogueAdmin(AuditedAdmin):
    history_select_related = ["pavilion__event", "published_by"]
    list_display = ["pavilion", "published_at", "published_by", "agreed_count", "links"]
    list_select_related = ["pavilion__event", "published_by"]
    actions = ["publish", "unpublish"]
    fields = ["pavilion", "published_at", "published_by"]
    readonly_fields = ["published_at", "published_by"]
    ordering = ["-pavilion__event__starts_on"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "pavilion"] if obj else self.readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreed=Count(
                    "pavilion__exhibitors__catalogue_entry",
                    filter=Q(pavilion__exhibitors__catalogue_entry__agreed_at__isnull=False),
                )
            )
        )

    @admin.display(description=gettext_lazy("entries agreed"), ordering="agreed")
    def agreed_count(self, obj):
        return obj.agreed

    @admin.display(description=gettext_lazy("pages"))
    def links(self, obj):
        slugs = [obj.pavilion.event.slug, obj.pavilion.slug]
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("exhibitors:catalogue", args=slugs),
            gettext_lazy("Catalogue"),
            reverse("exhibitors:catalogue_cards", args=slugs),
            gettext_lazy("Booth cards"),
        )

    @admin.action(description=gettext_lazy("Publish the chosen catalogues"), permissions=["change"])
    def publish(self, request, queryset):
        done = 0
        for item in queryset.select_related("pavilion"):
            try:
                catalogue.catalogue_publish(pavilion=item.pavilion, user=request.user)
            except catalogue.CatalogueRefused as refusal:
                self.message_user(request, f"{item.pavilion}: {refusal.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)d catalogue is public.", "%(n)d catalogues are public.", done)
                % {"n": done},
                messages.SUCCESS,
            )

    @admin.action(
        description=gettext_lazy("Withdraw the chosen catalogues from the public"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        done = 0
        for item in queryset.select_related("pavilion"):
            catalogue.catalogue_unpublish(pavilion=item.pavilion, user=request.user)
            done += 1
        self.message_user(
            request,
            ngettext(
                "%(n)d catalogue is no longer public.",
                "%(n)d catalogues are no longer public.",
                done,
            )
            % {"n": done},
            messages.SUCCESS,
        )


class EntryChanges(ChoiceLabels):
    """The history names the partners sought by their labels, not their codes."""

    def prepare_delta_change_value(self, change, value):
        if change.field == "partner_types" and isinstance(value, list):
            labels = dict(BuyerType.choices)
            return ", ".join(str(labels.get(code, code)) for code in value) or "—"
        return super().prepare_delta_change_value(change, value)


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(AuditedAdmin):
    """The companies' entries, read only: a company words and agrees to its own entry."""

    history_select_related = ["exhibitor__company", "exhibitor__pavilion__event", "agreed_by"]
    list_display = [
        "exhibitor",
        "product_en",
        "agreed_at",
        "show_logo",
        "show_website",
        "updated_at",
    ]
    list_select_related = ["exhibitor__company", "exhibitor__pavilion__event"]
    list_filter = ["exhibitor__pavilion__event", ("agreed_at", admin.EmptyFieldListFilter)]
    search_fields = [
        "exhibitor__company__name_ko",
        "exhibitor__company__name_en",
        "product_ko",
        "product_en",
    ]
    fields = [
        "exhibitor",
        ("product_ko", "product_en"),
        ("summary_ko", "summary_en"),
        "target_markets",
        "partner_types",
        ("show_logo", "show_website"),
        ("agreed_at", "agreed_by"),
        "updated_at",
    ]
    readonly_fields = [
        "exhibitor",
        "product_ko",
        "product_en",
        "summary_ko",
        "summary_en",
        "target_markets",
        "partner_types",
        "show_logo",
        "show_website",
        "agreed_at",
        "agreed_by",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_historical_record_context_helper(self, request, historical_record):
        return EntryChanges(self.model, historical_record)

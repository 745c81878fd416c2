from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from portal.spreadsheets import EXPORT_FORMATS, IMPORT_FORMATS

from .models import Company, Exhibitor, Membership
from .resources import CompanyResource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Company)
class CompanyAdmin(ImportExportModelAdmin):
    resource_classes = [CompanyResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    list_display = [
        "name_ko",
        "name_en",
        "registration_number_display",
        "kind",
        "representative",
        "founded",
        "employees",
        "member_count",
    ]
    list_filter = ["kind", "sector"]
    search_fields = ["name_ko", "name_en", "registration_number", "representative", "email"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["kind", ("name_ko", "name_en"), "registration_number"]}),
        (
            _("Profile"),
            {
                "fields": [
                    ("representative", "founded", "employees"),
                    "sector",
                    "description_ko",
                    "description_en",
                    "logo",
                ]
            },
        ),
        (_("Contact"), {"fields": ["website", ("email", "phone")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("business registration number"), ordering="registration_number")
    def registration_number_display(self, obj):
        return obj.registration_number_display

    @admin.display(description=_("users"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "joined_at"]
    list_select_related = ["user", "company"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__username", "company__name_ko", "company__name_en"]
    autocomplete_fields = ["company"]
    raw_id_fields = ["user"]


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["company", "pavilion", "role", "confirmed_at"]
    list_select_related = ["company", "pavilion__event"]
    list_filter = ["role", "pavilion__event__series", "pavilion__event"]
    search_fields = ["company__name_ko", "company__name_en", "company__registration_number"]
    autocomplete_fields = ["company", "pavilion"]
    date_hierarchy = "confirmed_at"

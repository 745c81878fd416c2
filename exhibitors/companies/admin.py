from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from exhibitors.companies import registration, services
from exhibitors.companies.models import Company, CompanyInvitation, Exhibitor, Membership
from exhibitors.companies.resources import CompanyResource
from portal.admin_history import AuditedAdmin
from portal.admin_input import HTTPS_URLS, AddressInitialAdminMixin
from portal.spreadsheets import EXPORT_FORMATS, IMPORT_FORMATS, SpreadsheetAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class RegistrationNumberSearch:
    """A list searched by a registration number as people write it (220-81-34568,
    220 81 34568) finds the company, whose 10 digits are stored without separators."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, registration.search_term(search_term))


@admin.register(Company)
class CompanyAdmin(
    RegistrationNumberSearch, SpreadsheetAdminMixin, AuditedAdmin, ImportExportModelAdmin
):
    formfield_overrides = HTTPS_URLS
    resource_classes = [CompanyResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS

    def has_import_permission(self, request):
        """An import adds and changes companies: both permissions (django-import-export lets
        every staff user import unless told otherwise)."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        """An export is every company's profile: those who may view companies."""
        return self.has_view_permission(request)

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
class MembershipAdmin(AddressInitialAdminMixin, admin.ModelAdmin):
    list_display = ["user", "company", "role", "joined_at"]
    list_select_related = ["user", "company"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__username", "company__name_ko", "company__name_en"]
    autocomplete_fields = ["company"]
    raw_id_fields = ["user"]


@admin.register(Exhibitor)
class ExhibitorAdmin(RegistrationNumberSearch, AddressInitialAdminMixin, AuditedAdmin):
    history_select_related = ["company", "pavilion__event"]
    list_display = ["company", "pavilion", "role", "confirmed_at"]
    list_select_related = ["company", "pavilion__event"]
    list_filter = ["role", "pavilion__event__series", "pavilion__event"]
    search_fields = ["company__name_ko", "company__name_en", "company__registration_number"]
    autocomplete_fields = ["company", "pavilion"]
    date_hierarchy = "confirmed_at"


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(AddressInitialAdminMixin, admin.ModelAdmin):
    """Staff invite a user to a company the way a company's own user does: through
    ``services.invitation_send``, which records the staff user as the inviter and mails the
    invitation. A sent invitation is read-only (it is accepted through its link)."""

    list_display = ["email", "company", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["company", "invited_by"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "company__name_ko", "company__name_en"]
    fields = ["company", "email", "invited_by", "created_at", "accepted_at"]
    readonly_fields = ["invited_by", "created_at", "accepted_at"]
    autocomplete_fields = ["company"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:  # nothing is editable on a sent invitation
            return
        services.invitation_send(invitation=obj, inviter=request.user)
        self.message_user(
            request,
            _("The invitation is mailed to %(email)s.") % {"email": obj.email},
            messages.SUCCESS,
        )

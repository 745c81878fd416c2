from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from events.models import Theme
from portal.admin_input import HTTPS_URLS, AddressInitialAdminMixin
from portal.adminlists import QuickActionCheckbox
from portal.i18n import localized
from portal.spreadsheets import EXPORT_FORMATS, IMPORT_FORMATS, SpreadsheetAdminMixin

from . import invitations, registration
from .admin_history import AuditedAdmin
from .admin_reviews import assign_reviewers
from .applications import ApplicationError, application_start_review
from .models import (
    Application,
    ApplicationStatus,
    Company,
    CompanyInvitation,
    Consent,
    Exhibitor,
    Membership,
    StatusChange,
)
from .resources import CompanyResource


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


class ThemeNameFilter(admin.SimpleListFilter):
    """The exhibition theme by its name in the page's language; a theme that returns every
    year (Mobility, 모빌리티) is one choice for all the editions (it filters by the English
    name, which is the theme's key within an event)."""

    title = _("exhibition theme")
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        names = (
            Theme.objects.filter(pk__in=model_admin.get_queryset(request).values("theme"))
            .values_list("name_en", "name_ko")
            .distinct()
            .order_by("name_en")
        )
        return [(english, localized(korean, english)) for english, korean in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(theme__name_en=self.value())
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note_shown"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class ApplicationAdminForm(forms.ModelForm):
    """Staff may correct an application's content; once it is submitted, what they change
    must leave it as complete as the submission did (``Application.missing_after_submission``,
    the rule the company's own saves pass in ``applications.application_save``)."""

    def _post_clean(self):
        super()._post_clean()
        if self.instance.status == ApplicationStatus.DRAFT:
            return
        for name, message in self.instance.missing_after_submission().items():
            if name in self.changed_data:
                self.add_error(name, message)


@admin.register(Application)
class ApplicationAdmin(
    RegistrationNumberSearch, QuickActionCheckbox, AddressInitialAdminMixin, AuditedAdmin
):
    form = ApplicationAdminForm
    # Status moves are also in the status changes below the form (``StatusChange``, with the
    # note); the history page has every field, status included, with the same note as reason.
    history_select_related = ["company", "pavilion__event", "theme", "created_by", "decision_by"]
    list_display = [
        "company",
        "pavilion",
        "status",
        "theme",
        "booth_preference",
        "submitted_at",
        "status_changed_at",
    ]
    list_select_related = ["company", "pavilion__event", "theme"]
    list_filter = [
        "status",
        "pavilion__event__series",
        "pavilion__event",
        ThemeNameFilter,
        "booth_preference",
    ]
    search_fields = [
        "company__name_ko",
        "company__name_en",
        "company__registration_number",
        "product_name_ko",
        "product_name_en",
    ]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "pavilion",
        "company",
        "status",
        "status_changed_at",
        "submitted_at",
        "created_by",
        "withdrawal_reason",
    ]
    autocomplete_fields = ["past_pavilions"]
    inlines = [StatusChangeInline]
    actions = ["start_review", assign_reviewers]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("pavilion", "company"),
                    ("status", "status_changed_at"),
                    ("submitted_at", "created_by"),
                    "withdrawal_reason",
                ]
            },
        ),
        (
            _("Product or solution"),
            {
                "fields": [
                    ("product_name_ko", "product_name_en"),
                    "product_description_ko",
                    "product_description_en",
                    "theme",
                    "target_markets",
                ]
            },
        ),
        (
            _("Export record"),
            {"fields": ["exports_description", "overseas_offices", "past_expos", "past_pavilions"]},
        ),
        (_("Goals and booth"), {"fields": ["goals", ("booth_preference", "booth_notes")]}),
        (_("Documents"), {"fields": ["introduction_pdf", "product_image"]}),
    ]

    def has_add_permission(self, request):
        return False  # companies apply through the portal

    def has_assign_reviewers_permission(self, request):
        return request.user.has_perm("exhibitors.assign_reviewers")

    def has_start_review_permission(self, request):
        """The programme manager (``exhibitors.start_review``) and superusers."""
        return request.user.has_perm("exhibitors.start_review")

    @admin.action(
        description=_("Start the review of the selected submitted applications"),
        permissions=["start_review"],
    )
    def start_review(self, request, queryset):
        moved, refused = 0, []
        for application in queryset.select_related("pavilion", "company"):
            try:
                application_start_review(application=application, user=request.user)
                moved += 1
            except ApplicationError as error:
                refused.append(f"{application.company}: {error.message}")
        if moved:
            self.message_user(
                request,
                _("%(count)s applications are now under review.") % {"count": moved},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "changed_by", "changed_at"]
    list_select_related = ["application__company", "application__pavilion__event", "changed_by"]
    list_filter = ["to_status", "application__pavilion__event"]
    search_fields = ["application__company__name_ko", "application__company__name_en"]
    date_hierarchy = "changed_at"
    fields = ["application", "from_status", "to_status", "changed_by", "changed_at", "note_shown"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(AddressInitialAdminMixin, admin.ModelAdmin):
    """Staff invite a user to a company the way a company's own user does: through
    ``invitations.invitation_send``, which records the staff user as the inviter and mails the
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
        invitations.invitation_send(invitation=obj, inviter=request.user)
        self.message_user(
            request,
            _("The invitation is mailed to %(email)s.") % {"email": obj.email},
            messages.SUCCESS,
        )


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Who agreed to which notice, in which version, when: a record, never edited."""

    list_display = ["user", "kind", "version", "agreed_at", "application"]
    list_select_related = ["user", "application__company", "application__pavilion__event"]
    list_filter = ["kind", "version"]
    search_fields = ["user__email"]
    date_hierarchy = "agreed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The back-office pages of review and decision live in their own modules.
from . import admin_booths, admin_outcomes, admin_ranking, admin_reviews  # noqa: E402, F401

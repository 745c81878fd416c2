from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.models import Theme
from exhibitors.applications.admin_reviews import assign_reviewers
from exhibitors.applications.models import Application, ApplicationStatus, Consent, StatusChange
from exhibitors.applications.services import ApplicationRefused, application_start_review
from exhibitors.companies.admin import RegistrationNumberSearch
from portal.admin_history import AuditedAdmin
from portal.admin_input import AddressInitialAdminMixin
from portal.adminlists import QuickActionCheckbox
from portal.i18n import localized


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
    the rule the company's own saves pass in ``services.application_save``)."""

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
            except ApplicationRefused as error:
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

"""The reviews' list in the admin (:class:`ReviewAdmin`): its filters, columns and progress."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ExportMixin

from exhibitors.applications import selectors
from exhibitors.applications.admin_reviews.access import _may_export, sees_all_reviews
from exhibitors.applications.admin_reviews.assignment import ReviewAssignmentMixin
from exhibitors.applications.admin_reviews.pages import ReviewPagesMixin
from exhibitors.applications.forms import AssignmentForm
from exhibitors.applications.models import Review, Score
from exhibitors.applications.resources import ReviewResource
from portal.admin_history import AuditedAdmin
from portal.admin_input import AddressInitialAdminMixin
from portal.adminlists import CachedChangeList, QuickActionCheckbox
from portal.names import display_name
from portal.spreadsheets import EXPORT_FORMATS, SpreadsheetAdminMixin

# Assignments and scoring ------------------------------------------------------------------


class ReviewStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("todo", _("To do")),
            ("submitted", _("Submitted")),
            ("conflict", _("Conflict of interest declared")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.open()
        if self.value() == "submitted":
            return queryset.submitted()
        if self.value() == "conflict":
            return queryset.filter(conflict_declared_at__isnull=False)
        return queryset


class ReviewerListFilter(admin.RelatedOnlyFieldListFilter):
    """The reviewers who have reviews, by name."""

    def field_choices(self, field, request, model_admin):
        reviewers = selectors.reviewers_of(reviews=model_admin.get_queryset(request))
        return [(user.pk, display_name(user)) for user in reviewers]


@admin.register(Review)
class ReviewAdmin(
    CachedChangeList,
    ReviewAssignmentMixin,
    ReviewPagesMixin,
    QuickActionCheckbox,
    AddressInitialAdminMixin,
    SpreadsheetAdminMixin,
    ExportMixin,
    AuditedAdmin,
):
    """The reviews: a reviewer's own assignments, or every one for managers. The add form
    (:class:`ReviewAssignmentMixin`) and the review page (:class:`ReviewPagesMixin`) come
    with their mixins."""

    history_select_related = [
        "application__company",
        "application__pavilion__event",
        "reviewer",
        "assigned_by",
    ]
    history_related = [(Score, "review_id")]
    resource_classes = [ReviewResource]
    export_formats = EXPORT_FORMATS
    change_list_template = "admin/exhibitors/review/change_list.html"
    # The list (portal.adminlists.CachedChangeList) shows the user's own progress, the reviews,
    # their applications, companies, pavilions, events and themes, and the reviewers' names
    # (``exhibitors.apps``).
    list_cache_per_user = True
    list_cache_names = (
        "events:public",
        "exhibitors:roster",
        "exhibitors:reviews",
        "exhibitors:users",
    )

    def has_export_permission(self, request):
        """Exports carry every score: programme managers only."""
        return _may_export(request)

    list_display = [
        "company",
        "pavilion",
        "theme",
        "state",
        "submitted_at",
        "total_display",
        "review_link",
    ]
    list_select_related = [
        "application__company",
        "application__pavilion__event",
        "application__theme",
        "reviewer",
    ]
    list_filter = [
        ("application__pavilion__event", admin.RelatedOnlyFieldListFilter),
        ReviewStateFilter,
    ]
    search_fields = ["application__company__name_ko", "application__company__name_en"]
    ordering = ["application__pavilion", "application__company__name_ko", "assigned_at"]
    autocomplete_fields = ["application"]
    form = AssignmentForm
    view_fields = [
        "application",
        "reviewer",
        "assigned_by",
        "assigned_at",
        "submitted_at",
        "total",
        "comment",
        "conflict_declared_at",
        "conflict_note",
    ]

    # Who sees and does what

    def row_rule(self, request):
        """A reviewer sees their own reviews (and their history, deleted ones included)."""
        if sees_all_reviews(request.user):
            return None
        return Q(reviewer=request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and sees_all_reviews(request.user)

    def has_change_permission(self, request, obj=None):
        # Nobody edits an assignment's fields: assignments are made by the services, scores
        # and conflicts are entered on the review page.
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and sees_all_reviews(request.user)

    # The changelist

    def get_list_display(self, request):
        if sees_all_reviews(request.user):
            return ["company", "reviewer_name", *self.list_display[1:]]
        return self.list_display

    def get_list_filter(self, request):
        if sees_all_reviews(request.user):
            return [*self.list_filter, ("reviewer", ReviewerListFilter)]
        return self.list_filter

    def list_extra_context(self, request):
        done, assigned = selectors.reviewer_progress(request.user)
        progress = None
        if assigned or not sees_all_reviews(request.user):
            progress = ngettext(
                "%(done)s of %(assigned)s review done",
                "%(done)s of %(assigned)s reviews done",
                assigned,
            ) % {"done": done, "assigned": assigned}
        return {"review_progress": progress, "review_done": done, "review_assigned": assigned}

    @admin.display(description=gettext_lazy("company"), ordering="application__company__name_ko")
    def company(self, obj):
        return obj.application.company.name

    @admin.display(description=gettext_lazy("reviewer"), ordering="reviewer__last_name")
    def reviewer_name(self, obj):
        return display_name(obj.reviewer)

    @admin.display(description=gettext_lazy("pavilion"), ordering="application__pavilion")
    def pavilion(self, obj):
        return obj.application.pavilion

    @admin.display(description=gettext_lazy("exhibition theme"))
    def theme(self, obj):
        return obj.application.theme

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj):
        if obj.conflict_declared_at:
            return _("Conflict of interest declared")
        if obj.submitted_at:
            return _("Submitted")
        return _("To do")

    @admin.display(description=gettext_lazy("score (0-100)"), ordering="total")
    def total_display(self, obj):
        # Managers see every row; a reviewer's rows are all their own (get_queryset), so the
        # total shown is always the manager's view or the reviewer's own submitted review.
        return obj.total if obj.submitted_at else None

    @admin.display(description=gettext_lazy("review"))
    def review_link(self, obj):
        if obj.conflict_declared_at:
            return None
        url = reverse("admin:exhibitors_review_score", args=[obj.pk])
        label = _("View") if obj.submitted_at else _("Review")
        return format_html('<a href="{}">{}</a>', url, label)

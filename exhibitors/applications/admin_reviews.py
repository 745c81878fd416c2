"""Reviewer pages in the admin: assignments, scoring, conflicts of interest, documents, criteria.

A reviewer (``exhibitors.review_application``) sees only their own assignments; programme
managers (``exhibitors.assign_reviewers``) and superusers see every one. Every write goes
through :mod:`exhibitors.applications.reviews`; the lists are read by
:mod:`exhibitors.applications.selectors`.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ExportMixin, messages

from exhibitors.applications import reviews, selectors
from exhibitors.applications.documents import DOCUMENT_FIELDS, document_response
from exhibitors.applications.forms import (
    AssignmentForm,
    AssignReviewersForm,
    ConflictForm,
    CriterionForm,
    ReviewerChoiceField,
    ScoreForm,
)
from exhibitors.applications.models import Application, Criterion, Review, Score
from exhibitors.applications.resources import ReviewResource
from portal.admin_history import AuditedAdmin
from portal.admin_input import AddressInitialAdminMixin
from portal.adminlists import QuickActionCheckbox
from portal.names import display_name
from portal.spreadsheets import EXPORT_FORMATS, SpreadsheetAdminMixin


def sees_all_reviews(user):
    """Programme managers (and superusers) see and assign every review."""
    return user.has_perm("exhibitors.assign_reviewers")


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
    QuickActionCheckbox, AddressInitialAdminMixin, SpreadsheetAdminMixin, ExportMixin, AuditedAdmin
):
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

    def changelist_view(self, request, extra_context=None):
        done, assigned = selectors.reviewer_progress(request.user)
        progress = None
        if assigned or not sees_all_reviews(request.user):
            progress = ngettext(
                "%(done)s of %(assigned)s review done",
                "%(done)s of %(assigned)s reviews done",
                assigned,
            ) % {"done": done, "assigned": assigned}
        context = {
            "review_progress": progress,
            "review_done": done,
            "review_assigned": assigned,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

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

    # The add form (managers) and the read-only page of an assignment

    def get_fields(self, request, obj=None):
        return ["application", "reviewer"] if obj is None else self.view_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewer":
            kwargs["queryset"] = selectors.reviewer_candidates().order_by("last_name", "email")
            kwargs["form_class"] = ReviewerChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return  # never reached: assignments are not edited (has_change_permission)
        try:
            review = reviews.reviewer_assign(
                application=obj.application, reviewer=obj.reviewer, user=request.user
            )
        except reviews.ReviewRefused as error:
            # The form checked the same rules; this is a change made in between.
            self.message_user(request, error.message, messages.ERROR)
            return
        for field in Review._meta.concrete_fields:
            setattr(obj, field.attname, getattr(review, field.attname))
        obj._state.adding = False

    def log_addition(self, request, obj, message):
        if obj.pk is None:  # refused in save_model
            return None
        return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    # The review page and the documents

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/score/",
                self.admin_site.admin_view(self.score_view),
                name="{}_{}_score".format(*info),
            ),
            path(
                "application/<int:application_id>/documents/<str:kind>/",
                self.admin_site.admin_view(self.document_view),
                name="{}_{}_document".format(*info),
            ),
            *super().get_urls(),
        ]

    def score_view(self, request, object_id):
        return review_score_view(self, request, object_id)

    def document_view(self, request, application_id, kind):
        return review_document_view(request, application_id, kind)


# The review page and the documents (ReviewAdmin.get_urls) -----------------------------------


def review_score_view(modeladmin, request, object_id):
    """The application and, for its reviewer, the scoring form and the conflict button.
    Other reviewers' scores appear once the reviewer has submitted (managers see them)."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    try:
        review = selectors.review_page(reviews=modeladmin.get_queryset(request), pk=object_id)
    except Review.DoesNotExist as missing:
        raise Http404 from missing
    user = request.user
    own = review.reviewer_id == user.pk
    manager = sees_all_reviews(user)
    if own and review.conflict_declared_at and not manager:
        raise Http404  # taken off the application
    application = review.application
    criteria = list(application.pavilion.criteria.all())
    form = ScoreForm(criteria=criteria)
    conflict_form = ConflictForm()
    changelist_url = reverse("admin:exhibitors_review_changelist")

    if request.method == "POST":
        if not own:
            raise PermissionDenied  # managers may read, only the reviewer scores
        if "declare_conflict" in request.POST:
            conflict_form = ConflictForm(request.POST)
            if conflict_form.is_valid():
                try:
                    reviews.review_declare_conflict(
                        review=review, user=user, note=conflict_form.cleaned_data["note"]
                    )
                except reviews.ReviewRefused as error:
                    modeladmin.message_user(request, error.message, messages.ERROR)
                    return redirect(request.path)
                modeladmin.message_user(
                    request,
                    _(
                        "You declared a conflict of interest with %(company)s and are "
                        "taken off its review."
                    )
                    % {"company": application.company.name},
                    messages.SUCCESS,
                )
                return redirect(changelist_url)
        else:
            form = ScoreForm(request.POST, criteria=criteria)
            if form.is_valid():
                try:
                    reviews.review_submit(
                        review=review,
                        user=user,
                        values=form.values(),
                        comment=form.cleaned_data["comment"],
                    )
                except reviews.ReviewRefused as error:
                    if not reviews.can_score(review=review, user=user):
                        # already submitted, or no longer under review: no form to show
                        modeladmin.message_user(request, error.message, messages.ERROR)
                        return redirect(request.path)
                    form.add_review_error(error)
                else:
                    modeladmin.message_user(
                        request,
                        _("Your review of %(company)s is submitted.")
                        % {"company": application.company.name},
                        messages.SUCCESS,
                    )
                    return redirect(request.path)

    can_score = reviews.can_score(review=review, user=user)
    others_visible = manager or reviews.others_visible(review)
    others = []
    if others_visible:
        others = selectors.review_score_rows(selectors.other_reviews(review=review), criteria)
    own_rows = selectors.review_score_rows([review], criteria) if review.submitted_at else None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Review of %(company)s") % {"company": application.company.name},
        "subtitle": str(application.pavilion),
        "review": review,
        "application": application,
        "past_pavilions": application.past_pavilions.select_related("event"),
        "criteria": criteria,
        "own": own,
        "can_score": can_score,
        "form": form if can_score else None,
        "conflict_form": conflict_form if can_score else None,
        "others_visible": others_visible,
        "others": others,
        "own_rows": own_rows,
        "document_links": _document_links(application),
        "changelist_url": changelist_url,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/exhibitors/review/score.html", context)


def _document_links(application):
    links = []
    for kind, field in DOCUMENT_FIELDS.items():
        if getattr(application, field):
            links.append(
                {
                    "label": Application._meta.get_field(field).verbose_name,
                    "url": reverse("admin:exhibitors_review_document", args=[application.pk, kind]),
                }
            )
    return links


def review_document_view(request, application_id, kind):
    """An application's document as a download, for its assigned reviewers and the staff
    who may view applications; anyone else gets a 404."""
    application = selectors.application_with_company(application_id)
    if application is None or not reviews.can_see_application(
        user=request.user, application=application
    ):
        raise Http404
    return document_response(application, kind)


# Bulk assignment, an action of the applications' changelist ---------------------------------


@admin.action(permissions=["assign_reviewers"], description=gettext_lazy("Assign reviewers…"))
def assign_reviewers(modeladmin, request, queryset):
    """Spread the selected submitted applications evenly over the chosen reviewers, after a
    page that asks for the reviewers and how many per application."""
    selected = list(queryset.select_related("company").order_by("pk"))
    applications = [a for a in selected if a.status in reviews.ASSIGNABLE_STATES]
    left_out = [a for a in selected if a.status not in reviews.ASSIGNABLE_STATES]
    if not applications:
        modeladmin.message_user(
            request,
            _("None of the selected applications is submitted; nothing to review."),
            messages.WARNING,
        )
        return None
    form = AssignReviewersForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            created = reviews.reviewers_assign_evenly(
                applications=applications,
                reviewers=list(form.cleaned_data["reviewers"]),
                per_application=form.cleaned_data["per_application"],
                user=request.user,
            )
        except reviews.ReviewRefused as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                # The count is of reviews (applications × reviewers each), not of reviewers.
                ngettext(
                    "%(count)s review of %(applications)s applications assigned to "
                    "%(reviewers)s reviewers.",
                    "%(count)s reviews of %(applications)s applications assigned to "
                    "%(reviewers)s reviewers.",
                    created,
                )
                % {
                    "count": created,
                    "applications": len(applications),
                    "reviewers": len(form.cleaned_data["reviewers"]),
                },
                messages.SUCCESS,
            )
            if left_out:
                modeladmin.message_user(
                    request,
                    ngettext(
                        "%(count)s selected application was left out: it is not submitted.",
                        "%(count)s selected applications were left out: they are not submitted.",
                        len(left_out),
                    )
                    % {"count": len(left_out)},
                    messages.WARNING,
                )
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Assign reviewers"),
        "form": form,
        "applications": applications,
        "left_out": left_out,
        "selected": selected,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "assign_reviewers",
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/exhibitors/application/assign_reviewers.html", context)


# Criteria --------------------------------------------------------------------------------


@admin.register(Criterion)
class CriterionAdmin(AddressInitialAdminMixin, admin.ModelAdmin):
    form = CriterionForm
    list_display = ["name_en", "name_ko", "pavilion", "position", "weight", "scale_max"]
    list_select_related = ["pavilion__event"]
    list_filter = ["pavilion__event__series", "pavilion__event"]
    search_fields = ["name_en", "name_ko", "pavilion__name_en", "pavilion__event__name_en"]
    ordering = ["pavilion", "position", "pk"]
    autocomplete_fields = ["pavilion"]
    fields = [
        "pavilion",
        "position",
        ("name_en", "name_ko"),
        "description_en",
        "description_ko",
        ("weight", "scale_max"),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["pavilion"] if obj else []

    # Every change to a pavilion's criteria recomputes its submitted reviews' totals.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reviews.totals_recompute(obj.pavilion)

    def delete_model(self, request, obj):
        pavilion = obj.pavilion
        super().delete_model(request, obj)
        reviews.totals_recompute(pavilion)

    def delete_queryset(self, request, queryset):
        pavilions = {criterion.pavilion for criterion in queryset.select_related("pavilion")}
        super().delete_queryset(request, queryset)
        for pavilion in pavilions:
            reviews.totals_recompute(pavilion)


def _may_export(request):
    return request.user.has_perm("exhibitors.decide_application") or request.user.has_perm(
        "exhibitors.assign_reviewers"
    )

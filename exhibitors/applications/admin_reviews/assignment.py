"""Assigning reviewers: one at a time on the add form, or spread over a selection of
applications (an action of the applications' changelist).
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import messages

from exhibitors.applications import reviews, selectors
from exhibitors.applications.forms import AssignReviewersForm, ReviewerChoiceField
from exhibitors.applications.models import Review


class ReviewAssignmentMixin:
    """The add form (managers) and the read-only page of an assignment, for
    :class:`ReviewAdmin`: an assignment is made by :func:`reviews.reviewer_assign`."""

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

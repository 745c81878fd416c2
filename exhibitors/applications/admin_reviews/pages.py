"""The review page (scoring, conflicts of interest, the other reviews) and the application's
documents, for reviewers and managers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export.admin import messages

from exhibitors.applications import reviews, selectors
from exhibitors.applications.admin_reviews.access import sees_all_reviews
from exhibitors.applications.documents import DOCUMENT_FIELDS, document_response
from exhibitors.applications.forms import ConflictForm, ScoreForm
from exhibitors.applications.models import Application, Review


class ReviewPagesMixin:
    """The review page and the documents, added to :class:`ReviewAdmin`'s URLs."""

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

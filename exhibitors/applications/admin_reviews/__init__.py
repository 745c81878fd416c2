"""Reviewer pages in the admin: assignments, scoring, conflicts of interest, documents, criteria.

A reviewer (``exhibitors.review_application``) sees only their own assignments; programme
managers (``exhibitors.assign_reviewers``) and superusers see every one. Every write goes
through :mod:`exhibitors.applications.reviews`; the lists are read by
:mod:`exhibitors.applications.selectors`.

The reviews' list (:mod:`.changelist`), the assignments (:mod:`.assignment`), the review page
and the documents (:mod:`.pages`) and the criteria (:mod:`.criteria`) are its modules;
:mod:`.access` says who sees what.
"""

from exhibitors.applications.admin_reviews.access import sees_all_reviews
from exhibitors.applications.admin_reviews.assignment import (
    ReviewAssignmentMixin,
    assign_reviewers,
)
from exhibitors.applications.admin_reviews.changelist import (
    ReviewAdmin,
    ReviewerListFilter,
    ReviewStateFilter,
)
from exhibitors.applications.admin_reviews.criteria import CriterionAdmin
from exhibitors.applications.admin_reviews.pages import (
    ReviewPagesMixin,
    review_document_view,
    review_score_view,
)

# Read from here by the pavilion admin's criteria inline (exhibitors.admin_pavilions).
from exhibitors.applications.forms import CriterionForm

__all__ = [
    "sees_all_reviews",
    "ReviewStateFilter",
    "ReviewerListFilter",
    "ReviewAdmin",
    "ReviewAssignmentMixin",
    "ReviewPagesMixin",
    "review_score_view",
    "review_document_view",
    "assign_reviewers",
    "CriterionAdmin",
    "CriterionForm",
]

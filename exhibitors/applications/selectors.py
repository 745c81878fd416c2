"""The reads of the applications: what the company's pages list and show, the programme
manager's ranking, and the reviewers' lists. The admin classes and views display what these
return; they do not build queries of their own.

Each application a company page shows carries ``next`` (:class:`services.NextSteps`): what the
company may do next, decided by the services from the status and the dates; the templates
show a button from those flags, never from the status.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from events.models import Pavilion, Theme
from exhibitors.applications.models import (
    Application,
    Criterion,
    Decision,
    RankedApplication,
    Review,
    StatusChange,
)
from exhibitors.applications.services import (
    application_next_steps,
    decisions_pending,
    places_summary,
    release_refusals,
)
from exhibitors.companies.models import Company

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The columns "My applications" reads (templates/exhibitors/application_list.html and
#: _next_step.html, the flags of ``application_next_steps`` and the instants of
#: ``application_steps_change_at``); a field left out costs a
#: query per row, which the query-count tests catch.
LIST_FIELDS = [
    "status",
    "status_changed_at",
    "confirm_by",
    "pavilion__name_en",
    "pavilion__name_ko",
    "pavilion__applications_open_at",
    "pavilion__applications_close_at",
    "pavilion__confirmation_deadline",
    "pavilion__event__name_en",
    "pavilion__event__name_ko",
    "pavilion__event__starts_on",
    "pavilion__event__ends_on",  # the expo's end: how long the page's copy holds
]


def company_applications(
    *, company: Company, now: datetime.datetime | None = None
) -> list[Application]:
    """The company's applications, latest expo first, each with its ``next`` steps."""
    now = now or timezone.now()
    applications = list(
        Application.objects.for_company(company)
        .select_related("pavilion__event")
        # Only what the table shows: an application has its whole form in its row.
        .only(*LIST_FIELDS)
        .order_by("-pavilion__event__starts_on")
    )
    for application in applications:
        application.next = application_next_steps(application, now)
    return applications


def company_application(
    *, company: Company, pk: int, now: datetime.datetime | None = None
) -> Application:
    """One of the company's applications, with its ``next`` steps; ``Application.DoesNotExist``
    if the company has none of that id."""
    application = Application.objects.select_related("pavilion__event", "theme").get(
        pk=pk, company=company
    )
    application.company = company  # the one asking: read once already
    application.next = application_next_steps(application, now or timezone.now())
    return application


def application_changes(*, application: Application) -> QuerySet[StatusChange]:
    """The application's history of moves, for its page."""
    return application.status_changes.select_related("changed_by")


# The ranking (admin_ranking.RankingAdmin) -----------------------------------------------------

#: The columns a row of the ranking shows, and nothing else: the scores are grouped and the
#: rank is counted over every application of the call, and the database carried (and sorted
#: twice) every column of the application, its company, pavilion, event and decider along
#: with them (descriptions, goals, password hashes...). Narrow rows made the query 3 times
#: faster at 2,000 applications on SQLite.
RANKING_ROW_FIELDS = (
    "pavilion_id",
    "company_id",
    "status",
    "submitted_at",
    "theme_id",
    "decision",
    "decision_by_id",
    "decision_at",
    "company__name_ko",
    "company__name_en",
    "pavilion__name_ko",
    "pavilion__name_en",
    "pavilion__event__name_ko",
    "pavilion__event__name_en",
    "pavilion__event__starts_on",
    "theme__name_ko",
    "theme__name_en",
    "decision_by__username",
    "decision_by__first_name",
    "decision_by__last_name",
)

#: The ranking order of the rows: the ranked ones by rank, then the applications without a
#: review (no rank) in the order they were submitted.
UNRANKED_LAST = (F("rank").asc(nulls_last=True), "submitted_at", "id")
#: The ranking, pavilion by pavilion (the most recent event first).
RANKING_ORDER = (
    "-pavilion__event__starts_on",
    "pavilion__name_en",
    "pavilion__id",
    *UNRANKED_LAST,
)


def ranking_rows(*, ordering: Sequence[Any] = RANKING_ORDER) -> QuerySet[RankedApplication]:
    """The reviewable applications with their scores and rank annotated in the database and
    everything a row shows joined in: one query for the rows, whatever their number."""
    return (
        RankedApplication.objects.reviewable()
        .with_rank()
        .select_related("company", "pavilion__event", "theme", "decision_by")
        .only(*RANKING_ROW_FIELDS)
        .order_by(*ordering)
    )


def ranking_pavilions() -> QuerySet[Pavilion]:
    """The pavilions with applications in the ranking, with their events (one query)."""
    return Pavilion.objects.select_related("event").filter(
        pk__in=Application.objects.reviewable().values("pavilion")
    )


def ranking_themes(*, pavilion_id: int | None = None) -> QuerySet[Theme]:
    """The themes of the ranked applications, of one pavilion or of all, with their events."""
    applications = Application.objects.reviewable()
    if pavilion_id:
        applications = applications.filter(pavilion_id=pavilion_id)
    return Theme.objects.select_related("event").filter(pk__in=applications.values("theme"))


def ranking_pavilion(pavilion_id: int | None) -> Pavilion | None:
    """The pavilion chosen on the ranking page, with its event, or ``None``."""
    if not pavilion_id:
        return None
    return Pavilion.objects.select_related("event").filter(pk=pavilion_id).first()


def decisions_pending_counts(*, pavilion: Pavilion) -> list[tuple[str, int]]:
    """(label, count) of the pavilion's pending decisions, for every kind of decision."""
    counts = dict(
        decisions_pending(pavilion=pavilion)
        .order_by("decision")
        .values_list("decision")
        .annotate(count=Count("pk"))
    )
    return [(label, counts.get(decision, 0)) for decision, label in Decision.choices]


def ranking_summary(*, pavilion: Pavilion) -> dict[str, Any]:
    """The head of a pavilion's ranking: its places, its pending decisions, and why its
    decisions cannot be released yet (``None`` if they can)."""
    return {
        "places": places_summary(pavilion),
        "pending": decisions_pending_counts(pavilion=pavilion),
        "release_refusals": release_refusals(pavilion),
    }


def decisions_pending_rows(*, pavilion: Pavilion) -> list[Application]:
    """The pending decisions a release would carry out, in ranking order, with their
    companies."""
    return list(decisions_pending(pavilion=pavilion).ranked().select_related("company"))


def applications_ranked(*, pks: Iterable[int]) -> QuerySet[Application]:
    """The applications ``pks`` as plain rows in ranking order (when places run out, the
    best-ranked get them), with their companies."""
    return Application.objects.filter(pk__in=list(pks)).ranked().select_related("company")


def selection_pavilion(*, applications: QuerySet[Application]) -> Pavilion | None:
    """The one pavilion of the selected applications, or ``None`` if they span several."""
    pavilion_ids = set(applications.values_list("pavilion_id", flat=True))
    if len(pavilion_ids) != 1:
        return None
    return Pavilion.objects.select_related("event").get(pk=pavilion_ids.pop())


# The reviewers' lists (admin_reviews.ReviewAdmin) ---------------------------------------------


def reviewer_candidates() -> QuerySet[User]:
    """The users ``reviews.can_review`` accepts, as a queryset: active staff who are
    superusers or hold the permission directly or through a group (no join, so it can be
    annotated)."""
    permission = Permission.objects.filter(
        content_type__app_label="exhibitors", codename="review_application"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Exists(permission.filter(user=OuterRef("pk")))
            | Exists(permission.filter(group__user=OuterRef("pk")))
        )
    )


def reviewers_with_open_reviews() -> QuerySet[User]:
    """The reviewer candidates with ``open``, their count of reviews still to do, by name."""
    open_reviews = Q(reviews__submitted_at__isnull=True, reviews__conflict_declared_at__isnull=True)
    return (
        reviewer_candidates()
        .annotate(open=Count("reviews", filter=open_reviews))
        .order_by("last_name", "email")
    )


def reviewers_of(*, reviews: QuerySet[Review]) -> QuerySet[User]:
    """The users who hold ``reviews``, by name (the reviewer filter of the list)."""
    return (
        get_user_model()
        .objects.filter(pk__in=reviews.values("reviewer"))
        .order_by("last_name", "first_name", "email")
    )


def reviewer_progress(user: User) -> tuple[int, int]:
    """(done, assigned) for a reviewer: their submitted and their active assignments."""
    counts = (
        Review.objects.filter(reviewer=user)
        .active()
        .aggregate(assigned=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False)))
    )
    return counts["done"], counts["assigned"]


def review_page(*, reviews: QuerySet[Review], pk: int) -> Review:
    """One review of ``reviews`` (the rows the user may see) with its application, company,
    pavilion, theme and reviewer; ``Review.DoesNotExist`` otherwise."""
    return reviews.select_related(
        "application__company",
        "application__pavilion__event",
        "application__theme",
        "reviewer",
    ).get(pk=pk)


def review_score_rows(
    reviews: Iterable[Review], criteria: Sequence[Criterion]
) -> list[dict[str, Any]]:
    """Each review with its scores in the order of the criteria."""
    rows = []
    for review in reviews:
        values = {score.criterion_id: score.value for score in review.scores.all()}
        rows.append({"review": review, "scores": [values.get(c.pk) for c in criteria]})
    return rows


def other_reviews(*, review: Review) -> QuerySet[Review]:
    """The other submitted reviews of the same application, oldest first, with their
    reviewers and scores."""
    return (
        review.application.reviews.submitted()
        .exclude(pk=review.pk)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )


def application_with_company(pk: int) -> Application | None:
    """The application ``pk`` with its company, or ``None``."""
    return Application.objects.select_related("company").filter(pk=pk).first()

"""Reviewing: criteria, reviewer assignment, scoring, conflicts of interest.

The weighted arithmetic lives here (:func:`review_total`); the ranking aggregates the stored
totals in the database (``Application.objects.ranked()``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from exhibitors.applications.models import (
    DEFAULT_CRITERIA,
    Application,
    ApplicationStatus,
    Criterion,
    Review,
    Score,
)
from exhibitors.applications.services import application_start_review
from portal.audit import audit, current_reason
from portal.refusals import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from events.models import Pavilion

#: Applications that can be given to reviewers.
ASSIGNABLE_STATES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW})
HUNDRED = Decimal(100)


class ReviewRefused(Refused):
    """A review step the rules refuse; ``errors`` maps form fields to messages."""


def can_review(user: User) -> bool:
    return user.is_active and user.is_staff and user.has_perm("exhibitors.review_application")


def is_assigned(*, user: User, application: Application) -> bool:
    """``user`` reviews ``application`` and has not declared a conflict of interest."""
    return (
        can_review(user)
        and Review.objects.active().filter(application=application, reviewer=user).exists()
    )


def can_see_application(*, user: User, application: Application) -> bool:
    """Staff who may view applications, and the application's own (non-conflicted) reviewers,
    see it with its documents."""
    return user.has_perm("exhibitors.view_application") or is_assigned(
        user=user, application=application
    )


def can_score(*, review: Review, user: User) -> bool:
    """The assigned reviewer may score an open review of an application under review."""
    return (
        review.reviewer_id == user.pk
        and can_review(user)
        and review.submitted_at is None
        and review.conflict_declared_at is None
        and review.application.status == ApplicationStatus.UNDER_REVIEW
    )


def criteria_ensure_defaults(pavilion: Pavilion) -> None:
    """Give a pavilion without criteria the four default ones (weight 1, scale 0-10)."""
    if pavilion.criteria.exists():
        return
    Criterion.objects.bulk_create(
        Criterion(
            pavilion=pavilion,
            position=position,
            name_en=name_en,
            name_ko=name_ko,
            description_en=description_en,
            description_ko=description_ko,
        )
        for position, (name_en, name_ko, description_en, description_ko) in enumerate(
            DEFAULT_CRITERIA, 1
        )
    )


def review_total(criteria: Iterable[Criterion], values: Mapping[int, int]) -> Decimal:
    """The weighted score on 0-100: Σ weight × value / highest score, over Σ weight.

    ``values`` maps criterion ids to scores; every criterion must be scored."""
    weights = sum(c.weight for c in criteria)
    points = sum(c.weight * Decimal(values[c.pk]) / c.scale_max for c in criteria)
    return (points / weights * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def assignment_refusals(*, application: Application, reviewer: User) -> str | None:
    """Why ``reviewer`` cannot be given ``application``, or None. A reviewer already on the
    application is no refusal: assigning again changes nothing."""
    if not can_review(reviewer):
        return _("%(user)s is not a reviewer.") % {"user": reviewer}
    if application.status not in ASSIGNABLE_STATES:
        return _("Only submitted applications can be reviewed; this one is “%(status)s”.") % {
            "status": ApplicationStatus(application.status).label
        }
    if Review.objects.filter(
        application=application, reviewer=reviewer, conflict_declared_at__isnull=False
    ).exists():
        return _("%(user)s declared a conflict of interest with this application.") % {
            "user": reviewer
        }
    return None


@transaction.atomic
def reviewer_assign(
    *,
    application: Application,
    reviewer: User,
    user: User | None,
    now: datetime.datetime | None = None,
) -> Review:
    """Give ``application`` to ``reviewer``; the application goes under review."""
    now = now or timezone.now()
    refusal = assignment_refusals(application=application, reviewer=reviewer)
    if refusal:
        raise ReviewRefused(refusal)
    with audit(user=user):
        review, _created = Review.objects.get_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"assigned_by": user, "assigned_at": now},
        )
    if application.status == ApplicationStatus.SUBMITTED:
        application_start_review(application=application, user=user, now=now)
    return review


@transaction.atomic
def reviewers_assign_evenly(
    *,
    applications: Iterable[Application],
    reviewers: Iterable[User],
    per_application: int,
    user: User | None,
    now: datetime.datetime | None = None,
) -> int:
    """Spread the applications over ``reviewers`` so that each application gets
    ``per_application`` reviewers and every reviewer about the same number of reviews.
    Reviewers already on an application, or in conflict with it, are not given it again.
    Returns the number of new assignments."""
    reviewers = sorted(reviewers, key=lambda r: r.pk)
    if per_application < 1 or per_application > len(reviewers):
        raise ReviewRefused(
            _("Each application can get between 1 and %(count)s reviewers.")
            % {"count": len(reviewers)}
        )
    load = dict(
        Review.objects.filter(reviewer__in=reviewers)
        .active()
        .values_list("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    load = {r.pk: load.get(r.pk, 0) for r in reviewers}
    taken = set(
        Review.objects.filter(application__in=applications).values_list("application", "reviewer")
    )
    created = 0
    for application in sorted(applications, key=lambda a: a.pk):
        have = sum(1 for a, r in taken if a == application.pk)
        free = [r for r in reviewers if (application.pk, r.pk) not in taken]
        for reviewer in sorted(free, key=lambda r: (load[r.pk], r.pk))[: per_application - have]:
            reviewer_assign(application=application, reviewer=reviewer, user=user, now=now)
            taken.add((application.pk, reviewer.pk))
            load[reviewer.pk] += 1
            created += 1
    return created


@transaction.atomic
def review_declare_conflict(
    *, review: Review, user: User, note: str = "", now: datetime.datetime | None = None
) -> Review:
    """The reviewer declares a conflict of interest and is taken off the application."""
    if review.reviewer_id != user.pk:
        raise ReviewRefused(_("Only the reviewer can declare their conflict of interest."))
    if review.submitted_at:
        raise ReviewRefused(_("This review is already submitted."))
    review.conflict_declared_at = now or timezone.now()
    review.conflict_note = note.strip()
    with audit(user=user):
        review.save(update_fields=["conflict_declared_at", "conflict_note"])
    return review


@transaction.atomic
def review_submit(
    *,
    review: Review,
    user: User,
    values: Mapping[int, int],
    comment: str = "",
    now: datetime.datetime | None = None,
) -> Review:
    """Score every criterion within its scale, then submit. ``values`` maps criterion ids to
    whole numbers. A submitted review is final."""
    review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
    if review.reviewer_id != user.pk:
        raise ReviewRefused(_("This application is assigned to another reviewer."))
    if review.conflict_declared_at:
        raise ReviewRefused(_("You declared a conflict of interest with this application."))
    if review.submitted_at:
        raise ReviewRefused(_("This review is already submitted."))
    if review.application.status not in ASSIGNABLE_STATES - {ApplicationStatus.SUBMITTED}:
        raise ReviewRefused(_("This application is no longer being reviewed."))
    criteria = list(review.application.pavilion.criteria.all())
    if not criteria:
        raise ReviewRefused(_("This pavilion has no review criteria yet."))
    errors = {}
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            errors[criterion.pk] = _("Give a score.")
        elif not 0 <= value <= criterion.scale_max:
            errors[criterion.pk] = _("The score must be between 0 and %(max)s.") % {
                "max": criterion.scale_max
            }
    if errors:
        raise ReviewRefused(_("Please correct the scores marked below."), errors)
    with audit(user=user):
        Score.objects.filter(review=review).delete()
        # One INSERT for the scores and one for their history rows (the reviewer's).
        bulk_create_with_history(
            [
                Score(review=review, criterion=criterion, value=values[criterion.pk])
                for criterion in criteria
            ],
            Score,
            default_change_reason=current_reason(),
        )
        review.comment = comment.strip()
        review.total = review_total(criteria, values)
        review.submitted_at = now or timezone.now()
        review.save(update_fields=["comment", "total", "submitted_at"])
    return review


def criterion_scale_refusals(*, criterion: Criterion, scale_max: int) -> str | None:
    """Why a criterion's highest score cannot become ``scale_max``, or None: a scale cannot
    go below a score that reviews already gave (their totals would pass 100)."""
    if criterion.pk is None:
        return None
    highest = Score.objects.filter(criterion=criterion).aggregate(highest=Max("value"))["highest"]
    if highest is not None and scale_max < highest:
        return _(
            "Reviews already gave %(score)s on this criterion; the highest score cannot be lower."
        ) % {"score": highest}
    return None


def totals_recompute(pavilion: Pavilion) -> None:
    """After the criteria of a pavilion change, recompute its submitted reviews' totals."""
    criteria = list(pavilion.criteria.all())
    reviews = Review.objects.filter(application__pavilion=pavilion).submitted()
    for review in reviews.prefetch_related("scores"):
        values = {score.criterion_id: score.value for score in review.scores.all()}
        if all(c.pk in values for c in criteria) and criteria:
            review.total = review_total(criteria, values)
        else:
            review.total = None  # a new criterion was added: the review no longer covers it
        review.save(update_fields=["total"])


def others_visible(review: Review) -> bool:
    """A reviewer sees the other reviews of an application only after submitting their own."""
    return review.submitted_at is not None

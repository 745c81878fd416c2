"""The reviews of the applications: a pavilion's criteria, the reviewers' assignments and
their scores."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.applications.models.application import Application
from portal.audit import AuditedRecords
from portal.i18n import Localized

DEFAULT_CRITERIA = [
    (
        "Innovation",
        "혁신성",
        "How new and strong the product or solution is.",
        "제품·솔루션의 새로움과 경쟁력",
    ),
    (
        "Export readiness",
        "수출 준비도",
        "Export record, overseas presence, readiness to sell abroad.",
        "수출 실적, 해외 거점, 해외 판매 준비 정도",
    ),
    (
        "Fit with the theme",
        "주제 적합성",
        "How well the product fits the expo and its themes.",
        "박람회와 전시 주제에 맞는 정도",
    ),
    (
        "Completeness of the plan",
        "계획의 충실성",
        "How clear and complete the goals for the expo are.",
        "박람회 참가 목표와 계획의 구체성",
    ),
]


class Criterion(models.Model):
    """One review criterion of a pavilion, with its weight and scale (0 to ``scale_max``)."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("pavilion")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_ko = models.CharField(_("description (Korean)"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    name = Localized()
    description = Localized()

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["pavilion", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pavilion", "name_en"], name="criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self):
        return self.name


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def open(self):
        return self.filter(submitted_at__isnull=True, conflict_declared_at__isnull=True)

    def active(self):
        """Assignments that count: the reviewer has not declared a conflict."""
        return self.filter(conflict_declared_at__isnull=True)


class Review(models.Model):
    """A reviewer's assignment to an application, and once submitted, their scores.

    ``total`` is the review's weighted score on 0 to 100, fixed when it is submitted (and
    recomputed if the pavilion's criteria change); the ranking aggregates it in the database.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    conflict_declared_at = models.DateTimeField(
        _("conflict of interest declared"), null=True, blank=True
    )
    conflict_note = models.CharField(_("conflict of interest"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    total = models.DecimalField(
        _("score (0-100)"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    objects = ReviewQuerySet.as_manager()
    history = AuditedRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"], name="review_reviewer")]
        permissions = [("review_application", _("Can review the applications assigned to them"))]

    def __str__(self):
        return f"{self.reviewer} · {self.application}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"))

    history = AuditedRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_once_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"

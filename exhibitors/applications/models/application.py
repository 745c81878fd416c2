import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.admin.decorators import display as admin_display
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Avg, Case, Count, F, Max, Min, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Pavilion, Theme
from exhibitors.applications.models.application_mixins import ApplicationDerivedMixin
from exhibitors.applications.models.status import (
    PLACE_HOLDING_STATES,
    REVIEWABLE_STATES,
    ApplicationStatus,
    Decision,
)
from exhibitors.companies.models import Company
from portal.audit import AuditedRecords
from portal.private_files import PrivateFileField, PrivateImageField
from portal.validators import MaxFileSizeValidator, validate_image, validate_pdf

INTRODUCTION_MAX_BYTES = 10 * 1024 * 1024
#: The checks of the company introduction (``Application.introduction_pdf``).
INTRODUCTION_VALIDATORS = [
    FileExtensionValidator(["pdf"]),
    MaxFileSizeValidator(INTRODUCTION_MAX_BYTES),
    validate_pdf,
]


PRODUCT_IMAGE_MAX_BYTES = 5 * 1024 * 1024
#: The checks of the product image (``Application.product_image``).
PRODUCT_IMAGE_VALIDATORS = [
    FileExtensionValidator(["png", "jpg", "jpeg", "webp"]),
    MaxFileSizeValidator(PRODUCT_IMAGE_MAX_BYTES),
    validate_image,
]


class BoothPreference(models.TextChoices):
    STANDARD = "standard", _("Standard booth")
    CORNER = "corner", _("Corner booth")


def application_upload_to(instance, filename):
    """Unguessable names: the company's files are never found by guessing an address. An
    application's documents go under its pavilion, an MOU's scan under its report."""
    suffix = PurePath(filename).suffix.lower()[:10]
    if getattr(instance, "report_id", None):  # an MOU's scan (``outcomes.Mou``)
        return f"reports/{instance.report_id}/{uuid.uuid4().hex}{suffix}"
    return f"applications/{instance.pavilion_id}/{uuid.uuid4().hex}{suffix}"


def ranking_order():
    """The ranking as an ORDER BY over ``with_scores()``: highest score first, then the earlier
    submission, then the older row; unscored applications last."""
    return [F("score").desc(nulls_last=True), F("submitted_at").asc(nulls_last=True), F("pk").asc()]


class ApplicationQuerySet(models.QuerySet):
    def for_company(self, company):
        return self.filter(company=company)

    def holding_places(self):
        return self.filter(status__in=PLACE_HOLDING_STATES)

    def reviewable(self):
        return self.filter(status__in=REVIEWABLE_STATES)

    def with_scores(self):
        """Annotate, in the database: ``score`` (mean of the submitted reviews' totals, 0-100),
        ``review_count`` and ``spread`` (highest minus lowest review total)."""
        submitted = Q(reviews__submitted_at__isnull=False)
        return self.annotate(
            score=Avg("reviews__total", filter=submitted),
            review_count=Count("reviews", filter=submitted),
            spread=Max("reviews__total", filter=submitted)
            - Min("reviews__total", filter=submitted),
        )

    def ranked(self):
        """Best first: highest score, then the earlier submission; unscored last."""
        return self.with_scores().order_by(*ranking_order())

    def with_rank(self):
        """``with_scores()`` plus ``rank``: 1 for the best application of each pavilion, in
        the order of :meth:`ranked`, counted in the database over the rows this queryset
        selects (a filter on status or theme ranks the applications it keeps). An application
        without a submitted review is not ranked (``rank`` is ``None``); it sorts after the
        ranked ones."""
        return self.with_scores().annotate(
            rank=Case(
                When(score__isnull=True, then=Value(None)),
                default=Window(RowNumber(), partition_by=F("pavilion"), order_by=ranking_order()),
                output_field=models.IntegerField(),
            )
        )


class Application(ApplicationDerivedMixin, models.Model):
    """One company's request to exhibit in one pavilion."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.PROTECT, related_name="applications", verbose_name=_("pavilion")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="applications", verbose_name=_("company")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    # The product or solution
    product_name_ko = models.CharField(_("product name (Korean)"), max_length=200, blank=True)
    product_name_en = models.CharField(_("product name (English)"), max_length=200, blank=True)
    product_description_ko = models.TextField(
        _("product description (Korean)"), max_length=3000, blank=True
    )
    product_description_en = models.TextField(
        _("product description (English)"), max_length=3000, blank=True
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("exhibition theme"),
    )
    target_markets = CountryField(_("target markets"), multiple=True, blank=True)

    # Export record
    exports_description = models.TextField(
        _("previous exports"),
        max_length=2000,
        blank=True,
        help_text=_("Countries, customers and amounts of your exports so far."),
    )
    overseas_offices = models.CharField(
        _("overseas offices"), max_length=300, blank=True, help_text=_("Cities and countries.")
    )
    past_expos = models.TextField(
        _("past expos"),
        max_length=2000,
        blank=True,
        help_text=_("International expos you exhibited at, with the year."),
    )
    past_pavilions = models.ManyToManyField(
        Pavilion,
        blank=True,
        related_name="+",
        verbose_name=_("earlier editions of this pavilion"),
    )

    goals = models.TextField(
        _("what you want from the expo"),
        max_length=2000,
        blank=True,
        help_text=_("Buyers, partners, investors or markets you want to meet."),
    )
    booth_preference = models.CharField(
        _("preferred booth"), max_length=20, choices=BoothPreference.choices, blank=True
    )
    booth_notes = models.CharField(_("booth notes"), max_length=300, blank=True)

    introduction_pdf = PrivateFileField(
        _("company introduction (PDF)"),
        upload_to=application_upload_to,
        blank=True,
        validators=INTRODUCTION_VALIDATORS,
        help_text=_("A PDF of at most 10 MB."),
    )
    product_image = PrivateImageField(
        _("product image"),
        upload_to=application_upload_to,
        blank=True,
        validators=PRODUCT_IMAGE_VALIDATORS,
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=1000, blank=True)
    confirm_by = models.DateTimeField(
        _("confirm by"),
        null=True,
        blank=True,
        help_text=_("Set on acceptance: the pavilion's deadline, or later for a promotion."),
    )
    decision = models.CharField(
        _("pending decision"),
        max_length=20,
        choices=Decision.choices,
        blank=True,
        help_text=_("Recorded by the programme manager; nothing is sent until it is released."),
    )
    decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_at = models.DateTimeField(_("decided"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        db_default=0,
        editable=False,
        help_text=_("Counts the company's saves, so a form loaded before the last one is refused."),
    )

    objects = ApplicationQuerySet.as_manager()
    history = AuditedRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "company"],
                name="application_one_per_company_per_pavilion",
                violation_error_message=_("Your company has already applied to this pavilion."),
            ),
        ]
        indexes = [models.Index(fields=["pavilion", "status"], name="application_status")]
        permissions = [
            ("assign_reviewers", _("Can assign reviewers to applications")),
            ("decide_application", _("Can decide on applications and release decisions")),
            ("start_review", _("Can start the review of submitted applications")),
        ]

    def __str__(self):
        return f"{self.company} → {self.pavilion}"


class StatusChange(models.Model):
    """Every move of an application's status: who, when, from and to, and why."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("application"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"

    @property
    @admin_display(description=_("note"))
    def note_shown(self):
        """The note in the reader's language: the portal's own notes are stored as their
        English source text (see ``services.common._move``) and translated here; what people
        wrote is shown as written."""
        return gettext(self.note) if self.note else ""


class Reminder(models.Model):
    """A reminder that was sent, so that the daily command never sends it twice."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("about"), max_length=100)
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="reminder_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key} → {self.recipient}"


class RankedApplication(Application):
    """The applications of a pavilion in ranking order: the programme manager's admin page
    for scores and decisions (a proxy: the same rows as Application)."""

    class Meta:
        proxy = True
        verbose_name = _("ranking")
        verbose_name_plural = _("ranking and decisions")

"""Companies and other organisations, their users, and their places in pavilions."""

import datetime
import secrets
import uuid
from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib.admin.decorators import display as admin_display
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Case, Count, F, Max, Min, Q, Value, When, Window
from django.db.models.functions import Lower, RowNumber
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Pavilion, Theme
from portal.i18n import Localized
from portal.private_files import PrivateFileField, PrivateImageField
from portal.validators import MaxFileSizeValidator, validate_image, validate_pdf

from . import registration
from .history import AuditedRecords

LOGO_MAX_BYTES = 2 * 1024 * 1024
INTRODUCTION_MAX_BYTES = 10 * 1024 * 1024
PRODUCT_IMAGE_MAX_BYTES = 5 * 1024 * 1024
INVITATION_VALID_FOR = datetime.timedelta(days=14)
EARLIEST_FOUNDING_YEAR = 1800


class RegistrationNumberFormField(forms.CharField):
    """Accepts 220-81-34568 as typed (with or without hyphens or spaces), shows it that way,
    and hands on the 10 digits. The box takes the number with its separators: the model
    field's 10 characters would cut "220-81-34568" short in the browser. The number itself is
    checked by the model field, with one message saying what is wrong."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(registration.TYPED_MAX_LENGTH)
            attrs.setdefault("placeholder", registration.EXAMPLE)
            attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value):
        return registration.normalize(super().to_python(value))

    def prepare_value(self, value):
        return registration.display(value) if value else value


class RegistrationNumberField(models.CharField):
    """Stores the 10 digits of a business registration number, whatever separators were typed;
    an empty value is stored as NULL so that several organisations without one can coexist."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        return registration.normalize(value) or None

    def get_prep_value(self, value):
        return self.to_python(super().get_prep_value(value))

    def run_validators(self, value):
        # A number of the wrong length gets the number's own message ("has 11 digits"), not
        # Django's "at most 10 characters" beside it.
        if value not in self.empty_values:
            registration.validate_registration_number(value)
        super().run_validators(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", RegistrationNumberFormField)
        return super().formfield(**kwargs)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    DISTRICT = "district", _("District government")
    OTHER = "other", _("Other organisation")


class Company(models.Model):
    """An organisation that applies to or exhibits in a pavilion: a company, or a co-exhibiting
    district government."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    registration_number = RegistrationNumberField(
        _("business registration number"),
        unique=True,
        null=True,
        blank=True,
        validators=[registration.validate_registration_number],
        help_text=_(
            "10 digits, with or without hyphens, e.g. 220-81-34568. Required for companies."
        ),
    )
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_FOUNDING_YEAR)],
    )
    employees = models.PositiveIntegerField(
        _("employees"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    description_ko = models.TextField(_("description (Korean)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    preferred_language = models.CharField(
        _("language for e-mails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="ko",
        help_text=_("The portal writes to the company in this language."),
    )
    logo = PrivateImageField(
        _("logo"),
        upload_to="logos/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(["png", "jpg", "jpeg", "webp"]),
            MaxFileSizeValidator(LOGO_MAX_BYTES),
            validate_image,
        ],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    name = Localized()
    description = Localized()
    history = AuditedRecords()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_ko"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.COMPANY) | Q(registration_number__isnull=False),
                name="company_has_registration_number",
                violation_error_message=_("A company needs its business registration number."),
            ),
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=EARLIEST_FOUNDING_YEAR),
                name="company_founded_plausible",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name_ko"], name="company_kind_name")]

    def __str__(self):
        return self.name

    @property
    def registration_number_display(self):
        return registration.display(self.registration_number)

    def clean(self):
        super().clean()
        if self.founded and self.founded > datetime.date.today().year:
            raise ValidationError({"founded": _("The founding year cannot be in the future.")})
        if self.kind == OrganisationKind.COMPANY and not self.registration_number:
            raise ValidationError(
                {"registration_number": _("A company needs its business registration number.")}
            )


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A user's place in a company. A user belongs to at most one company."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["company", "joined_at"]

    def __str__(self):
        return f"{self.user} · {self.company}"


class ExhibitorRole(models.TextChoices):
    COMPANY = "company", _("Company exhibitor")
    CO_EXHIBITOR = "co_exhibitor", _("Co-exhibitor")


class ExhibitorQuerySet(models.QuerySet):
    def companies(self):
        return self.filter(role=ExhibitorRole.COMPANY)

    def co_exhibitors(self):
        return self.filter(role=ExhibitorRole.CO_EXHIBITOR)


class Exhibitor(models.Model):
    """An organisation with a confirmed place in a pavilion: a company that took one of the
    pavilion's places, or a co-exhibitor such as a district government."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.PROTECT, related_name="exhibitors", verbose_name=_("pavilion")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="exhibitions", verbose_name=_("company")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ExhibitorRole.choices, default=ExhibitorRole.COMPANY
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    objects = ExhibitorQuerySet.as_manager()
    history = AuditedRecords()

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["pavilion", "role", "company__name_ko"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "company"],
                name="exhibitor_once_per_pavilion",
                violation_error_message=_("This organisation already exhibits in this pavilion."),
            ),
        ]

    def __str__(self):
        return f"{self.company} · {self.pavilion}"


def _invitation_token():
    return secrets.token_urlsafe(32)


class CompanyInvitation(models.Model):
    """A colleague invited by e-mail to join a company's users."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    email = models.EmailField(_("e-mail"))
    token = models.CharField(
        _("invitation code"), max_length=64, unique=True, default=_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One address in any letter case, as accepting reads it.
            models.UniqueConstraint(
                "company",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_address",
                violation_error_message=_("This address has already been invited."),
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.company}"

    def clean(self):
        """The constraints, checked with every field: a form that leaves one out (the admin's
        add page has no ``accepted_at``, the portal's form no ``company``) would otherwise skip
        the one-open-invitation rule and fail at the save."""
        super().clean()
        if self.company_id and self.email:
            self.validate_constraints()

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.accepted_at is None and now < self.created_at + INVITATION_VALID_FOR


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CONFIRMED = "confirmed", _("Confirmed")


S = ApplicationStatus

#: The only moves a status can make. `exhibitors.applications` is the one place that moves it.
TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.UNDER_REVIEW, S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    S.UNDER_REVIEW: {S.ACCEPTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    S.WAITLISTED: {S.ACCEPTED, S.REJECTED, S.WITHDRAWN},
    # accepted -> waitlisted: staff undo a promotion from the waiting list.
    S.ACCEPTED: {S.CONFIRMED, S.DECLINED, S.WITHDRAWN, S.EXPIRED, S.WAITLISTED},
    S.CONFIRMED: {S.WITHDRAWN},
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
    S.DECLINED: set(),
    S.EXPIRED: set(),
}
#: Statuses whose applications are reviewed and ranked.
REVIEWABLE_STATES = frozenset(
    {
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.ACCEPTED,
        S.WAITLISTED,
        S.REJECTED,
        S.CONFIRMED,
        S.DECLINED,
        S.EXPIRED,
    }
)
#: Statuses that hold one of the pavilion's places.
PLACE_HOLDING_STATES = frozenset({S.ACCEPTED, S.CONFIRMED})
#: Statuses in which the company still has something going on.
ACTIVE_STATES = frozenset(
    {S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.WAITLISTED, S.CONFIRMED}
)
FINAL_STATES = frozenset(status for status, moves in TRANSITIONS.items() if not moves)


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Reject")


class BoothPreference(models.TextChoices):
    STANDARD = "standard", _("Standard booth")
    CORNER = "corner", _("Corner booth")


def application_upload_to(instance, filename):
    """Unguessable names: the company's files are never found by guessing an address. An
    application's documents go under its pavilion, an MOU's scan under its report."""
    suffix = PurePath(filename).suffix.lower()[:10]
    if isinstance(instance, Mou):
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


class Application(models.Model):
    """One company's request to exhibit in one pavilion."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.PROTECT, related_name="applications", verbose_name=_("pavilion")
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="applications", verbose_name=_("company")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=S.DRAFT
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
        validators=[
            FileExtensionValidator(["pdf"]),
            MaxFileSizeValidator(INTRODUCTION_MAX_BYTES),
            validate_pdf,
        ],
        help_text=_("A PDF of at most 10 MB."),
    )
    product_image = PrivateImageField(
        _("product image"),
        upload_to=application_upload_to,
        blank=True,
        validators=[
            FileExtensionValidator(["png", "jpg", "jpeg", "webp"]),
            MaxFileSizeValidator(PRODUCT_IMAGE_MAX_BYTES),
            validate_image,
        ],
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

    product_name = Localized()
    product_description = Localized()

    #: What a submission needs, in the order the form asks for it.
    REQUIRED_FOR_SUBMISSION = [
        "product_name_ko",
        "product_name_en",
        "product_description_ko",
        "product_description_en",
        "theme",
        "target_markets",
        "goals",
        "booth_preference",
        "introduction_pdf",
    ]

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

    def missing_for_submission(self):
        """{field name: message} for every field a submission still needs."""
        missing = {}
        for name in self.REQUIRED_FOR_SUBMISSION:
            field = self._meta.get_field(name)
            if not getattr(self, field.attname):
                missing[name] = _("Required to submit: %(field)s.") % {"field": field.verbose_name}
        return missing

    def missing_after_submission(self):
        """{field name: message} for every field a save after submission would leave empty:
        the same check as the submission's, and a required document may be replaced, never
        removed."""
        missing = self.missing_for_submission()
        for name in missing:
            field = self._meta.get_field(name)
            if isinstance(field, models.FileField):
                missing[name] = _(
                    "%(field)s is required: you can replace the file, but not remove it."
                ) % {"field": capfirst(field.verbose_name)}
            else:
                missing[name] = _("%(field)s is required and cannot be left empty.") % {
                    "field": capfirst(field.verbose_name)
                }
        return missing

    def allowed_moves(self):
        return TRANSITIONS[ApplicationStatus(self.status)]

    @property
    def holds_place(self):
        return self.status in PLACE_HOLDING_STATES


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
        English source text (see ``applications._move``) and translated here; what people
        wrote is shown as written."""
        return gettext(self.note) if self.note else ""


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


class BoothKind(models.TextChoices):
    COMPANY = "company", _("Company booth")
    DISTRICT = "district", _("District booth")
    STAGE = "stage", _("Stage")
    MEETING_LOUNGE = "meeting_lounge", _("Meeting lounge")
    INFO_DESK = "info_desk", _("Information desk")
    STORAGE = "storage", _("Storage")
    OPEN_AREA = "open_area", _("Aisle-free area")


#: Booth kinds that hold an exhibitor, and the exhibitor role each takes.
HOLDER_ROLE_BY_KIND = {
    BoothKind.COMPANY: ExhibitorRole.COMPANY,
    BoothKind.DISTRICT: ExhibitorRole.CO_EXHIBITOR,
}


class Booth(models.Model):
    """A rectangle on the pavilion floor, in metres from the floor's top-left corner.

    The floor rules (inside the floor, no overlap, total area) are kept by
    ``exhibitors.booths``, which locks the pavilion; PostgreSQL also refuses overlapping
    booths with an exclusion constraint (migration ``0007_booth_no_overlap``)."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.CASCADE, related_name="booths", verbose_name=_("pavilion")
    )
    code = models.CharField(_("code"), max_length=10)
    kind = models.CharField(
        _("kind"), max_length=20, choices=BoothKind.choices, default=BoothKind.COMPANY
    )
    x = models.DecimalField(_("x (m)"), max_digits=7, decimal_places=2)
    y = models.DecimalField(_("y (m)"), max_digits=7, decimal_places=2)
    width = models.DecimalField(_("width (m)"), max_digits=7, decimal_places=2)
    depth = models.DecimalField(_("depth (m)"), max_digits=7, decimal_places=2)
    holder = models.ForeignKey(
        Exhibitor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
        verbose_name=_("holder"),
    )
    placed_by_hand = models.BooleanField(
        _("allocated by hand"),
        default=False,
        help_text=_("Automatic allocation never moves a holder that staff placed by hand."),
    )
    held_for = models.ForeignKey(
        Exhibitor,
        # An exhibitor that withdraws loses its offer, not the booth.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booth_offers",
        verbose_name=_("offered to"),
    )
    hold_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["pavilion", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "code"],
                name="booth_code_unique",
                violation_error_message=_("Another booth of this pavilion has this code."),
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0) & Q(depth__gt=0),
                name="booth_has_size",
                violation_error_message=_("A booth needs a positive width and depth."),
            ),
            models.CheckConstraint(
                condition=Q(x__gte=0) & Q(y__gte=0),
                name="booth_on_floor",
                violation_error_message=_("A booth starts inside the floor (x and y ≥ 0)."),
            ),
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(kind=BoothKind.COMPANY),
                name="booth_one_company_booth_per_exhibitor",
                violation_error_message=_("This exhibitor already has a company booth."),
            ),
            models.CheckConstraint(
                condition=Q(held_for__isnull=True) | Q(holder__isnull=True),
                name="booth_held_only_when_free",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def area(self):
        return self.width * self.depth

    @property
    def x2(self):
        return self.x + self.width

    @property
    def y2(self):
        return self.y + self.depth


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


R = ReportStatus

#: The only moves a report's status can make (``exhibitors.outcomes`` moves it).
REPORT_TRANSITIONS = {
    R.DRAFT: {R.SUBMITTED},
    R.SUBMITTED: {R.APPROVED, R.RETURNED},
    R.RETURNED: {R.SUBMITTED},
    # Staff may reopen an approved report to correct it; it then counts no longer.
    R.APPROVED: {R.RETURNED},
}
#: Statuses in which the exhibitor may edit its report.
REPORT_EDITABLE_STATES = frozenset({R.DRAFT, R.RETURNED})


class OutcomeReport(models.Model):
    """An exhibitor's filed outcomes for its pavilion: consultations, MOUs, contracts signed
    on site, a short survey and the follow-ups. Only approved reports count."""

    exhibitor = models.OneToOneField(
        Exhibitor, on_delete=models.PROTECT, related_name="report", verbose_name=_("exhibitor")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=R.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    staff_comment = models.TextField(_("comment from the foundation"), max_length=2000, blank=True)
    publish_amounts = models.BooleanField(
        _("the amounts may be published per company"),
        default=False,
        help_text=_("Otherwise only the pavilion's totals include them."),
    )
    satisfaction_support = models.PositiveSmallIntegerField(
        _("support from the foundation (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_booth = models.PositiveSmallIntegerField(
        _("booth and pavilion (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_matching = models.PositiveSmallIntegerField(
        _("buyer matching (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    survey_comment = models.TextField(_("comments on the pavilion"), max_length=2000, blank=True)
    would_return = models.BooleanField(_("would exhibit again"), null=True, blank=True)
    # The report's consultation totals, stored when it is approved (``outcomes.report_approve``: ``total_*``)
    # so that the pavilion's figures add up one row per report instead of every consultation.
    # Only approved reports count, and an approved report cannot change (its rows are read-only
    # in the admin and refused by the import); reopening it and approving it again stores them
    # anew. The country and theme tables still read the consultations themselves.
    total_consultations = models.PositiveIntegerField(
        _("consultations (at approval)"), default=0, editable=False
    )
    total_amount_usd = models.DecimalField(
        _("consultation amount, USD (at approval)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        editable=False,
    )
    total_expected_usd = models.DecimalField(
        _("expected contracts, USD (at approval)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        ordering = ["exhibitor__pavilion", "exhibitor__company__name_ko"]
        indexes = [models.Index(fields=["status"], name="report_status")]
        permissions = [("approve_report", _("Can approve or return outcome reports"))]

    def __str__(self):
        return str(self.exhibitor)


class BuyerType(models.TextChoices):
    DISTRIBUTOR = "distributor", _("Distributor")
    END_CUSTOMER = "end_customer", _("End customer")
    INVESTOR = "investor", _("Investor")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class ConsultationStage(models.TextChoices):
    CONSULTED = "consulted", _("Consulted")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONTRACTED = "contracted", _("Contracted on site")


USD = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Consultation(models.Model):
    """One export meeting with a buyer."""

    report = models.ForeignKey(
        OutcomeReport,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("report"),
    )
    met_on = models.DateField(_("date"))
    buyer_organisation = models.CharField(_("buyer"), max_length=200)
    buyer_country = CountryField(_("buyer's country"))
    buyer_type = models.CharField(
        _("buyer type"), max_length=20, choices=BuyerType.choices, default=BuyerType.OTHER
    )
    product = models.CharField(_("product"), max_length=200, blank=True)
    amount_usd = models.DecimalField(_("consultation amount (USD)"), **USD)
    expected_contract_usd = models.DecimalField(
        _("expected contract amount (USD)"), default=0, **USD
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=ConsultationStage.choices,
        default=ConsultationStage.CONSULTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["report", "met_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0) & Q(expected_contract_usd__gte=0),
                name="consultation_amounts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["report", "buyer_country"], name="consultation_country")]

    def __str__(self):
        return f"{self.buyer_organisation} ({self.buyer_country})"


class ReportCountryTotal(models.Model):
    """An approved report's consultations added up per buyer country, stored when it is
    approved (``outcomes.report_approve``), so that the dashboard's tables per exhibitor,
    country and theme read a few rows per report instead of every consultation. Replaced
    whenever the report is approved again."""

    report = models.ForeignKey(
        "OutcomeReport",
        on_delete=models.CASCADE,
        related_name="country_totals",
        verbose_name=_("outcome report"),
    )
    buyer_country = CountryField(_("buyer's country"))
    consultations = models.PositiveIntegerField(_("consultations"), default=0)
    amount_usd = models.DecimalField(
        _("consultation amount, USD (at approval)"), max_digits=16, decimal_places=2, default=0
    )
    expected_usd = models.DecimalField(
        _("expected contracts, USD (at approval)"), max_digits=16, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("consultations per country (at approval)")
        verbose_name_plural = _("consultations per country (at approval)")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "buyer_country"], name="report_country_total_once"
            )
        ]

    def __str__(self):
        return f"{self.report_id} {self.buyer_country}"


class Mou(models.Model):
    report = models.ForeignKey(
        OutcomeReport, on_delete=models.CASCADE, related_name="mous", verbose_name=_("report")
    )
    partner = models.CharField(_("partner"), max_length=200)
    country = CountryField(_("country"))
    signed_on = models.DateField(_("signed on"))
    scope = models.CharField(_("scope"), max_length=500, blank=True)
    scan = PrivateFileField(
        _("scan (PDF)"),
        upload_to=application_upload_to,
        blank=True,
        validators=[
            FileExtensionValidator(["pdf"]),
            MaxFileSizeValidator(INTRODUCTION_MAX_BYTES),
            validate_pdf,
        ],
    )

    history = AuditedRecords()

    class Meta:
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        ordering = ["report", "signed_on", "id"]

    def __str__(self):
        return f"{self.partner} ({self.country})"


class OnSiteContract(models.Model):
    report = models.ForeignKey(
        OutcomeReport,
        on_delete=models.CASCADE,
        related_name="contracts",
        verbose_name=_("report"),
    )
    partner = models.CharField(_("partner"), max_length=200)
    country = CountryField(_("country"))
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("contract signed on site")
        verbose_name_plural = _("contracts signed on site")
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="contract_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.country})"


class FollowUp(models.Model):
    """Contracts concluded since the expo, asked 3, 6 and 12 months after it."""

    class Months(models.IntegerChoices):
        THREE = 3, _("3 months")
        SIX = 6, _("6 months")
        TWELVE = 12, _("12 months")

    report = models.ForeignKey(
        OutcomeReport,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("report"),
    )
    months = models.PositiveSmallIntegerField(_("after"), choices=Months.choices)
    contracts = models.PositiveIntegerField(_("contracts concluded"), default=0)
    amount_usd = models.DecimalField(_("contract amount (USD)"), default=0, **USD)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["report", "months"]
        constraints = [
            models.UniqueConstraint(fields=["report", "months"], name="follow_up_once"),
        ]

    def __str__(self):
        return f"{self.report} +{self.months}"


class PublicationKind(models.TextChoices):
    PUBLISH = "publish", _("Published")
    REVISION = "revision", _("Revised figures published")
    WITHDRAWAL = "withdrawal", _("Withdrawn")


class FiguresPublication(models.Model):
    """One entry of a pavilion's publication log: the figures as published (frozen: the
    totals, the tables the public results page shows and both press summaries), a revision of
    them, or the withdrawal of the page; with who and when.

    Written only by ``outcomes.figures_publish`` and ``outcomes.figures_withdraw``, never
    changed or deleted: the public page shows the latest figures published, whatever the
    reports approved since (``outcomes.FrozenFigures`` reads them back, amounts as Decimals).
    """

    pavilion = models.ForeignKey(
        Pavilion,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("pavilion"),
    )
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    published_at = models.DateTimeField(_("when"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    figures = models.JSONField(
        _("figures as published"),
        default=dict,
        blank=True,
        help_text=_("Empty for a withdrawal. Amounts are decimal strings."),
    )

    class Meta:
        verbose_name = _("publication of the figures")
        verbose_name_plural = _("publications of the figures")
        ordering = ["pavilion", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "version"], name="figures_publication_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="figures_publication_version_positive"
            ),
        ]

    def __str__(self):
        return f"{self.pavilion} · {_('version')} {self.version} ({self.get_kind_display()})"


class ConsentKind(models.TextChoices):
    PRIVACY = "privacy", _("collection and use of personal information")
    TERMS = "terms", _("participation terms")


class Consent(models.Model):
    """A user's agreement to a notice, as it read then: which notice (``kind``) in which
    ``version``, and when. Sign-up records the privacy notice; confirming a place in a pavilion
    records the participation terms, for that application. Never changed afterwards: a new
    version of a notice is agreed to again, in a new row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    version = models.CharField(_("version"), max_length=20)
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-agreed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ConsentKind.PRIVACY) | Q(application__isnull=False),
                name="consent_terms_for_an_application",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} {self.version}"

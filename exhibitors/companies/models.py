import datetime
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.companies import registration
from portal.audit import AuditedRecords
from portal.i18n import Localized
from portal.private_files import PrivateImageField
from portal.validators import MaxFileSizeValidator, validate_image

LOGO_MAX_BYTES = 2 * 1024 * 1024


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

    def spreadsheet_label(self) -> str:
        """How a spreadsheet names the exhibitor (a booth's holder, a report's company): the
        registration number (220-81-34568), or the name of a district without one."""
        return self.company.registration_number_display or self.company.name_ko


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

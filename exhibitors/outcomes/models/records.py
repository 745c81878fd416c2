"""What a report holds: consultations (from the report form, a spreadsheet, a meeting or the
booth), MOUs, contracts signed on site and follow-ups."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from exhibitors.applications.models import application_upload_to
from exhibitors.outcomes.models.reports import OutcomeReport
from exhibitors.outcomes.models.vocabulary import (
    SCAN_MAX_BYTES,
    USD,
    BuyerType,
    ConsultationSource,
    ConsultationStage,
)
from portal.audit import AuditedRecords
from portal.private_files import PrivateFileField
from portal.validators import MaxFileSizeValidator, validate_pdf


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
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=ConsultationSource.choices,
        default=ConsultationSource.FORM,
    )
    # The buyers' package sits above this one: these name its models by label, not by import.
    buyer = models.ForeignKey(
        "exhibitors.Buyer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("registered buyer"),
    )
    meeting = models.OneToOneField(
        "exhibitors.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("meeting"),
    )
    needs_confirmation = models.BooleanField(
        _("amounts to confirm"),
        default=False,
        help_text=_(
            "Rows made at the expo (meetings, booth logs) wait for the exhibitor to confirm "
            "or correct their amounts before the report can be submitted."
        ),
    )

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
            MaxFileSizeValidator(SCAN_MAX_BYTES),
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

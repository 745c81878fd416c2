from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Pavilion
from exhibitors.applications.models import application_upload_to
from exhibitors.companies.models import Exhibitor
from portal.audit import AuditedRecords
from portal.private_files import PrivateFileField
from portal.validators import MaxFileSizeValidator, validate_pdf

SCAN_MAX_BYTES = 10 * 1024 * 1024


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


#: The only moves a report's status can make (``exhibitors.outcomes.services`` moves it).
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.APPROVED, ReportStatus.RETURNED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    # Staff may reopen an approved report to correct it; it then counts no longer.
    ReportStatus.APPROVED: {ReportStatus.RETURNED},
}


#: Statuses in which the exhibitor may edit its report.
REPORT_EDITABLE_STATES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def approved_q(through: str = "") -> Q:
    """The one rule of what counts: a report counts once approved. As a condition on the
    reports, or, with ``through`` ("report", "exhibitors__report"), on a model that reaches
    them through that path."""
    return Q(**{f"{through}__status" if through else "status": ReportStatus.APPROVED})


class OutcomeReportQuerySet(models.QuerySet):
    def approved(self) -> "OutcomeReportQuerySet":
        """The reports that count in the figures (:func:`approved_q`)."""
        return self.filter(approved_q())


class OutcomeReport(models.Model):
    """An exhibitor's filed outcomes for its pavilion: consultations, MOUs, contracts signed
    on site, a short survey and the follow-ups. Only approved reports count."""

    exhibitor = models.OneToOneField(
        Exhibitor, on_delete=models.PROTECT, related_name="report", verbose_name=_("exhibitor")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
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
    # The report's consultation totals, stored when it is approved (``services.report_approve``: ``total_*``)
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

    objects = OutcomeReportQuerySet.as_manager()
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


class ConsultationSource(models.TextChoices):
    """Where a consultation row came from."""

    FORM = "form", _("Entered on the report")
    SPREADSHEET = "spreadsheet", _("Uploaded spreadsheet")
    MEETING = "meeting", _("Scheduled meeting")
    BOOTH = "booth", _("Logged at the booth")


class ConsultationStage(models.TextChoices):
    CONSULTED = "consulted", _("Consulted")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONTRACTED = "contracted", _("Contracted on site")


#: The columns of a consultation, in the order of the report form, the spreadsheets (import,
#: export, template and its guide) and the admin's list: (field, required in a spreadsheet).
#: Everything that lists a consultation's columns derives them from here.
CONSULTATION_COLUMNS = (
    ("met_on", True),
    ("buyer_organisation", True),
    ("buyer_country", True),
    ("buyer_type", False),
    ("product", False),
    ("amount_usd", True),
    ("expected_contract_usd", False),
    ("stage", False),
    ("note", False),
)
CONSULTATION_FIELDS = tuple(name for name, _required in CONSULTATION_COLUMNS)
CONSULTATION_REQUIRED_FIELDS = tuple(name for name, required in CONSULTATION_COLUMNS if required)

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


class ReportCountryTotal(models.Model):
    """An approved report's consultations added up per buyer country, stored when it is
    approved (``services.report_approve``), so that the dashboard's tables per exhibitor,
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


class PublicationKind(models.TextChoices):
    PUBLISH = "publish", _("Published")
    REVISION = "revision", _("Revised figures published")
    WITHDRAWAL = "withdrawal", _("Withdrawn")


class FiguresPublication(models.Model):
    """One entry of a pavilion's publication log: the figures as published (frozen: the
    totals, the tables the public results page shows and both press summaries), a revision of
    them, or the withdrawal of the page; with who and when.

    Written only by ``figures.figures_publish`` and ``figures.figures_withdraw``, never
    changed or deleted: the public page shows the latest figures published, whatever the
    reports approved since (``selectors.FrozenFigures`` reads them back, amounts as Decimals).
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

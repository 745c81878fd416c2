"""An exhibitor's outcome report, its stored per-country totals and the pavilion's publication
log of the figures."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes.models.vocabulary import (
    PublicationKind,
    ReportStatus,
    approved_q,
)
from portal.audit import AuditedRecords


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

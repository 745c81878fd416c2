"""What exhibitors show buyers: a pavilion's catalogue and each exhibitor's entry in it."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from portal.audit import AuditedRecords
from portal.i18n import Localized


class Catalogue(models.Model):
    """A pavilion's public exhibitor catalogue, published by staff once exhibitors are
    confirmed."""

    pavilion = models.OneToOneField(
        Pavilion, on_delete=models.CASCADE, related_name="catalogue", verbose_name=_("pavilion")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    history = AuditedRecords()

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def __str__(self):
        return str(self.pavilion)

    def is_published(self, now: datetime.datetime | None = None) -> bool:
        return self.published_at is not None and self.published_at <= (now or timezone.now())


class CatalogueEntry(models.Model):
    """What an exhibitor agreed to show in the catalogue. Nothing is shown until the company
    agrees (``agreed_at``); the logo and the website only if it says so."""

    exhibitor = models.OneToOneField(
        Exhibitor,
        on_delete=models.CASCADE,
        related_name="catalogue_entry",
        verbose_name=_("exhibitor"),
    )
    product_ko = models.CharField(_("product (Korean)"), max_length=200, blank=True)
    product_en = models.CharField(_("product (English)"), max_length=200, blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), max_length=1000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=1000, blank=True)
    target_markets = CountryField(
        _("target markets"), multiple=True, blank=True, help_text=_("Countries you sell to.")
    )
    partner_types = models.JSONField(
        _("partners sought"),
        default=list,
        blank=True,
        help_text=_("Buyer types you want to meet."),
    )
    show_logo = models.BooleanField(_("show our logo"), default=True)
    show_website = models.BooleanField(_("show our website"), default=True)
    agreed_at = models.DateTimeField(_("agreed to publish"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    product = Localized()
    summary = Localized()

    history = AuditedRecords()

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["exhibitor"]

    def __str__(self):
        return str(self.exhibitor)

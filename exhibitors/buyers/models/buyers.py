"""Who buys: the buyer's account, its own role beside companies and staff."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from exhibitors.outcomes.models import BuyerType
from portal.audit import AuditedRecords


def _token() -> str:
    return secrets.token_urlsafe(32)


# --- Buyers ---------------------------------------------------------------------------------


class BuyerStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Refused")


class Buyer(models.Model):
    """A buyer's account: its own role, beside companies and staff. A user is a buyer, a
    company's member or staff, never two of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="buyer",
        verbose_name=_("user"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    country = CountryField(_("country"))
    buyer_type = models.CharField(
        _("buyer type"), max_length=20, choices=BuyerType.choices, default=BuyerType.OTHER
    )
    interests = models.TextField(
        _("interests"),
        max_length=2000,
        blank=True,
        help_text=_("What you are looking for: products, technologies, partners."),
    )
    contact_name = models.CharField(_("contact name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("language for e-mails"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BuyerStatus.choices, default=BuyerStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or refused by"),
    )
    decided_at = models.DateTimeField(_("approved or refused"), null=True, blank=True)
    badge_token = models.CharField(
        _("badge code"), max_length=64, unique=True, default=_token, editable=False
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["organisation", "id"]
        indexes = [models.Index(fields=["status", "country"], name="buyer_status_country")]

    def __str__(self):
        return f"{self.organisation} ({self.country})"

    @property
    def is_approved(self) -> bool:
        return self.status == BuyerStatus.APPROVED

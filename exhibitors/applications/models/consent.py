"""The record of what a user agreed to (the notices' texts and versions are in
``exhibitors.applications.consents``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exhibitors.applications.models.application import Application


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

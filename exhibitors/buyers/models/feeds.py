"""The secret calendar feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.buyers.models.buyers import _token


class CalendarFeed(models.Model):
    """A personal calendar feed behind a secret address: the user's deadlines, side events
    and meetings; for staff, one pavilion's. Revoking it ends the address for good."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    pavilion = models.ForeignKey(
        Pavilion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pavilion"),
        help_text=_("Staff's feed of one pavilion; empty for a personal feed."),
    )
    token = models.CharField(
        _("secret"), max_length=64, unique=True, default=_token, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "pavilion"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_per_pavilion",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True, pavilion__isnull=True),
                name="calendar_feed_one_live_personal",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.pavilion or '-'}"

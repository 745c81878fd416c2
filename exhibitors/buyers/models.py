"""The buyers' domain: who buys (Buyer), what exhibitors show them (the catalogue), when they
meet (slots, places, meetings) and the secret calendar feeds.

A meeting is one row from the buyer's request to its end: requested, proposed another slot,
accepted (with a slot and a place), declined, cancelled, expired, held or no-show. The
"booked" statuses hold a slot: no exhibitor, buyer or lounge table is booked twice in a slot,
a rule the database keeps (partial unique constraints) beside the service's check under the
pavilion lock."""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.floor.models import Booth
from exhibitors.outcomes.models import BuyerType
from portal.audit import AuditedRecords
from portal.i18n import Localized


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


# --- Catalogue ------------------------------------------------------------------------------


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


# --- Meetings -------------------------------------------------------------------------------


class MeetingSettings(models.Model):
    """A pavilion's matchmaking rules."""

    pavilion = models.OneToOneField(
        Pavilion,
        on_delete=models.CASCADE,
        related_name="meeting_settings",
        verbose_name=_("pavilion"),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        _("requests expire after (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A request nobody answered in this many days expires."),
    )
    max_per_buyer_per_day = models.PositiveSmallIntegerField(
        _("meetings per buyer per day"), default=6, validators=[MinValueValidator(1)]
    )
    max_per_exhibitor_per_day = models.PositiveSmallIntegerField(
        _("meetings per exhibitor per day"), default=8, validators=[MinValueValidator(1)]
    )
    requests_open = models.BooleanField(_("buyers may request meetings"), default=False)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("meeting settings")
        verbose_name_plural = _("meeting settings")

    def __str__(self):
        return str(self.pavilion)


class MeetingSlot(models.Model):
    """One time block of an expo day in which meetings take place."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.CASCADE, related_name="meeting_slots", verbose_name=_("pavilion")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["pavilion", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "starts_at"],
                name="meeting_slot_once",
                violation_error_message=_("The pavilion already has a slot at this time."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return local.strftime("%Y-%m-%d %H:%M")


class MeetingPlaceKind(models.TextChoices):
    BOOTH = "booth", _("Exhibitor's booth")
    LOUNGE = "lounge", _("Meeting lounge table")


class MeetingPlace(models.Model):
    """Where a meeting takes place: an exhibitor's booth or one of the lounge's tables."""

    pavilion = models.ForeignKey(
        Pavilion,
        on_delete=models.CASCADE,
        related_name="meeting_places",
        verbose_name=_("pavilion"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingPlaceKind.choices)
    booth = models.OneToOneField(
        Booth,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_place",
        verbose_name=_("booth"),
    )
    label = models.CharField(_("name"), max_length=50, help_text=_("e.g. Lounge table 3"))

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["pavilion", "kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "label"],
                name="meeting_place_label_once",
                violation_error_message=_("The pavilion already has a place with this name."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=MeetingPlaceKind.BOOTH) & Q(booth__isnull=False))
                | (Q(kind=MeetingPlaceKind.LOUNGE) & Q(booth__isnull=True)),
                name="meeting_place_booth_iff_kind_booth",
                violation_error_message=_("A booth place names its booth; a lounge table none."),
            ),
        ]

    def __str__(self):
        return self.label


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROPOSED = "proposed", _("Another time proposed")
    ACCEPTED = "accepted", pgettext_lazy("meeting status", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting status", "Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", pgettext_lazy("meeting status", "Expired")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


#: Waiting for an answer: the exhibitor's (requested) or the buyer's (proposed).
OPEN_STATUSES = (MeetingStatus.REQUESTED, MeetingStatus.PROPOSED)
#: Holding a slot, a place and both people's time.
BOOKED_STATUSES = (MeetingStatus.ACCEPTED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


class Meeting(models.Model):
    """A buyer's meeting with an exhibitor, from the request to its end."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("pavilion")
    )
    buyer = models.ForeignKey(
        Buyer, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("buyer")
    )
    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("exhibitor")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    requested_slot = models.ForeignKey(
        MeetingSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested time"),
        help_text=_("Empty: any time."),
    )
    reason = models.CharField(_("why meet"), max_length=500)
    slot = models.ForeignKey(
        MeetingSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("time"),
        help_text=_("The agreed time, or the time the exhibitor proposed."),
    )
    place = models.ForeignKey(
        MeetingPlace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("place"),
    )
    answer = models.CharField(
        _("answer"), max_length=500, blank=True, help_text=_("Why declined or cancelled.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("The buyer, or staff scheduling on someone's behalf."),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    changed_at = models.DateTimeField(_("last change"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["pavilion", "slot__starts_at", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "slot"],
                condition=Q(status__in=BOOKED_STATUSES),
                name="meeting_exhibitor_once_per_slot",
                violation_error_message=_("The exhibitor already has a meeting at this time."),
            ),
            models.UniqueConstraint(
                fields=["buyer", "slot"],
                condition=Q(status__in=BOOKED_STATUSES),
                name="meeting_buyer_once_per_slot",
                violation_error_message=_("The buyer already has a meeting at this time."),
            ),
            models.UniqueConstraint(
                fields=["place", "slot"],
                condition=Q(status__in=BOOKED_STATUSES),
                name="meeting_place_once_per_slot",
                violation_error_message=_("This place is already taken at this time."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=BOOKED_STATUSES)
                | (Q(slot__isnull=False) & Q(place__isnull=False)),
                name="meeting_booked_has_slot_and_place",
                violation_error_message=_("A booked meeting needs a time and a place."),
            ),
        ]
        indexes = [
            models.Index(fields=["pavilion", "status"], name="meeting_pavilion_status"),
            models.Index(fields=["buyer", "status"], name="meeting_buyer_status"),
            models.Index(fields=["exhibitor", "status"], name="meeting_exhibitor_status"),
        ]

    def __str__(self):
        return f"{self.buyer} → {self.exhibitor.company}"


# --- Calendar feeds -------------------------------------------------------------------------


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

"""When and where buyers and exhibitors meet: a pavilion's rules, slots and places, and the
meetings.

A meeting is one row from the buyer's request to its end: requested, proposed another slot,
accepted (with a slot and a place), declined, cancelled, expired, held or no-show. The
"booked" statuses hold a slot: no exhibitor, buyer or lounge table is booked twice in a slot,
a rule the database keeps (partial unique constraints) beside the service's check under the
pavilion lock."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Pavilion
from exhibitors.buyers.models.buyers import Buyer
from exhibitors.companies.models import Exhibitor
from exhibitors.floor.models import Booth
from portal.audit import AuditedRecords


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
            # One open request a buyer and exhibitor: the database keeps it, so that asking
            # takes no lock (a request books nothing; booking happens on accepting).
            models.UniqueConstraint(
                fields=["buyer", "exhibitor"],
                condition=Q(status__in=OPEN_STATUSES),
                name="meeting_one_open_request",
                violation_error_message=_("You already have an open request with this exhibitor."),
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

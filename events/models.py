"""Series, their editions (events), the foundation's pavilion at an event, and its side events."""

import datetime
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# CallState and LONGEST_CALL_LEAD live with the pavilion's dates; callers import them from here.
from events.pavilion_dates import LONGEST_CALL_LEAD as LONGEST_CALL_LEAD
from events.pavilion_dates import CallState as CallState
from events.pavilion_dates import PavilionDatesMixin
from portal.i18n import Localized

#: One pyeong (평) in square metres. Staff think in pyeong; the floor plan is in m².
PYEONG_M2 = Decimal("3.3058")


def validate_time_zone(value):
    """An IANA time zone name the machine knows: Europe/Madrid, America/New_York."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(value)s is not a time zone name; write it as Europe/Madrid."),
            params={"value": value},
        ) from None


def m2_to_pyeong(area_m2):
    return (Decimal(area_m2) / PYEONG_M2).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Series(models.Model):
    """A recurring show: SCEWC, Smart Life Week."""

    slug = models.SlugField(_("slug"), unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    website = models.URLField(_("website"), blank=True)

    name = Localized()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class EventQuerySet(models.QuerySet):
    def with_series(self):
        return self.select_related("series")


class Event(models.Model):
    """One edition of a series: SCEWC 2024."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="events", verbose_name=_("series")
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used in addresses and commands, e.g. scewc-2024.")
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    city_en = models.CharField(_("city (English)"), max_length=100)
    city_ko = models.CharField(_("city (Korean)"), max_length=100)
    country = CountryField(_("country"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Seoul",
        # Also the column's own default: rows written by code that predates the field (older
        # migrations' data steps) still get a zone.
        db_default="Asia/Seoul",
        validators=[validate_time_zone],
        help_text=_("The expo's local time zone, e.g. Europe/Madrid."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    headline_theme = models.CharField(
        _("headline theme"), max_length=200, blank=True, help_text=_('e.g. "LIVE BETTER"')
    )
    usd_krw_rate = models.DecimalField(
        _("USD to KRW rate"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Korean won per US dollar, used for every KRW figure of this edition."),
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("Published by the organiser.")
    )
    participant_countries = models.PositiveSmallIntegerField(
        _("participating countries"), null=True, blank=True
    )
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    name = Localized()
    city = Localized()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(usd_krw_rate__gt=0),
                name="event_rate_positive",
                violation_error_message=_("The exchange rate must be positive."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The expo's local time zone."""
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        """Midnight of the first day, in Korea time (the foundation's deadlines are Korean)."""
        return timezone.make_aware(datetime.datetime.combine(self.starts_on, datetime.time.min))

    @property
    def ended_at(self):
        """Midnight after the last day, in Korea time."""
        return timezone.make_aware(
            datetime.datetime.combine(self.ends_on + datetime.timedelta(days=1), datetime.time.min)
        )


class Theme(models.Model):
    """One of an event's exhibition themes."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="themes", verbose_name=_("event")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)

    name = Localized()

    class Meta:
        verbose_name = _("exhibition theme")
        verbose_name_plural = _("exhibition themes")
        ordering = ["event", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name_en"], name="theme_unique_per_event"),
        ]

    def __str__(self):
        return self.name


class PavilionQuerySet(models.QuerySet):
    def with_event(self):
        return self.select_related("event", "event__series")

    def open_calls(self, now=None):
        now = now or timezone.now()
        return self.filter(applications_open_at__lte=now, applications_close_at__gt=now)

    def upcoming_calls(self, now=None):
        return self.filter(applications_open_at__gt=now or timezone.now())

    def closed_calls(self, now=None):
        return self.filter(applications_close_at__lte=now or timezone.now())


class Pavilion(PavilionDatesMixin, models.Model):
    """The foundation's shared stand at an event."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="pavilions", verbose_name=_("event")
    )
    slug = models.SlugField(_("slug"), default="seoul")
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    organiser_en = models.CharField(_("organiser (English)"), max_length=200)
    organiser_ko = models.CharField(_("organiser (Korean)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    floor_width_m = models.DecimalField(
        _("floor width (m)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    floor_depth_m = models.DecimalField(
        _("floor depth (m)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The space booked from the organiser; at most width × depth."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("company places"), validators=[MinValueValidator(1)]
    )
    applications_open_at = models.DateTimeField(_("call opens"))
    applications_close_at = models.DateTimeField(_("call closes"))
    confirmation_deadline = models.DateTimeField(
        _("participation confirmation deadline"),
        help_text=_("Accepted companies confirm their participation by then."),
    )
    review_deadline = models.DateTimeField(
        _("review deadline"),
        null=True,
        blank=True,
        help_text=_("Reviewers finish their reviews by then; reminders are sent before it."),
    )
    report_deadline = models.DateTimeField(_("outcome report deadline"))
    results_published_at = models.DateTimeField(
        _("results published"),
        null=True,
        blank=True,
        help_text=_("Set to show the public results page of this pavilion."),
    )
    # The new columns carry database defaults, so that rows written by code that does not
    # know them yet (a process of the previous release during a deploy) are still valid.
    rolling_admission = models.BooleanField(
        _("rolling admission"),
        default=False,
        db_default=False,
        help_text=_(
            "Decide and release decisions while the call is open. Off: decisions are released "
            "only after the call has closed."
        ),
    )
    eligibility_en = models.TextField(
        _("who may apply (English)"),
        blank=True,
        default="",
        db_default="",
        help_text=_("Shown on the public pavilion page; one point per line."),
    )
    eligibility_ko = models.TextField(
        _("who may apply (Korean)"), blank=True, default="", db_default=""
    )
    benefits_en = models.TextField(
        _("what exhibitors get (English)"),
        blank=True,
        default="",
        db_default="",
        help_text=_("Booth, support and costs covered; one point per line."),
    )
    benefits_ko = models.TextField(
        _("what exhibitors get (Korean)"), blank=True, default="", db_default=""
    )
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, default="", db_default=""
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True, default="", db_default="")
    contact_phone = models.CharField(
        _("contact phone"), max_length=50, blank=True, default="", db_default=""
    )

    objects = PavilionQuerySet.as_manager()

    name = Localized()
    organiser = Localized()
    description = Localized()
    eligibility = Localized()
    benefits = Localized()

    class Meta:
        verbose_name = _("pavilion")
        verbose_name_plural = _("pavilions")
        ordering = ["-event__starts_on", "name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"], name="pavilion_slug_unique_per_event"
            ),
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=F("applications_open_at")),
                name="pavilion_call_closes_after_it_opens",
                violation_error_message=_("The call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(confirmation_deadline__gte=F("applications_close_at")),
                name="pavilion_confirmation_after_call",
                violation_error_message=_(
                    "The confirmation deadline cannot be before the call closes."
                ),
            ),
            models.CheckConstraint(
                condition=Q(floor_area_m2__gt=0)
                & Q(floor_area_m2__lte=F("floor_width_m") * F("floor_depth_m")),
                name="pavilion_area_fits_floor",
                violation_error_message=_(
                    "The floor area must be positive and at most width × depth."
                ),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="pavilion_has_places"),
        ]
        indexes = [
            models.Index(
                fields=["applications_open_at", "applications_close_at"], name="pavilion_call"
            ),
        ]
        permissions = [
            ("allocate_booths", _("Can lay out the floor and allocate booths")),
            ("view_outcomes", _("Can read outcome reports and the dashboard")),
        ]

    def __str__(self):
        return f"{self.name} · {self.event.name}"

    def get_absolute_url(self):
        return reverse("events:pavilion", args=[self.event.slug, self.slug])

    @property
    def floor_area_pyeong(self):
        return m2_to_pyeong(self.floor_area_m2)


class SideEventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    RECEPTION = "reception", _("Reception")
    IR_PITCHING = "ir_pitching", _("IR pitching")
    PROMOTION = "promotion", _("Promotion")
    OTHER = "other", _("Other")


class SideEvent(models.Model):
    """A programme item the pavilion runs around the expo: forum, reception, pitching day."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.CASCADE, related_name="side_events", verbose_name=_("pavilion")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SideEventKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    name = Localized()

    class Meta:
        verbose_name = _("side event")
        verbose_name_plural = _("side events")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return self.name

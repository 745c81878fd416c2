from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from portal.audit import AuditedRecords


class BoothKind(models.TextChoices):
    COMPANY = "company", _("Company booth")
    DISTRICT = "district", _("District booth")
    STAGE = "stage", _("Stage")
    MEETING_LOUNGE = "meeting_lounge", _("Meeting lounge")
    INFO_DESK = "info_desk", _("Information desk")
    STORAGE = "storage", _("Storage")
    OPEN_AREA = "open_area", _("Aisle-free area")


#: Booth kinds that hold an exhibitor, and the exhibitor role each takes.
HOLDER_ROLE_BY_KIND = {
    BoothKind.COMPANY: ExhibitorRole.COMPANY,
    BoothKind.DISTRICT: ExhibitorRole.CO_EXHIBITOR,
}


class Booth(models.Model):
    """A rectangle on the pavilion floor, in metres from the floor's top-left corner.

    The floor rules (inside the floor, no overlap, total area) are kept by
    ``exhibitors.floor.services``, which locks the pavilion; PostgreSQL also refuses overlapping
    booths with an exclusion constraint (migration ``0007_booth_no_overlap``)."""

    pavilion = models.ForeignKey(
        Pavilion, on_delete=models.CASCADE, related_name="booths", verbose_name=_("pavilion")
    )
    code = models.CharField(_("code"), max_length=10)
    kind = models.CharField(
        _("kind"), max_length=20, choices=BoothKind.choices, default=BoothKind.COMPANY
    )
    x = models.DecimalField(_("x (m)"), max_digits=7, decimal_places=2)
    y = models.DecimalField(_("y (m)"), max_digits=7, decimal_places=2)
    width = models.DecimalField(_("width (m)"), max_digits=7, decimal_places=2)
    depth = models.DecimalField(_("depth (m)"), max_digits=7, decimal_places=2)
    holder = models.ForeignKey(
        Exhibitor,
        # An exhibitor that leaves gives its booth back first, through
        # ``services.booths_release_for_exhibitor`` (recorded in the booth's history): deleting
        # one that still holds a booth, or is offered one, is refused.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booths",
        verbose_name=_("holder"),
    )
    placed_by_hand = models.BooleanField(
        _("allocated by hand"),
        default=False,
        help_text=_("Automatic allocation never moves a holder that staff placed by hand."),
    )
    held_for = models.ForeignKey(
        Exhibitor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booth_offers",
        verbose_name=_("offered to"),
    )
    hold_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)

    history = AuditedRecords()

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["pavilion", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pavilion", "code"],
                name="booth_code_unique",
                violation_error_message=_("Another booth of this pavilion has this code."),
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0) & Q(depth__gt=0),
                name="booth_has_size",
                violation_error_message=_("A booth needs a positive width and depth."),
            ),
            models.CheckConstraint(
                condition=Q(x__gte=0) & Q(y__gte=0),
                name="booth_on_floor",
                violation_error_message=_("A booth starts inside the floor (x and y ≥ 0)."),
            ),
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(kind=BoothKind.COMPANY),
                name="booth_one_company_booth_per_exhibitor",
                violation_error_message=_("This exhibitor already has a company booth."),
            ),
            models.CheckConstraint(
                condition=Q(held_for__isnull=True) | Q(holder__isnull=True),
                name="booth_held_only_when_free",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def area(self):
        return self.width * self.depth

    @property
    def x2(self):
        return self.x + self.width

    @property
    def y2(self):
        return self.y + self.depth

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from events.locks import pavilions_lock
from events.models import Pavilion
from exhibitors.companies import registration
from exhibitors.companies.models import Company, Exhibitor, ExhibitorRole
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    ChoiceWidget,
    PortalModelResource,
    cell_text,
)

#: The pavilion a booth row belongs to when the file does not say and its event has several.
DEFAULT_PAVILION = "seoul"


class PavilionWidget(widgets.Widget):
    """The ``event`` column (the event's slug), with the ``pavilion`` column (the pavilion's
    slug) when the event has several pavilions: without it, the event's only pavilion, or its
    "seoul" pavilion. Each pavilion is looked up once per import."""

    def __init__(self):
        super().__init__(coerce_to_string=True)
        self._found = {}

    def clean(self, value, row=None, **kwargs):
        event = cell_text(value)
        if not event:
            raise ValueError(_("The event is required: its slug, e.g. scewc-2024."))
        slug = cell_text((row or {}).get(BoothResource.PAVILION_COLUMN))
        key = (event, slug)
        if key not in self._found:
            self._found[key] = self._find(event, slug)
        return self._found[key]

    @staticmethod
    def _find(event, slug):
        pavilions = list(Pavilion.objects.filter(event__slug=event).select_related("event"))
        if not pavilions:
            raise ValueError(_("There is no event “%(event)s”.") % {"event": event})
        if not slug and len(pavilions) == 1:
            return pavilions[0]
        wanted = slug or DEFAULT_PAVILION
        for pavilion in pavilions:
            if pavilion.slug == wanted:
                return pavilion
        raise ValueError(
            _("The event “%(event)s” has no pavilion “%(pavilion)s”; name one of: %(slugs)s.")
            % {
                "event": event,
                "pavilion": wanted,
                "slugs": ", ".join(sorted(p.slug for p in pavilions)),
            }
        )

    def render(self, value, obj=None, **kwargs):
        return value.event.slug if value else ""


class CodeWidget(widgets.CharWidget):
    """A booth's code as typed (Excel's 12.0 read as "12")."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class HolderLookupMixin:
    """The ``holder`` column of a booth row: a confirmed exhibitor of the row's pavilion, by its
    registration number, or (a district) by its Korean or English name. The exhibitors
    of each pavilion are read once per import."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._holders = {}  # pavilion id -> (by registration number, districts by name)

    def _exhibitor(self, pavilion, text):
        if not text:
            return None
        if pavilion.pk not in self._holders:
            by_number, districts = {}, {}
            for exhibitor in Exhibitor.objects.filter(pavilion=pavilion).select_related("company"):
                company = exhibitor.company
                if company.registration_number:
                    by_number[company.registration_number] = exhibitor
                if exhibitor.role == ExhibitorRole.CO_EXHIBITOR:
                    for name in (company.name_ko, company.name_en):
                        districts[name.casefold()] = exhibitor
            self._holders[pavilion.pk] = by_number, districts
        by_number, districts = self._holders[pavilion.pk]
        number = registration.normalize(text)
        exhibitor = by_number.get(number) or districts.get(text.casefold())
        if exhibitor is not None:
            return exhibitor
        company = (
            Company.objects.filter(registration_number=number).first()
            if number.isdigit()
            else Company.objects.filter(name_ko=text).first()
            or Company.objects.filter(name_en=text).first()
        )
        if company is not None:
            raise ValueError(
                _("%(holder)s is not a confirmed exhibitor of %(pavilion)s.")
                % {"holder": company, "pavilion": pavilion}
            )
        raise ValueError(
            _(
                "“%(holder)s” is neither the registration number of an exhibitor of "
                "%(pavilion)s nor the name of one of its districts."
            )
            % {"holder": text, "pavilion": pavilion}
        )


class BoothResource(HolderLookupMixin, PortalModelResource):
    """The booth layout of one or more pavilions, keyed on the event (and pavilion) and the
    booth's code: importing a file again moves the booths it names instead of adding them
    twice.

    Every row is checked and written by the booth service (``booth_place_refusals``, then
    ``booth_place``), as the admin's form is: inside the floor, no
    overlap (also with the rows saved before it in the same file), the floor area, and the
    holder (a confirmed exhibitor of the pavilion, of the role the booth's kind takes, one
    company booth each). Any bad row: nothing is written, and each is reported with its row
    number, column and reason. A holder that the file sets or changes counts as allocated by
    hand; an empty holder frees the booth."""

    PAVILION_COLUMN = "pavilion"

    event = fields.Field(attribute="pavilion", column_name="event", widget=PavilionWidget())
    pavilion_slug = fields.Field(column_name=PAVILION_COLUMN)
    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(BoothKind, default=BoothKind.COMPANY),
    )
    holder = fields.Field(column_name="holder")

    #: The export page's names of the columns that are not a field of the booth itself.
    column_labels = {
        "event": gettext_lazy("event"),
        PAVILION_COLUMN: gettext_lazy("pavilion"),
        "holder": gettext_lazy("holder"),
    }

    class Meta(AllOrNothingResourceOptions):
        model = Booth
        import_id_fields = ["event", "code"]
        fields = [
            "event",
            "pavilion_slug",
            "code",
            "kind",
            "x",
            "y",
            "width",
            "depth",
            "holder",
        ]
        export_order = fields

    # Import -------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Lock every pavilion the file names, in a fixed order, for the whole import."""
        super().before_import(dataset, **kwargs)
        widget = self.fields["event"].widget
        pavilion_ids = set()
        for row in dataset.dict:
            try:
                pavilion_ids.add(widget.clean(row.get("event"), row=row).pk)
            except ValueError:
                continue  # reported with its row
        pavilions_lock(pavilion_ids)

    def import_instance(self, instance, row, **kwargs):
        """The columns, then the holder, which is looked up in the row's pavilion."""
        instance._holder_given = "holder" in row
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "holder" in row and "pavilion" not in errors:
            try:
                instance.holder = self._exhibitor(instance.pavilion, cell_text(row["holder"]))
            except ValueError as error:
                errors["holder"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, and what the booth service would refuse (floor and holder
        rules) against the floor as it stands, with the rows of this file saved so far."""
        errors = dict(import_validation_errors or {})
        geometry = ("x", "y", "width", "depth")
        if (
            not errors.keys() & {"pavilion", *geometry}
            and instance.pavilion_id
            and all(getattr(instance, name) is not None for name in geometry)
        ):
            refusals = booths.booth_place_refusals(
                booth=instance, holder=self._holder_asked(instance, errors)
            )
            for name, message in refusals.items():
                errors.setdefault(name, []).append(ValidationError(message))
        super().validate_instance(instance, errors, validate_unique=validate_unique)

    @staticmethod
    def _holder_asked(instance, errors=()):
        """Who the file stands in the booth: whoever stood there before gives way; nobody
        when the holder's cell is wrong (reported already); unchanged without the column."""
        if not getattr(instance, "_holder_given", False):
            return booths.UNCHANGED
        return None if "holder" in errors else instance.holder

    def do_instance_save(self, instance, is_create):
        """Saved by the booth service, as the admin's form saves: the booth, then its holder
        (allocated by hand) if the file changes it."""
        booths.booth_place(booth=instance, holder=self._holder_asked(instance))

    # Export -------------------------------------------------------------------------------

    def get_queryset(self):
        return Booth.objects.select_related("pavilion__event", "holder__company").order_by(
            "-pavilion__event__starts_on", "pavilion__event__slug", "pavilion__slug", "code"
        )

    def dehydrate_pavilion_slug(self, booth):
        return booth.pavilion.slug

    def dehydrate_holder(self, booth):
        return booth.holder.spreadsheet_label() if booth.holder_id else ""

"""Spreadsheets of the exhibitors app (django-import-export resources)."""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from import_export import fields, widgets
from import_export.results import RowResult
from openpyxl import Workbook
from openpyxl.utils.datetime import from_excel

from events.models import Pavilion
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    CachedKeyLoader,
    ChoiceWidget,
    ExportOnlyResource,
    PortalModelResource,
    import_problems,
    neutralise_formula,
)

from . import booths, outcomes, registration
from .history import bulk_write_history
from .models import (
    Application,
    Booth,
    BoothKind,
    BuyerType,
    Company,
    Consultation,
    ConsultationStage,
    Exhibitor,
    ExhibitorRole,
    OrganisationKind,
    Review,
    Score,
)


class RegistrationNumberWidget(widgets.CharWidget):
    """Reads 2208134568, 220-81-34568 or 220 81 34568 (or a number Excel turned into an
    integer); writes 220-81-34568. The model field checks the 10 digits and the check digit,
    with one message saying what is wrong. The number is the row's key, so an import cannot do without it (district
    governments have one in the same format, their 고유번호)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        number = registration.normalize(value)
        if not number:
            raise ValueError(_("The registration number is required: it identifies the row."))
        return number

    def render(self, value, obj=None, **kwargs):
        return registration.display(value)


#: Rows per UPDATE of an import's bulk update: Django's bulk update writes one ``CASE`` with a
#: branch per row, which the database walks for every row (as ``booths.ALLOCATION_BATCH``).
UPDATE_BATCH = 100


class AuditedBulkWrites:
    """The writes of an import resource with ``use_bulk``, keeping the audit trail: new rows
    with ``bulk_create``, changed rows with ``bulk_update``, then their historical rows copied
    in the database (:func:`~exhibitors.history.bulk_write_history`), attributed to the user
    and reason of :mod:`exhibitors.history`
    (the request's user, or :func:`~exhibitors.history.audit`'s user and reason). The rows are
    checked one by one before (every bad row named with its row and column); an error in a
    batch is an error of the whole file, which the import then rolls back."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            model = self._meta.model
            try:
                with transaction.atomic(savepoint=False):
                    created = model._default_manager.bulk_create(
                        self.create_instances, batch_size=batch_size
                    )
                    bulk_write_history(model, [row.pk for row in created], history_type="+")
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            model = self._meta.model
            # bulk_update() leaves auto_now fields (updated_at) as they were: stamp them here.
            stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            for instance in self.update_instances:
                for field in stamped:
                    field.pre_save(instance, add=False)
            try:
                with transaction.atomic(savepoint=False):
                    model._default_manager.bulk_update(
                        self.update_instances,
                        [*self.get_bulk_update_fields(), *(field.name for field in stamped)],
                        batch_size=min(batch_size or UPDATE_BATCH, UPDATE_BATCH),
                    )
                    bulk_write_history(
                        model, [row.pk for row in self.update_instances], history_type="~"
                    )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def get_bulk_update_fields(self):
        keys = set(self._meta.import_id_fields)
        return [
            field.attribute
            for name, field in self.fields.items()
            if field.attribute and name not in keys and field in self.get_import_fields()
        ]


class CompanyResource(AuditedBulkWrites, PortalModelResource):
    """Companies keyed on their business registration number: importing a file again updates
    the companies it names instead of adding them twice."""

    registration_number = fields.Field(
        attribute="registration_number",
        column_name="registration_number",
        widget=RegistrationNumberWidget(),
    )
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(OrganisationKind, default=OrganisationKind.COMPANY),
    )

    # The registration number (the only unique column) is checked over the file: a number on
    # two rows is reported on the second; a number already in the database is the company the
    # row updates (CachedKeyLoader finds them all in one query).
    unique_over_file = True
    # The preview (a dry run) shows each row's values and changes; the import that writes
    # draws none.
    diff_in_dry_run_only = True

    class Meta(AllOrNothingResourceOptions):
        model = Company
        import_id_fields = ["registration_number"]
        instance_loader_class = CachedKeyLoader  # one query for the file's existing companies
        # Every row is checked one by one (its errors reported with row and column), then the
        # new and the changed companies are written a batch at a time, apart, each with its
        # audit trail (AuditedBulkWrites). Any bad row or failed batch rolls the import back.
        use_bulk = True
        batch_size = 1000
        fields = [
            "registration_number",
            "name_ko",
            "name_en",
            "representative",
            "founded",
            "employees",
            "website",
            "email",
            "phone",
            "kind",
        ]
        export_order = fields

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's ``full_clean`` without its check constraints and unique check: Django
        checks each with a query per row. The constraints are already checked per field (the
        widget refuses a row without a registration number; ``founded`` has its own minimum),
        and the unique registration number over the file (``unique_over_file``), with the same
        row-and-column errors (tests/exhibitors/test_import_rules.py keeps them in step)."""
        errors = dict(import_validation_errors or {})
        errors.update(self.unique_problems(instance, errors))
        try:
            instance.full_clean(
                exclude=list(errors), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


CENT = Decimal("0.01")


def _two_places(value):
    if value is None:
        return ""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class _ReportResource(ExportOnlyResource):
    """An export of one pavilion (``pavilion=...``) or of every pavilion. A queryset handed to
    :meth:`export` (the admin's selection or filters) only chooses the rows: they are read
    again through :meth:`get_queryset`, with its annotations and related objects."""

    def __init__(self, pavilion=None, **kwargs):
        super().__init__(**kwargs)
        self.pavilion = pavilion

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        rows = self.rows()
        if self.pavilion is not None:
            rows = rows.filter(**{self.pavilion_lookup: self.pavilion})
        return rows

    def export(self, queryset=None, **kwargs):
        rows = self.get_queryset()
        if queryset is not None:
            chosen = (
                queryset.values("pk")
                if hasattr(queryset, "values")
                else [obj.pk for obj in queryset]
            )
            rows = rows.filter(pk__in=chosen)
        return super().export(rows, **kwargs)


class ApplicationScoreResource(_ReportResource):
    """The ranking as a spreadsheet: one row per reviewable application, best first within
    each pavilion, with its score (mean of the submitted reviews' totals), number of reviews
    and spread, computed in the database. One query whatever the number of rows."""

    pavilion_lookup = "pavilion"

    event = fields.Field(attribute="pavilion__event__slug", column_name=gettext_lazy("event"))
    pavilion_slug = fields.Field(attribute="pavilion__slug", column_name=gettext_lazy("pavilion"))
    registration_number = fields.Field(
        attribute="company__registration_number",
        column_name=gettext_lazy("business registration number"),
        widget=RegistrationNumberWidget(),
    )
    name_ko = fields.Field(attribute="company__name_ko", column_name=gettext_lazy("name (Korean)"))
    name_en = fields.Field(attribute="company__name_en", column_name=gettext_lazy("name (English)"))
    status = fields.Field(attribute="get_status_display", column_name=gettext_lazy("status"))
    decision = fields.Field(
        attribute="get_decision_display", column_name=gettext_lazy("pending decision")
    )
    theme = fields.Field(column_name=gettext_lazy("exhibition theme"))
    score = fields.Field(column_name=gettext_lazy("score (0-100)"))
    review_count = fields.Field(
        attribute="review_count",
        column_name=gettext_lazy("number of reviews"),
        widget=widgets.IntegerWidget(),
    )
    spread = fields.Field(column_name=gettext_lazy("spread between reviewers"))
    submitted_at = fields.Field(
        attribute="submitted_at",
        column_name=gettext_lazy("submitted"),
        widget=widgets.DateTimeWidget(),
    )

    class Meta:
        model = Application
        fields = [
            "event",
            "pavilion_slug",
            "registration_number",
            "name_ko",
            "name_en",
            "status",
            "decision",
            "theme",
            "score",
            "review_count",
            "spread",
            "submitted_at",
        ]
        export_order = fields
        chunk_size = 2000

    def rows(self):
        ranked = Application.objects.reviewable().ranked()
        return ranked.select_related("pavilion__event", "company", "theme").order_by(
            "-pavilion__event__starts_on", "pavilion__slug", *ranked.query.order_by
        )

    def dehydrate_theme(self, application):
        return application.theme.name if application.theme else ""

    def dehydrate_score(self, application):
        return _two_places(application.score)

    def dehydrate_spread(self, application):
        return _two_places(application.spread)


class ReviewResource(_ReportResource):
    """Every submitted review: who reviewed which company when, the total, each criterion's
    score ("Innovation 8/10; Export readiness 7/10") and the comment. Two queries per chunk of
    rows (the reviews, then their scores with the criteria)."""

    pavilion_lookup = "application__pavilion"

    event = fields.Field(
        attribute="application__pavilion__event__slug", column_name=gettext_lazy("event")
    )
    pavilion_slug = fields.Field(
        attribute="application__pavilion__slug", column_name=gettext_lazy("pavilion")
    )
    registration_number = fields.Field(
        attribute="application__company__registration_number",
        column_name=gettext_lazy("business registration number"),
        widget=RegistrationNumberWidget(),
    )
    company = fields.Field(
        attribute="application__company__name", column_name=gettext_lazy("company")
    )
    reviewer = fields.Field(attribute="reviewer__email", column_name=gettext_lazy("reviewer"))
    submitted_at = fields.Field(
        attribute="submitted_at",
        column_name=gettext_lazy("submitted"),
        widget=widgets.DateTimeWidget(),
    )
    total = fields.Field(column_name=gettext_lazy("score (0-100)"))
    scores = fields.Field(column_name=gettext_lazy("scores"))
    comment = fields.Field(attribute="comment", column_name=gettext_lazy("comment"))

    class Meta:
        model = Review
        fields = [
            "event",
            "pavilion_slug",
            "registration_number",
            "company",
            "reviewer",
            "submitted_at",
            "total",
            "scores",
            "comment",
        ]
        export_order = fields
        chunk_size = 2000

    def rows(self):
        scores = Score.objects.select_related("criterion").order_by(
            "criterion__position", "criterion__pk"
        )
        return (
            Review.objects.submitted()
            .select_related("application__pavilion__event", "application__company", "reviewer")
            .prefetch_related(Prefetch("scores", queryset=scores))
            .order_by(
                "-application__pavilion__event__starts_on",
                "application__pavilion__slug",
                "application__company__name_ko",
                "submitted_at",
                "pk",
            )
        )

    def dehydrate_total(self, review):
        return _two_places(review.total)

    def dehydrate_scores(self, review):
        return "; ".join(
            f"{score.criterion.name} {score.value}/{score.criterion.scale_max}"
            for score in review.scores.all()
        )


# The booth layout -------------------------------------------------------------------------------

#: The pavilion a booth row belongs to when the file does not say and its event has several.
DEFAULT_PAVILION = "seoul"


def _cell_text(value):
    """A cell as text: Excel's 12.0 as "12", None as ""."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class PavilionWidget(widgets.Widget):
    """The ``event`` column (the event's slug), with the ``pavilion`` column (the pavilion's
    slug) when the event has several pavilions: without it, the event's only pavilion, or its
    "seoul" pavilion. Each pavilion is looked up once per import."""

    def __init__(self):
        super().__init__(coerce_to_string=True)
        self._found = {}

    def clean(self, value, row=None, **kwargs):
        event = _cell_text(value)
        if not event:
            raise ValueError(_("The event is required: its slug, e.g. scewc-2024."))
        slug = _cell_text((row or {}).get(BoothResource.PAVILION_COLUMN))
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
        return _cell_text(value)


def holder_label(exhibitor):
    """How a spreadsheet names a booth's holder: the registration number (220-81-34568), or
    the name of a district without one."""
    company = exhibitor.company
    return company.registration_number_display or company.name_ko


class BoothResource(PortalModelResource):
    """The booth layout of one or more pavilions, keyed on the event (and pavilion) and the
    booth's code: importing a file again moves the booths it names instead of adding them
    twice.

    Every row is checked by the booth service, as the admin's form is: inside the floor, no
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

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._holders = {}  # pavilion id -> (by registration number, districts by name)

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
        booths.pavilions_lock(pavilion_ids)

    def import_instance(self, instance, row, **kwargs):
        """The columns, then the holder, which is looked up in the row's pavilion."""
        instance._holder_before = instance.holder_id
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "holder" in row and "pavilion" not in errors:
            try:
                instance.holder = self._exhibitor(instance.pavilion, _cell_text(row["holder"]))
            except ValueError as error:
                errors["holder"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

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

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, and the booth service's floor and holder rules against the
        floor as it stands, with the rows of this file saved so far."""
        errors = dict(import_validation_errors or {})
        geometry = ("x", "y", "width", "depth")
        if (
            not errors.keys() & {"pavilion", *geometry}
            and instance.pavilion_id
            and all(getattr(instance, name) is not None for name in geometry)
        ):
            # The file says who stands in the booth: whoever stood there before gives way.
            holder = None if "holder" in errors else instance.holder
            candidate = Booth(
                pk=instance.pk,
                pavilion=instance.pavilion,
                code=instance.code,
                kind=instance.kind,
                x=instance.x,
                y=instance.y,
                width=instance.width,
                depth=instance.depth,
                held_for_id=instance.held_for_id,
                hold_expires_at=instance.hold_expires_at,
            )
            problems = booths.booth_problems(candidate, holder=holder)
            for name, message in problems.items():
                errors.setdefault(name, []).append(ValidationError(message))
        super().validate_instance(instance, errors, validate_unique=validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.holder_id != getattr(instance, "_holder_before", None):
            instance.placed_by_hand = instance.holder_id is not None
        if instance.holder_id:
            instance.held_for = None
            instance.hold_expires_at = None

    # Export -------------------------------------------------------------------------------

    def get_queryset(self):
        return Booth.objects.select_related("pavilion__event", "holder__company").order_by(
            "-pavilion__event__starts_on", "pavilion__event__slug", "pavilion__slug", "code"
        )

    def dehydrate_pavilion_slug(self, booth):
        return booth.pavilion.slug

    def dehydrate_holder(self, booth):
        return holder_label(booth.holder) if booth.holder_id else ""


# The consultation log ----------------------------------------------------------------------------


def _name_key(text):
    return " ".join(str(text).split()).casefold()


class CountryWidget(widgets.CharWidget):
    """A country as an ISO 3166 code (ES, ESP), or its English (Spain) or Korean (스페인) name,
    also the older and official names django-countries knows. The lookup is built once per
    process, in both languages."""

    _names = None

    @classmethod
    def names(cls):
        if cls._names is None:
            names = {}
            for language in ("en", "ko"):
                with translation.override(language):
                    for code, name in countries:
                        names.setdefault(_name_key(name), code)
                    for code, others in countries.shadowed_names.items():
                        for name in others:
                            names.setdefault(_name_key(name), code)
            for code in countries.countries:
                names[code.casefold()] = code
                names.setdefault(countries.alpha3(code).casefold(), code)
            cls._names = names
        return cls._names

    def clean(self, value, row=None, **kwargs):
        text = _cell_text(value)
        if not text:
            raise ValueError(_("The buyer's country is required."))
        code = self.names().get(_name_key(text))
        if code is None:
            raise ValueError(
                _(
                    "“%(value)s” is not a country: give its ISO code (ES) or its name (Spain, 스페인)."
                )
                % {"value": text}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(value or "")


#: Dates as people type them in Korean and international spreadsheets.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y.%m.%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


def _serial(number):
    """Whether a number is one of Excel's serial day numbers (1900-01-01 to 9999-12-31)."""
    return 1 <= number < 2_958_466


class SpreadsheetDateWidget(widgets.DateWidget):
    """A date cell: an Excel date (a real date cell, or its serial number), or text written
    2024-11-05, 2024.11.05, "2024. 11. 5." (Korean Excel), 2024/11/05 or 20241105."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and _serial(value):
            return from_excel(value).date()
        text = _cell_text(value)
        if not text:
            return None
        if text.isdigit() and len(text) <= 5 and _serial(int(text)):
            return from_excel(int(text)).date()
        compact = text.replace(". ", ".").rstrip(".")
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(compact, date_format).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date: write it as 2024-11-05.") % {"value": text})


def _report_key(slug, holder):
    """Rows naming the same exhibitor of the same event, however its number or name is typed,
    share one report lookup."""
    return (slug, registration.normalize(holder) if holder[:1].isdigit() else _name_key(holder))


def _names_holder(exhibitor, text):
    """Whether a row's ``registration_number`` cell names this exhibitor: its registration
    number (with or without dashes) or, for a district, its Korean or English name."""
    company = exhibitor.company
    if company.registration_number and registration.normalize(text) == company.registration_number:
        return True
    return exhibitor.role == ExhibitorRole.CO_EXHIBITOR and _name_key(text) in {
        _name_key(company.name_ko),
        _name_key(company.name_en),
    }


def _loose_key(text):
    """A code or label however spaced or joined: "협상중" is "협상 중", "end customer" is
    "end_customer"."""
    return "".join(_LOOSE_SEPARATORS.split(str(text))).casefold()


_LOOSE_SEPARATORS = re.compile(r"[\s_\-]+")


class LabelChoiceWidget(ChoiceWidget):
    """A coded column of the consultation log: the code or its label in English or Korean,
    give or take spaces, underscores and hyphens (people write "협상중" for "협상 중")."""

    def codes(self):
        if self._codes is None:
            codes = dict(super().codes())
            for key, code in list(codes.items()):
                codes.setdefault(_loose_key(key), code)
            self._codes = codes
        return self._codes

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return super().clean(value, row=row, **kwargs)
        code = self.codes().get(_loose_key(text))
        if code is not None:
            return code
        raise ValueError(
            _("“%(value)s” is not one of: %(codes)s.")
            % {
                "value": text,
                "codes": ", ".join(f"{code} ({label})" for code, label in self.choices.choices),
            }
        )


class ConsultationResource(AuditedBulkWrites, PortalModelResource):
    """The consultation log of outcome reports, one consultation a row.

    ``event`` is the event's slug; ``registration_number`` the exhibitor's business
    registration number (220-81-34568 or 2208134568) or, for a district, its number or its
    name. Each row is added to that exhibitor's report, which is opened if needed; the
    report must be open (the expo has started) and still editable (draft or returned), so an
    approved report's rows cannot be changed by import. ``buyer_country`` takes an ISO code or
    an English or Korean name; ``buyer_type`` and ``stage`` a code or its label; amounts are
    decimals ≥ 0; dates lie in the expo and the year after it (``outcomes.date_problem``).

    Rows are always ADDED: a consultation has no natural key, so importing the same file
    twice adds its rows twice (the upload on the report page offers to replace the report's
    consultations instead: ``consultation_log_import(replace=True)``).

    ``ConsultationResource(report=...)`` (the upload on an exhibitor's report page) takes
    only rows of that report: the page says which report, so the file needs neither
    ``event`` nor ``registration_number`` (:attr:`UPLOAD_COLUMNS`); a file that has them
    still imports when they name this report, and a row naming another event or company is
    refused. Any bad row: nothing is written, and every bad row is reported with its row
    number, column and reason."""

    COLUMNS = [
        "event",
        "registration_number",
        "met_on",
        "buyer_organisation",
        "buyer_country",
        "buyer_type",
        "product",
        "amount_usd",
        "expected_contract_usd",
        "stage",
        "note",
    ]
    REQUIRED_COLUMNS = [
        "event",
        "registration_number",
        "met_on",
        "buyer_organisation",
        "buyer_country",
        "amount_usd",
    ]
    #: The columns of a report's own upload (and of its template): the report is the page's.
    UPLOAD_COLUMNS = COLUMNS[2:]
    UPLOAD_REQUIRED_COLUMNS = REQUIRED_COLUMNS[2:]

    event = fields.Field(column_name="event")
    registration_number = fields.Field(column_name="registration_number")
    met_on = fields.Field(attribute="met_on", column_name="met_on", widget=SpreadsheetDateWidget())
    buyer_country = fields.Field(
        attribute="buyer_country", column_name="buyer_country", widget=CountryWidget()
    )
    buyer_type = fields.Field(
        attribute="buyer_type",
        column_name="buyer_type",
        widget=LabelChoiceWidget(BuyerType, default=BuyerType.OTHER),
    )
    stage = fields.Field(
        attribute="stage",
        column_name="stage",
        widget=LabelChoiceWidget(ConsultationStage, default=ConsultationStage.CONSULTED),
    )

    class Meta(AllOrNothingResourceOptions):
        model = Consultation
        fields = [
            "event",
            "registration_number",
            "met_on",
            "buyer_organisation",
            "buyer_country",
            "buyer_type",
            "product",
            "amount_usd",
            "expected_contract_usd",
            "stage",
            "note",
        ]
        export_order = fields
        import_id_fields = []  # no natural key: every row is a new consultation
        skip_diff = True
        # Every row is checked one by one (its errors reported with row and column), then the
        # valid rows are written a batch at a time, each with its audit trail
        # (AuditedBulkWrites). Any bad row or failed batch rolls the import back.
        use_bulk = True
        batch_size = 1000

    def __init__(self, report=None, **kwargs):
        super().__init__(**kwargs)
        self.only_report = report
        self._found = {}  # (event slug, holder) -> report, or (column, message)
        self._refused = False

    # Import -------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Column names as written, give or take case and spaces; a file without one of the
        required columns is refused as a whole (and its rows are not read)."""
        dataset.headers = [_cell_text(header).casefold() for header in dataset.headers or []]
        super().before_import(dataset, **kwargs)
        required = (
            self.REQUIRED_COLUMNS if self.only_report is None else self.UPLOAD_REQUIRED_COLUMNS
        )
        missing = [column for column in required if column not in dataset.headers]
        if missing:
            self._refused = True
            raise ValueError(
                _("The file has no column %(columns)s (the first row must name the columns).")
                % {"columns": ", ".join(missing)}
            )
        if self.only_report is None:
            # The reports of every exhibitor the file names, in a few queries for the file.
            wanted = {}
            for values in dataset.dict:
                slug = _cell_text(values.get("event"))
                holder = _cell_text(values.get("registration_number"))
                if slug and holder:
                    wanted.setdefault(_report_key(slug, holder), (slug, holder))
            self._found.update(self._find_reports(wanted))

    def get_instance(self, instance_loader, row):
        return None  # rows are always added

    def import_row(self, row, instance_loader, **kwargs):
        """Blank rows (Excel keeps formatted empty rows at the end of a sheet) are skipped; so
        is every row of a file refused as a whole."""
        if self._refused or all(_cell_text(value) == "" for value in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """The columns, then the report the row goes into, then the date rule: every problem
        of the row is reported at once."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # On a report page every row must go into that report: its dates are checked against
        # it even when the row names another event or company.
        pavilion = self.only_report.exhibitor.pavilion if self.only_report else None
        try:
            instance.report = self._report(row)
            pavilion = instance.report.exhibitor.pavilion
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if pavilion is not None and "met_on" not in errors:
            problem = outcomes.date_problem(pavilion, instance.met_on)
            if problem:
                errors.setdefault("met_on", []).append(ValidationError(problem))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks (``full_clean``), without the report: a row whose report is
        unknown is reported against ``event`` or ``registration_number`` instead."""
        errors = dict(import_validation_errors or {})
        try:
            # Without the check constraint (amounts ≥ 0): Django would check it with a query
            # per row, and each amount field has the same rule as its own validator. Without
            # the country: CountryWidget only ever returns a known code, and Django's own check
            # walks all 250 choices per row (40% of an import's time, bench/RESULTS.md).
            instance.full_clean(
                exclude=[*errors, "report", "buyer_country"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _report(self, row):
        slug = _cell_text(row.get("event"))
        holder = _cell_text(row.get("registration_number"))
        if self.only_report is not None:
            return self._own_report(slug, holder)
        if not slug:
            raise ValidationError({"event": _("The event is required: its slug, e.g. scewc-2024.")})
        if not holder:
            raise ValidationError(
                {
                    "registration_number": _(
                        "The registration number is required: it identifies the row."
                    )
                }
            )
        key = _report_key(slug, holder)
        if key not in self._found:  # a row that before_import could not read as it is now
            self._found.update(self._find_reports({key: (slug, holder)}))
        found = self._found[key]
        if isinstance(found, tuple):
            raise ValidationError({found[0]: found[1]})
        return found

    def _own_report(self, slug, holder):
        """The upload on a report page: a row that names an event or an exhibitor (columns the
        upload may leave out, or cells left empty) must name that report's (no query per
        row)."""
        report = self.only_report
        exhibitor = report.exhibitor
        if slug and slug != exhibitor.pavilion.event.slug:
            raise ValidationError(
                {
                    "event": _("This report is for “%(expected)s”, not “%(event)s”.")
                    % {"expected": exhibitor.pavilion.event.slug, "event": slug}
                }
            )
        if holder and not _names_holder(exhibitor, holder):
            raise ValidationError(
                {
                    "registration_number": _("This row is not your company's: %(number)s.")
                    % {"number": holder}
                }
            )
        return report

    def _find_reports(self, wanted):
        """The report of each exhibitor that rows name, ``{key: (event slug, holder)}`` ->
        ``{key: report, or (column, message)}``: opened if needed, locked and checked to be
        editable. A few queries for the whole file (the pavilions, the exhibitors, their
        reports, the locks), plus one opening for each report not opened yet."""
        slugs = {slug for slug, _holder in wanted.values()}
        pavilions = list(Pavilion.objects.filter(event__slug__in=slugs).select_related("event"))
        numbers = {registration.normalize(holder) for _slug, holder in wanted.values()}
        by_number, by_name = {}, {}
        for exhibitor in (
            Exhibitor.objects.filter(
                Q(company__registration_number__in=[n for n in numbers if n.isdigit()])
                | Q(role=ExhibitorRole.CO_EXHIBITOR),
                pavilion__in=pavilions,
            )
            .select_related("pavilion__event", "company")
            .order_by("pavilion__slug", "pk")
        ):
            slug, company = exhibitor.pavilion.event.slug, exhibitor.company
            if company.registration_number:
                by_number.setdefault((slug, company.registration_number), []).append(exhibitor)
            if exhibitor.role == ExhibitorRole.CO_EXHIBITOR:
                for name in {_name_key(company.name_ko), _name_key(company.name_en)}:
                    by_name.setdefault((slug, name), []).append(exhibitor)
        events = {pavilion.event.slug for pavilion in pavilions}
        found, chosen = {}, {}
        for key, (slug, holder) in wanted.items():
            if slug not in events:
                found[key] = ("event", _("There is no event “%(event)s”.") % {"event": slug})
                continue
            number = registration.normalize(holder)
            named = by_number.get((slug, number), []) if number.isdigit() else []
            named += [e for e in by_name.get((slug, _name_key(holder)), []) if e not in named]
            if not named:
                found[key] = (
                    "registration_number",
                    _("No exhibitor with the registration number %(number)s at “%(event)s”.")
                    % {"number": registration.display(holder), "event": slug},
                )
            elif len(named) > 1:
                found[key] = (
                    "registration_number",
                    _(
                        "%(holder)s exhibits in several pavilions of “%(event)s”; import its "
                        "consultations from its report page."
                    )
                    % {"holder": holder, "event": slug},
                )
            else:
                problem = outcomes.open_problem(named[0])
                if problem:
                    found[key] = self._holder_problem(named[0], problem)
                else:
                    chosen[key] = named[0]
        reports = outcomes.reports_for(chosen.values())
        problems = outcomes.reports_lock_for_edit(reports.values())
        for key, exhibitor in chosen.items():
            report = reports[exhibitor.pk]
            problem = problems[report.pk]
            found[key] = self._holder_problem(exhibitor, problem) if problem else report
        return found

    @staticmethod
    def _holder_problem(exhibitor, problem):
        return (
            "registration_number",
            _("%(company)s: %(problem)s") % {"company": exhibitor.company, "problem": problem},
        )

    # Export -------------------------------------------------------------------------------

    def get_queryset(self):
        return Consultation.objects.select_related(
            "report__exhibitor__pavilion__event", "report__exhibitor__company"
        ).order_by("-report__exhibitor__pavilion__event__starts_on", "report", "met_on", "pk")

    def dehydrate_event(self, consultation):
        return consultation.report.exhibitor.pavilion.event.slug

    def dehydrate_registration_number(self, consultation):
        return holder_label(consultation.report.exhibitor)


def consultation_log_import(*, report, dataset, replace=False):
    """Import a consultation log into ``report`` only (the upload on its page): with
    ``replace``, its consultations are deleted first. One transaction under the report's row
    lock: the report must still be editable (``outcomes.ReportError`` otherwise), and any bad
    row leaves everything as it was. Returns (rows added, problems)."""
    resource = ConsultationResource(report=report)
    with transaction.atomic():
        outcomes.report_lock_for_edit(report)
        if replace:
            report.consultations.all().delete()
        result = resource.import_data(dataset)
        problems = import_problems(result, resource)
        if problems:
            transaction.set_rollback(True)
            return 0, problems
    return result.totals[RowResult.IMPORT_TYPE_NEW], []


#: The sheet of the consultation-log template that is read: the upload reads it by name, so a
#: workbook saved with another sheet open still imports its consultations.
CONSULTATION_SHEET = "consultations"


@dataclass(frozen=True)
class LogColumn:
    """One column of the consultation log, as the upload page and the template explain it."""

    name: str
    required: bool
    description: str
    #: Every accepted code with its label in the active language (coded columns only).
    values: tuple = ()


_COUNTRY_VALUES = {}  # language -> ((code, name), ...): django-countries' list is fixed


def _country_values():
    language = translation.get_language()
    if language not in _COUNTRY_VALUES:
        _COUNTRY_VALUES[language] = tuple((code, str(name)) for code, name in countries)
    return _COUNTRY_VALUES[language]


def consultation_log_guide(exhibitor=None):
    """The columns of the consultation log in the active language: whether each is required,
    what to write, and every accepted value of the coded columns (stage, buyer type, country).
    For ``exhibitor`` (the upload on its report page) without ``event`` and
    ``registration_number``, and with the report's dates."""
    if exhibitor is not None:
        first, last = outcomes.report_period(exhibitor.pavilion)
        dates = _("from %(first)s to %(last)s") % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
    else:
        dates = _("in the expo or the year after it")
    columns = []
    if exhibitor is None:
        columns += [
            LogColumn("event", True, _("The event's slug, e.g. scewc-2024.")),
            LogColumn(
                "registration_number",
                True,
                _(
                    "The exhibitor's business registration number (%(example)s or "
                    "%(digits)s), or a district's name."
                )
                % {
                    "example": registration.EXAMPLE,
                    "digits": registration.normalize(registration.EXAMPLE),
                },
            ),
        ]
    columns += [
        LogColumn(
            "met_on",
            True,
            _("The date of the meeting, %(dates)s: 2024-11-05, 2024.11.05 or an Excel date.")
            % {"dates": dates},
        ),
        LogColumn("buyer_organisation", True, _("The buyer's organisation.")),
        LogColumn(
            "buyer_country",
            True,
            _("The buyer's country: its ISO code (ES or ESP) or its name in English or Korean."),
            _country_values(),
        ),
        LogColumn(
            "buyer_type",
            False,
            _("The code or its label, in English or Korean; empty means “%(default)s”.")
            % {"default": BuyerType.OTHER.label},
            tuple((code, str(label)) for code, label in BuyerType.choices),
        ),
        LogColumn("product", False, _("The product or solution discussed.")),
        LogColumn(
            "amount_usd",
            True,
            _("The consultation amount in US dollars, a plain number: 120000 or 1234.50."),
        ),
        LogColumn(
            "expected_contract_usd",
            False,
            _("The expected contract amount in US dollars; empty means 0."),
        ),
        LogColumn(
            "stage",
            False,
            _("The code or its label, in English or Korean; empty means “%(default)s”.")
            % {"default": ConsultationStage.CONSULTED.label},
            tuple((code, str(label)) for code, label in ConsultationStage.choices),
        ),
        LogColumn("note", False, _("Anything else, at most 500 characters.")),
    ]
    return columns


def consultation_template(exhibitor=None):
    """The consultation-log template as XLSX bytes, in the active language. Its first sheet,
    "consultations", holds only the column names: uploaded unchanged it adds nothing. The
    instructions, every accepted value and an example row are on a second sheet, which the
    upload never reads. Made out for ``exhibitor`` (the upload on its report page: no event or
    registration number columns, its report's dates), or for staff (every column)."""
    guide = consultation_log_guide(exhibitor)
    book = Workbook()
    sheet = book.active
    sheet.title = CONSULTATION_SHEET
    sheet.append([column.name for column in guide])
    widths = {"met_on": 12, "buyer_organisation": 28, "product": 24, "note": 30}
    for index, column in enumerate(guide, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(column.name, 20)
    sheet.freeze_panes = "A2"

    help_sheet = book.create_sheet(_("instructions")[:31])
    add = help_sheet.append
    add([_("How to fill in the consultation log")])
    add(
        [
            _(
                "Write one consultation a row on the sheet “%(sheet)s”, under its first row "
                "(the column names: leave them as they are). This sheet is never imported."
            )
            % {"sheet": CONSULTATION_SHEET}
        ]
    )
    add([])
    add([_("column"), _("required"), _("what to write")])
    for column in guide:
        add([column.name, _("yes") if column.required else _("no"), column.description])
    add([])
    add([_("An example row (for reading only: it is not imported)")])
    example = {
        "event": exhibitor.pavilion.event.slug if exhibitor else "scewc-2024",
        "registration_number": registration.EXAMPLE,
        "met_on": (exhibitor.pavilion.event.starts_on if exhibitor else datetime.date(2024, 11, 5)),
        "buyer_organisation": "Rhein Mobility GmbH",
        "buyer_country": "DE",
        "buyer_type": BuyerType.DISTRIBUTOR.value,
        "product": "Smart parking sensor",
        "amount_usd": Decimal("120000"),
        "expected_contract_usd": Decimal("40000"),
        "stage": ConsultationStage.NEGOTIATING.value,
        "note": "Samples requested",
    }
    add([column.name for column in guide])
    add([neutralise_formula(example[column.name]) for column in guide])
    for cell in help_sheet[help_sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
    for column in sorted((c for c in guide if c.values), key=lambda c: len(c.values)):
        if column.values:  # the short lists first, the countries last
            add([])
            add([_("Accepted values of %(column)s") % {"column": column.name}])
            add([_("code"), _("label")])
            for code, label in column.values:
                add([code, label])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 24
    help_sheet.column_dimensions["C"].width = 90
    book.active = 0  # the workbook opens on the sheet to fill in
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

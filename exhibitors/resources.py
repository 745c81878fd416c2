"""Spreadsheets of the exhibitors app (django-import-export resources)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from events.models import Pavilion
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    ChoiceWidget,
    ExportOnlyResource,
    PortalModelResource,
    neutralise_formula,
)

from . import booths, outcomes, registration
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
    """Reads 1234567890 or 123-45-67890 (or a number Excel turned into an integer); writes
    123-45-67890. The number is the row's key, so an import cannot do without it (district
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


class CompanyResource(PortalModelResource):
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

    class Meta(AllOrNothingResourceOptions):
        model = Company
        import_id_fields = ["registration_number"]
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
    """How a spreadsheet names a booth's holder: the registration number (123-45-67890), or
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

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_pavilion_slug(self, booth):
        return booth.pavilion.slug

    def dehydrate_holder(self, booth):
        return holder_label(booth.holder) if booth.holder_id else ""


class CountryWidget(widgets.CharWidget):
    """A country as an ISO 3166 code (ES), or its English (Spain) or Korean (스페인) name."""

    _names = None

    @classmethod
    def names(cls):
        if cls._names is None:
            from django.utils import translation
            from django_countries import countries

            names = {}
            for code, _name in countries:
                names[code.casefold()] = code
                for language in ("en", "ko"):
                    with translation.override(language):
                        names[str(countries.name(code)).casefold()] = code
            cls._names = names
        return cls._names

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("The buyer's country is required."))
        code = self.names().get(text.casefold())
        if code is None:
            raise ValueError(
                _(
                    "“%(value)s” is not a country: give its ISO code (ES) or its name (Spain, 스페인)."
                )
                % {"value": text}
            )
        return code


class ConsultationResource(PortalModelResource):
    """The consultation log of outcome reports. Each row names its exhibitor by the event's
    slug and the company's registration number and is added to that exhibitor's report
    (opened if needed); a report that is submitted or approved refuses new rows. Uploaded
    from an exhibitor's report page, the rows must all be the exhibitor's own
    (``ConsultationResource(report=...)``). Every upload adds rows; nothing is matched."""

    event = fields.Field(column_name="event", attribute=None)
    registration_number = fields.Field(column_name="registration_number", attribute=None)
    buyer_country = fields.Field(
        attribute="buyer_country", column_name="buyer_country", widget=CountryWidget()
    )
    buyer_type = fields.Field(
        attribute="buyer_type",
        column_name="buyer_type",
        widget=ChoiceWidget(BuyerType, default=BuyerType.OTHER),
    )
    stage = fields.Field(
        attribute="stage",
        column_name="stage",
        widget=ChoiceWidget(ConsultationStage, default=ConsultationStage.CONSULTED),
    )

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
        import_id_fields = []

    def __init__(self, report=None, **kwargs):
        super().__init__(**kwargs)
        self.only_report = report
        self._reports = {}

    def _key_fields(self):
        return []  # rows are always added

    def get_instance(self, instance_loader, row):
        return None

    def _report(self, row):
        slug = str(row.get("event") or "").strip()
        number = registration.normalize(row.get("registration_number"))
        key = (slug, number)
        if key not in self._reports:
            exhibitor = (
                Exhibitor.objects.select_related("pavilion__event", "company")
                .filter(pavilion__event__slug=slug, company__registration_number=number)
                .first()
            )
            self._reports[key] = outcomes.report_for(exhibitor) if exhibitor else None
        report = self._reports[key]
        if report is None:
            raise ValidationError(
                {
                    "registration_number": _(
                        "No exhibitor with the registration number %(number)s at “%(event)s”."
                    )
                    % {"number": registration.display(number) or "—", "event": slug or "—"}
                }
            )
        if self.only_report is not None and report.pk != self.only_report.pk:
            raise ValidationError(
                {
                    "registration_number": _("This row is not your company's: %(number)s.")
                    % {"number": registration.display(number)}
                }
            )
        if not outcomes.can_edit(report):
            raise ValidationError(
                {
                    "registration_number": _(
                        "The report of %(company)s is %(status)s: no rows can be added."
                    )
                    % {
                        "company": report.exhibitor.company,
                        "status": report.get_status_display().lower(),
                    }
                }
            )
        return report

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.report = self._report(row)
        problem = outcomes.date_problem(instance.report.exhibitor.pavilion, instance.met_on)
        if problem:
            raise ValidationError({"met_on": problem})

    def dehydrate_event(self, consultation):
        return consultation.report.exhibitor.pavilion.event.slug

    def dehydrate_registration_number(self, consultation):
        return registration.display(consultation.report.exhibitor.company.registration_number)


def consultation_template():
    """The upload template: the header row and one example row, as XLSX bytes."""
    import tablib

    data = tablib.Dataset(headers=ConsultationResource.COLUMNS)
    data.append(
        [
            "scewc-2024",
            "123-45-67890",
            "2024-11-05",
            "Rhein Mobility GmbH",
            "DE",
            "distributor",
            "Smart parking sensor",
            "120000",
            "40000",
            "negotiating",
            "",
        ]
    )
    return data.export("xlsx")

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, widgets
from import_export.results import RowResult
from openpyxl import Workbook
from openpyxl.utils.datetime import from_excel

from events.models import Pavilion
from exhibitors.companies import registration
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.companies.resources import AuditedBulkWrites
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    CONSULTATION_COLUMNS,
    CONSULTATION_FIELDS,
    CONSULTATION_REQUIRED_FIELDS,
    BuyerType,
    Consultation,
    ConsultationSource,
    ConsultationStage,
)
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    ChoiceWidget,
    PortalModelResource,
    cell_text,
    import_problems,
    neutralise_formula,
)


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
        text = cell_text(value)
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
        text = cell_text(value)
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


def _match_key(met_on, organisation, country):
    """What makes a spreadsheet row the same consultation as a row from the expo: the date,
    the buyer's organisation (whatever its case and spaces) and its country."""
    return (met_on, "".join(str(organisation).split()).casefold(), str(country))


#: The sources of the rows made at the expo, which a spreadsheet row of the same buyer on the
#: same day updates instead of adding a second consultation.
EXPO_SOURCES = (ConsultationSource.MEETING, ConsultationSource.BOOTH)
#: What such a spreadsheet row writes into the row it matches (``ConsultationResource``).
MATCH_UPDATE_FIELDS = [
    "amount_usd",
    "expected_contract_usd",
    "stage",
    "product",
    "note",
    "needs_confirmation",
]


@dataclass(frozen=True)
class LogMatch:
    """A spreadsheet row that was already in the report as a meeting or a booth log: it updated
    that row's amounts instead of adding a consultation. Reads as a sentence in the active
    language."""

    row: int
    source: str
    buyer: str
    met_on: datetime.date

    def __str__(self):
        values = {"row": self.row, "buyer": self.buyer, "date": self.met_on.isoformat()}
        if self.source == ConsultationSource.MEETING:
            return (
                _(
                    "Row %(row)s matches the meeting with %(buyer)s on %(date)s: its amounts "
                    "were updated, no new consultation."
                )
                % values
            )
        return (
            _(
                "Row %(row)s matches the consultation logged at the booth with %(buyer)s on "
                "%(date)s: its amounts were updated, no new consultation."
            )
            % values
        )


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
    decimals ≥ 0; dates lie in the expo and the year after it (``services.report_date_refusals``).

    Rows are ADDED (marked as from a spreadsheet): a consultation has no natural key, so
    importing the same file twice adds its rows twice (the upload on the report page offers to
    replace the report's consultations instead: ``consultation_log_import(replace=True)``).
    Except for the rows made at the expo (a meeting held, a booth log: ``EXPO_SOURCES``): a
    row with the same date, buyer organisation (whatever its case and spaces) and country as
    one of those updates it instead (its amounts, its stage if given, its product and note if
    it had none) and confirms it, so that nothing is counted twice; each such row is in
    :attr:`matches` (:class:`LogMatch`) and counts as an update in the import's result.

    ``ConsultationResource(report=...)`` (the upload on an exhibitor's report page) takes
    only rows of that report: the page says which report, so the file needs neither
    ``event`` nor ``registration_number`` (:attr:`UPLOAD_COLUMNS`); a file that has them
    still imports when they name this report, and a row naming another event or company is
    refused. Any bad row: nothing is written, and every bad row is reported with its row
    number, column and reason."""

    #: The columns of a staff import: which report (event and holder), then the consultation's
    #: own (``CONSULTATION_COLUMNS``).
    COLUMNS = ["event", "registration_number", *CONSULTATION_FIELDS]
    REQUIRED_COLUMNS = ["event", "registration_number", *CONSULTATION_REQUIRED_FIELDS]
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
        fields = ["event", "registration_number", *CONSULTATION_FIELDS]
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
        self._expo_rows = {}  # report id -> {match key: [its rows from the expo, unmatched]}
        self._matched_numbers = set()  # the numbers of the rows that matched one
        #: The rows that matched a row from the expo (:class:`LogMatch`), in row order.
        self.matches = []

    # Import -------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Column names as written, give or take case and spaces; a file without one of the
        required columns is refused as a whole (and its rows are not read)."""
        dataset.headers = [cell_text(header).casefold() for header in dataset.headers or []]
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
                slug = cell_text(values.get("event"))
                holder = cell_text(values.get("registration_number"))
                if slug and holder:
                    wanted.setdefault(_report_key(slug, holder), (slug, holder))
            self._found.update(self._find_reports(wanted))
            self._load_expo_rows(f for f in self._found.values() if not isinstance(f, tuple))
        else:
            self._load_expo_rows([self.only_report])

    def _load_expo_rows(self, reports):
        """The rows from the expo of ``reports`` (those not read yet), by match key: one query."""
        ids = {report.pk for report in reports} - set(self._expo_rows)
        if not ids:
            return
        for report_id in ids:
            self._expo_rows[report_id] = {}
        for row in Consultation.objects.filter(report_id__in=ids, source__in=EXPO_SOURCES).order_by(
            "met_on", "pk"
        ):
            key = _match_key(row.met_on, row.buyer_organisation, row.buyer_country)
            self._expo_rows[row.report_id].setdefault(key, []).append(row)

    def _expo_match(self, instance):
        """The first unmatched row from the expo that ``instance`` repeats, taken, or None."""
        self._load_expo_rows([instance.report])
        rows = self._expo_rows[instance.report.pk].get(
            _match_key(instance.met_on, instance.buyer_organisation, instance.buyer_country)
        )
        return rows.pop(0) if rows else None

    def get_instance(self, instance_loader, row):
        return None  # rows are always added

    def import_row(self, row, instance_loader, **kwargs):
        """Blank rows (Excel keeps formatted empty rows at the end of a sheet) are skipped; so
        is every row of a file refused as a whole."""
        if self._refused or all(cell_text(value) == "" for value in row.values()):
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
            problem = outcomes.report_date_refusals(pavilion, instance.met_on)
            if problem:
                errors.setdefault("met_on", []).append(ValidationError(problem))
        if errors:
            raise ValidationError(errors)
        instance.source = ConsultationSource.SPREADSHEET
        instance.matched = self._expo_match(instance)

    def save_instance(self, instance, is_create, row, **kwargs):
        """A new row, or, if it repeats a row from the expo, that row updated and confirmed."""
        matched = getattr(instance, "matched", None)
        if matched is None:
            return super().save_instance(instance, is_create, row, **kwargs)
        matched.amount_usd = instance.amount_usd
        matched.expected_contract_usd = instance.expected_contract_usd
        if cell_text(row.get("stage")):
            matched.stage = instance.stage
        if instance.product and not matched.product:
            matched.product = instance.product
        if instance.note and not matched.note:
            matched.note = instance.note
        matched.needs_confirmation = False
        number = kwargs["row_number"]
        self._matched_numbers.add(number)
        self.matches.append(
            LogMatch(number + 1, matched.source, matched.buyer_organisation, matched.met_on)
        )
        return super().save_instance(matched, False, row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if kwargs.get("row_number") in self._matched_numbers:
            row_result.import_type = RowResult.IMPORT_TYPE_UPDATE

    def get_bulk_update_fields(self):
        """Only a row from the expo is ever updated, with :data:`MATCH_UPDATE_FIELDS`."""
        return MATCH_UPDATE_FIELDS

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
        slug = cell_text(row.get("event"))
        holder = cell_text(row.get("registration_number"))
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
                problem = outcomes.report_open_refusals(named[0])
                if problem:
                    found[key] = self._holder_problem(named[0], problem)
                else:
                    chosen[key] = named[0]
        reports = outcomes.reports_get_or_create(chosen.values())
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
        return consultation.report.exhibitor.spreadsheet_label()


class LogImport(NamedTuple):
    """What an upload of a consultation log did: the consultations ``added``, the rows that
    updated a row from the expo instead (``matches``, :class:`LogMatch`), or, if any row was
    bad, its ``problems`` (and nothing written)."""

    added: int
    problems: list
    matches: list


def consultation_log_import(*, report, dataset, replace=False) -> LogImport:
    """Import a consultation log into ``report`` only (the upload on its page): with
    ``replace``, its consultations are deleted first, except the rows made at the expo
    (meetings, booth logs), which the file's rows then update (:class:`ConsultationResource`).
    One transaction under the report's row lock: the report must still be editable
    (``services.ReportRefused`` otherwise), and any bad row leaves everything as it was."""
    resource = ConsultationResource(report=report)
    with transaction.atomic():
        outcomes.report_lock_for_edit(report)
        if replace:
            report.consultations.exclude(source__in=EXPO_SOURCES).delete()
        result = resource.import_data(dataset)
        problems = import_problems(result, resource)
        if problems:
            transaction.set_rollback(True)
            return LogImport(0, problems, [])
    return LogImport(result.totals[RowResult.IMPORT_TYPE_NEW], [], resource.matches)


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
    # What to write in each of the consultation's own columns; which they are, their order
    # and whether each is required come from ``CONSULTATION_COLUMNS``.
    explained = {
        "met_on": (
            _("The date of the meeting, %(dates)s: 2024-11-05, 2024.11.05 or an Excel date.")
            % {"dates": dates},
        ),
        "buyer_organisation": (_("The buyer's organisation."),),
        "buyer_country": (
            _("The buyer's country: its ISO code (ES or ESP) or its name in English or Korean."),
            _country_values(),
        ),
        "buyer_type": (
            _("The code or its label, in English or Korean; empty means “%(default)s”.")
            % {"default": BuyerType.OTHER.label},
            tuple((code, str(label)) for code, label in BuyerType.choices),
        ),
        "product": (_("The product or solution discussed."),),
        "amount_usd": (
            _("The consultation amount in US dollars, a plain number: 120000 or 1234.50."),
        ),
        "expected_contract_usd": (_("The expected contract amount in US dollars; empty means 0."),),
        "stage": (
            _("The code or its label, in English or Korean; empty means “%(default)s”.")
            % {"default": ConsultationStage.CONSULTED.label},
            tuple((code, str(label)) for code, label in ConsultationStage.choices),
        ),
        "note": (_("Anything else, at most 500 characters."),),
    }
    columns += [
        LogColumn(name, required, *explained[name]) for name, required in CONSULTATION_COLUMNS
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

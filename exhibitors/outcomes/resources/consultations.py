"""The consultation log's import and export (:class:`ConsultationResource`), and its import
into one report (:func:`consultation_log_import`). A row repeating a consultation made at the
expo (a meeting held, a booth log) updates that row instead of adding one (:class:`LogMatch`)."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields
from import_export.results import RowResult

from exhibitors.companies.resources import AuditedBulkWrites
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    CONSULTATION_FIELDS,
    CONSULTATION_REQUIRED_FIELDS,
    BuyerType,
    Consultation,
    ConsultationSource,
    ConsultationStage,
)
from exhibitors.outcomes.resources.matches import EXPO_SOURCES, ExpoMatches
from exhibitors.outcomes.resources.reports import ReportRows
from exhibitors.outcomes.resources.widgets import (
    CountryWidget,
    LabelChoiceWidget,
    SpreadsheetDateWidget,
)
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    PortalModelResource,
    cell_text,
    import_problems,
)


class ConsultationResource(ExpoMatches, ReportRows, AuditedBulkWrites, PortalModelResource):
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
            self._find_file_reports(dataset)
            self._load_expo_rows(f for f in self._found.values() if not isinstance(f, tuple))
        else:
            self._load_expo_rows([self.only_report])

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

    # Export -------------------------------------------------------------------------------

    def get_queryset(self):
        return Consultation.objects.select_related(
            "report__exhibitor__pavilion__event", "report__exhibitor__company"
        ).order_by("-report__exhibitor__pavilion__event__starts_on", "report", "met_on", "pk")


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

"""Spreadsheets in and out, as Korean offices save them.

Korean Excel saves "CSV" in CP949 and "CSV UTF-8" with a byte-order mark; both must import.
Every import is all-or-nothing: a resource using :class:`AllOrNothingResourceOptions` rolls
back the whole file when any row is invalid, and :func:`import_problems` lists each bad row
with its spreadsheet row number (the header is row 1), its column and the reason.
"""

import re
from dataclasses import dataclass

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats

#: Encodings tried in order: UTF-8 (with or without BOM), then Korean Windows (CP949, a
#: superset of EUC-KR).
TEXT_ENCODINGS = ("utf-8-sig", "cp949")


class UndecodableFile(ValueError):
    pass


def decode_text(data):
    """Decode the bytes of a text spreadsheet saved by Korean or international software."""
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableFile(_("The file is neither UTF-8 nor CP949 (Korean Excel) text."))


class KoreanCSV(base_formats.CSV):
    """CSV import that reads UTF-8 with or without BOM and CP949 alike."""

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        # Read as bytes, so that the encoding is detected here and not assumed upstream.
        return True

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream)
        return tablib.import_set(in_stream.removeprefix("\ufeff"), format="csv", **kwargs)

    def can_export(self):
        return False


class ExcelCSV(base_formats.CSV):
    """CSV export with a byte-order mark, so that Korean Excel opens it as UTF-8."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)

    def can_import(self):
        return False


IMPORT_FORMATS = [KoreanCSV, base_formats.XLSX]
EXPORT_FORMATS = [base_formats.XLSX, ExcelCSV]


def guess_format(file_name):
    """The import format for a file name, or None."""
    name = file_name.lower()
    if name.endswith(".csv"):
        return KoreanCSV()
    if name.endswith(".xlsx"):
        return base_formats.XLSX()
    return None


class AllOrNothingResourceOptions:
    """Meta options that make an import resource validate every model instance (``full_clean``)
    before it is saved. Use as a base of a resource's ``Meta``; :class:`PortalModelResource`
    adds the rollback of the whole file."""

    use_transactions = True
    clean_model_instances = True


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # spreadsheet row, the header being row 1; None for the whole file
    column: str  # column name, or "" when the problem is not about one column
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


def _first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def import_problems(result, resource=None):
    """Every problem of an import result, in row order, as :class:`ImportProblem`.

    ``result.invalid_rows`` carries validation errors by field; ``row_errors()`` carries the
    errors raised while importing a row; ``base_errors`` those about the whole file.
    """
    columns = {}
    if resource is not None:
        for field in resource.get_import_fields():
            if field.attribute:
                columns[field.attribute] = field.column_name
    problems = [ImportProblem(None, "", _first_line(e.error)) for e in result.base_errors]
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            column = "" if field == NON_FIELD_ERRORS else columns.get(field, field)
            for message in messages:
                problems.append(ImportProblem(invalid.number + 1, column, str(message)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(ImportProblem(number + 1, "", _first_line(error.error)))
    return sorted(problems, key=lambda p: (p.row or 0, p.column))


class ChoiceWidget(widgets.CharWidget):
    """A choice column that accepts the stored code or its label in Korean or English."""

    def __init__(self, choices, default=None, **kwargs):
        self.choices = choices
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(_("This column is required."))
        for code, label in self.choices.choices:
            with translation.override("en"):
                english = str(label)
            with translation.override("ko"):
                korean = str(label)
            if text.casefold() in {code.casefold(), english.casefold(), korean.casefold()}:
                return code
        raise ValueError(
            _("“%(value)s” is not one of: %(codes)s.")
            % {"value": text, "codes": ", ".join(self.choices.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class IntegerWidget(widgets.IntegerWidget):
    """An integer column whose bad values are reported as such, not as a Decimal trace."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from error


class DecimalWidget(widgets.DecimalWidget):
    """A decimal column whose bad values are reported as such, not as a Decimal trace."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from error


class PortalModelResource(resources.ModelResource):
    """Base of the portal's resources: number columns explain their errors, a bad key value is
    reported against its column, and a file without its key columns is refused at once."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DecimalField": DecimalWidget,
        "IntegerField": IntegerWidget,
        "PositiveIntegerField": IntegerWidget,
        "BigIntegerField": IntegerWidget,
        "PositiveBigIntegerField": IntegerWidget,
        "PositiveSmallIntegerField": IntegerWidget,
        "SmallIntegerField": IntegerWidget,
    }

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All or nothing, whoever calls: one transaction, rolled back on any invalid row."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = {str(h).strip() for h in (dataset.headers or [])}
        missing = [f.column_name for f in self._key_fields() if f.column_name not in headers]
        if missing:
            raise ValueError(
                _("The file has no column %(columns)s (the first row must name the columns).")
                % {"columns": ", ".join(missing)}
            )

    def _key_fields(self):
        return [self.fields[name] for name in self._meta.import_id_fields]

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            key = self._key_fields()[0]
            raise ValidationError({key.attribute: [str(error)]}) from error


#: What a spreadsheet program reads as the start of a formula (OWASP's CSV injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def neutralise_formula(value):
    """A text cell that Excel or LibreOffice would run as a formula, made plain text with a
    leading apostrophe; everything else (numbers, dates, ordinary text) unchanged.

    ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is not enough on its own: it strips only the
    first "=" (so "==1+1" still becomes a formula) and leaves "+", "-" and "@" alone, which
    Excel also runs when it opens a CSV file."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class ExportOnlyResource(resources.ModelResource):
    """Base of the reports that are exported but never imported: every text cell is safe from
    formula injection, and rows are read in chunks with their prefetched relations (a fixed
    number of queries per chunk, instead of the library's count and page-by-page OFFSET
    queries)."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def iter_queryset(self, queryset):
        if isinstance(queryset, QuerySet):
            queryset = queryset.iterator(chunk_size=self.get_chunk_size())
        yield from queryset

    def import_data(self, *args, **kwargs):
        raise ValueError(_("This spreadsheet is a report: it can be exported, not imported."))

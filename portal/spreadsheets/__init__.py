"""Spreadsheets in and out, as Korean offices save them.

Korean Excel saves "CSV" in CP949 and "CSV UTF-8" with a byte-order mark; both must import.
Every import is all-or-nothing: a resource using :class:`AllOrNothingResourceOptions` rolls
back the whole file when any row is invalid, and :func:`import_problems` lists each bad row
with its spreadsheet row number (the header is row 1), its column and the reason.
"""

import copy
import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import NOT_PROVIDED, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import RowResult

#: Encodings tried in order: UTF-8 (with or without BOM), then Korean Windows (CP949, a
#: superset of EUC-KR).
TEXT_ENCODINGS = ("utf-8-sig", "cp949")


class UndecodableFile(ValueError):
    pass


# Limits of every spreadsheet import (the admin's imports, the report page's upload and the
# `import` command): a file over one of them is refused before it is parsed, with a message
# that names the limit, and nothing is written.

#: The largest file, in bytes.
MAX_BYTES = 5 * 1024 * 1024
#: The most rows, not counting the header row.
MAX_ROWS = 20_000
#: The most columns.
MAX_COLUMNS = 100
#: The most bytes a workbook (a ZIP archive) may hold once uncompressed: a guard against a
#: "ZIP bomb", a small file that would fill the memory when opened.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024


class SpreadsheetTooLarge(ValueError):
    """A file over one of the limits above; the message says which."""


class UnreadableSpreadsheet(ValueError):
    """A file that is not the spreadsheet its name says."""


def _too_many_rows():
    return SpreadsheetTooLarge(
        _("The file has more than %(limit)s rows; upload at most %(limit)s at a time.")
        % {"limit": MAX_ROWS}
    )


def _too_many_columns():
    return SpreadsheetTooLarge(
        _("The file has more than %(limit)s columns; keep only the columns of the template.")
        % {"limit": MAX_COLUMNS}
    )


def check_size(data):
    """Refuse a file over :data:`MAX_BYTES`."""
    if len(data) > MAX_BYTES:
        raise SpreadsheetTooLarge(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_BYTES)}
        )


def read_csv(text):
    """A CSV text as a dataset (the first row names the columns), within the limits: rows
    are read one by one and the reading stops at the first row over a limit."""
    if text.count("\n") > MAX_ROWS + 1:  # refused before parsing: a million empty lines
        raise _too_many_rows()
    reader = csv.reader(io.StringIO(text))
    dataset = tablib.Dataset()
    try:
        for number, row in enumerate(reader):
            if len(row) > MAX_COLUMNS:
                raise _too_many_columns()
            if number == 0:
                dataset.headers = row
                continue
            if number > MAX_ROWS:
                raise _too_many_rows()
            width = len(dataset.headers)
            if any(cell.strip() for cell in row[width:]):
                raise UnreadableSpreadsheet(
                    _(
                        "Row %(row)s has more cells than the first row has column names: "
                        "is a comma missing its quotes?"
                    )
                    % {"row": number + 1}
                )
            dataset.append((row + [""] * width)[:width])
    except csv.Error as error:
        raise UnreadableSpreadsheet(
            _("The file could not be read as CSV (line %(line)s).") % {"line": reader.line_num}
        ) from error
    return dataset


_CELL_REFERENCE = re.compile(r"([A-Z]+)(\d+)")
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _check_workbook_archive(data):
    """Refuse a workbook that is not a ZIP archive, that would unpack to more than
    :data:`MAX_UNCOMPRESSED_BYTES`, or whose sheets have more rows or columns than allowed
    (read as a stream of XML elements, stopping at the first one over a limit; a cell far
    down or far right counts as all the empty rows or columns before it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnreadableSpreadsheet(
            _("The file is not what its name says: save it again as .xlsx or .csv.")
        ) from error
    with archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetTooLarge(
                _("The workbook unpacks to more than %(limit)s; it cannot be read.")
                % {"limit": filesizeformat(MAX_UNCOMPRESSED_BYTES)}
            )
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                with archive.open(member) as stream:
                    _check_sheet(stream)


def _check_sheet(stream):
    rows = 0
    cells = 0
    try:
        for _event, element in ElementTree.iterparse(stream, events=("end",)):
            if element.tag == f"{_SHEET_NS}c":
                cells += 1
                match = _CELL_REFERENCE.fullmatch(element.get("r") or "")
                column = openpyxl.utils.column_index_from_string(match[1]) if match else cells
                if column > MAX_COLUMNS or cells > MAX_COLUMNS:
                    raise _too_many_columns()
                element.clear()
            elif element.tag == f"{_SHEET_NS}row":
                rows += 1
                number = int(element.get("r") or rows)
                if max(rows, number) > MAX_ROWS + 1:
                    raise _too_many_rows()
                cells = 0
                element.clear()
    except (ElementTree.ParseError, ValueError) as error:
        if isinstance(error, SpreadsheetTooLarge):
            raise
        raise UnreadableSpreadsheet(_("The file could not be read as a spreadsheet.")) from error


def read_xlsx(data, sheet=None):
    """The sheet named ``sheet`` of an XLSX workbook (if it has one; else the sheet it opens
    on) as a dataset (the header row, then the rows), values not formulas, within the
    limits."""
    _check_workbook_archive(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook gets the same answer
        raise UnreadableSpreadsheet(_("The file could not be read as a spreadsheet.")) from error
    try:
        chosen = book[sheet] if sheet in book.sheetnames else book.active
        rows = chosen.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        headers = list(next(rows, ()))
        while headers and headers[-1] is None:  # blank cells right of the last column
            headers.pop()
        width = len(headers)
        dataset = tablib.Dataset(headers=headers)
        for values in itertools.islice(rows, MAX_ROWS + 1):
            cells = list(values[:width])  # cells right of the last column are not read
            dataset.append(cells + [None] * (width - len(cells)))
    finally:
        book.close()
    if len(dataset) > MAX_ROWS:
        raise _too_many_rows()
    return dataset


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
            check_size(in_stream)
            if b"\x00" in in_stream:  # a CSV file is text
                raise UnreadableSpreadsheet(
                    _("The file is not what its name says: save it again as .xlsx or .csv.")
                )
            in_stream = decode_text(in_stream)
        return read_csv(in_stream.removeprefix("\ufeff"))

    def can_export(self):
        return False


class ExcelCSV(base_formats.CSV):
    """CSV export with a byte-order mark, so that Korean Excel opens it as UTF-8."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)

    def can_import(self):
        return False


class SafeXLSX(base_formats.XLSX):
    """XLSX import within the limits (size, rows, columns, unpacked size)."""

    def create_dataset(self, in_stream, sheet=None, **kwargs):
        check_size(in_stream)
        return read_xlsx(in_stream, sheet=sheet)


IMPORT_FORMATS = [KoreanCSV, SafeXLSX]


class ExportFieldsForm(SelectableFieldsExportForm):
    """The export page's list of columns by their names in the page's language, with the
    column's header: "사업자등록번호 (registration_number)", not django-import-export's
    attribute name in title case ("Registration Number"), which no catalogue can translate.
    A column that is no model field is named by its resource's ``column_labels``."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        column = field.column_name if field else field_name
        label = getattr(resource, "column_labels", {}).get(column) or _verbose_name(
            resource._meta.model, field.attribute if field else None
        )
        return f"{capfirst(label)} ({column})" if label else column


def _verbose_name(model, attribute):
    """The verbose name of the model field ``attribute`` (``a__b__c`` followed through the
    relations; a slug or key at the end names the relation it belongs to); None when it is
    not a model field."""
    if not attribute or model is None:
        return None
    named = None
    for part in attribute.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            named, model = field, field.related_model
        elif field.name in ("slug", "id") or field.primary_key:
            break
        else:
            named = field
    return named.verbose_name if named is not None else None


class SpreadsheetAdminMixin:
    """For the admins with django-import-export's import or export (put it first in the
    bases): a file refused by the readers above shows the reason (the limit it is over, the
    encoding it is not) instead of the exception's class name; and a filter in the export
    page's address that is not a field (a hand-edited or stale link) leads back to the
    changelist's "invalid filter" page, as the changelist itself does, not to a server
    error."""

    export_form_class = ExportFieldsForm

    def export_action(self, request):
        from django.contrib.admin.options import IncorrectLookupParameters
        from django.http import HttpResponseRedirect

        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(request.path + "?e=1")

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, (SpreadsheetTooLarge, UnreadableSpreadsheet, UndecodableFile)):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


EXPORT_FORMATS = [base_formats.XLSX, ExcelCSV]


def guess_format(file_name):
    """The import format for a file name, or None."""
    name = file_name.lower()
    if name.endswith(".csv"):
        return KoreanCSV()
    if name.endswith(".xlsx"):
        return SafeXLSX()
    return None


class CachedKeyLoader(ModelInstanceLoader):
    """The existing objects of every row in one query, by the resource's one key column,
    instead of a query per row. A key that does not parse is skipped here and reported by
    its own row, with its row number and column, as without the cache."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        (name,) = self.resource.get_import_id_fields()
        self.key_field = self.resource.fields[name]
        keys = set()
        for row in self.dataset.dict if self.dataset.headers else []:
            try:
                keys.add(self.key_field.clean(row))
            except (KeyError, ValueError, ValidationError):
                continue
        lookup = {f"{self.key_field.attribute}__in": keys}
        self.existing = {
            getattr(instance, self.key_field.attribute): instance
            for instance in (self.get_queryset().filter(**lookup) if keys else [])
        }

    def get_instance(self, row):
        return self.existing.get(self.key_field.clean(row))


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
        self._codes = None
        super().__init__(**kwargs)

    def codes(self):
        """{code, English label or Korean label, casefolded: code}, built at the first row."""
        if self._codes is None:
            codes = {}
            for code, label in self.choices.choices:
                for language in ("en", "ko"):
                    with translation.override(language):
                        codes.setdefault(str(label).casefold(), code)
                codes[code.casefold()] = code
            self._codes = codes
        return self._codes

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(_("This column is required."))
        code = self.codes().get(text.casefold())
        if code is not None:
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
        if isinstance(value, str) and value:
            # A plain number as most cells hold it, read at once: the library's way reads
            # the active language's separators first (a sixth of a consultation row's time),
            # and the portal's languages both write "1234.5".
            try:
                return Decimal(value)
            except ArithmeticError:
                pass  # "1,234.5" and the like: as the library reads them
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from error


class LazyReprRowResult(RowResult):
    """A row's result that describes its object (``object_id``, ``object_repr``: read by the
    admin's log of an import on Django < 5.1) when read, not for every row; so a row written
    in bulk, after it was checked, has its id too."""

    def add_instance_info(self, instance):
        self._described = instance

    def _described_as(self, name, describe):
        instance = getattr(self, "_described", None)
        if instance is None:
            return self.__dict__.get(name)
        try:
            return describe(instance)
        except Exception:  # noqa: BLE001 - as the library: a failing __str__ describes nothing
            return None

    @property
    def object_id(self):
        return self._described_as("_object_id", lambda instance: getattr(instance, "pk", None))

    @object_id.setter
    def object_id(self, value):
        self.__dict__["_object_id"] = value

    @property
    def object_repr(self):
        return self._described_as("_object_repr", force_str)

    @object_repr.setter
    def object_repr(self, value):
        self.__dict__["_object_repr"] = value


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

    #: Check the model's unique columns over the file and the existing rows (one query per
    #: column for the whole file, none for the key column: its existing rows are the ones the
    #: rows update) instead of ``full_clean``'s query per row; see :meth:`unique_problems`.
    #: A resource that sets it calls ``full_clean`` with ``validate_unique=False``.
    unique_over_file = False

    #: Draw the difference of each row (the admin's preview) only in a dry run: an import that
    #: writes (the admin's confirmation, ``manage.py import``) shows no diff, and the library's
    #: diff (a deep copy of every instance, every field rendered twice, an HTML diff per cell)
    #: was a third of a company import's time.
    diff_in_dry_run_only = False

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All or nothing, whoever calls: one transaction, rolled back on any invalid row."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        # This import's own options: the library writes into them (store_instance), and a
        # resource that draws its diff only in a dry run changes skip_diff for this import.
        self._meta = copy.copy(type(self)._meta)
        if self.diff_in_dry_run_only and not dry_run:
            self._meta.skip_diff = True
        self._import_fields = None
        self._unique_checks = []
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """The library's ``Field.save`` for a plain column (a model attribute, written), in one
        step instead of three layers a cell: the widget's value, or the field's default for
        an empty cell, set on the instance unless it is None and the field keeps no nulls."""
        if is_m2m or field.readonly or not field.attribute or "__" in field.attribute:
            return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        if field.column_name not in row:
            return None
        value = field.widget.clean(row[field.column_name], row=row, **kwargs)
        if value in field.empty_values and field.default is not NOT_PROVIDED:
            value = field.default() if callable(field.default) else field.default
        if value is not None or field.saves_null_values:
            setattr(instance, field.attribute, value)
        return None

    @classmethod
    def get_row_result_class(cls):
        return LazyReprRowResult

    def get_import_fields(self):
        """The library asks for the list on every row; it does not change during an import."""
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = {str(h).strip() for h in (dataset.headers or [])}
        missing = [f.column_name for f in self._key_fields() if f.column_name not in headers]
        if missing:
            raise ValueError(
                _("The file has no column %(columns)s (the first row must name the columns).")
                % {"columns": ", ".join(missing)}
            )
        if self.unique_over_file:
            self._prepare_unique_checks(dataset, headers)

    # Unique columns ---------------------------------------------------------------------------

    def unique_fields(self):
        """The import fields whose model field is unique, the primary key aside."""
        model = self._meta.model
        found = []
        for field in self.get_import_fields():
            if not field.attribute or "__" in field.attribute:
                continue
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if model_field.concrete and model_field.unique and not model_field.primary_key:
                found.append(field)
        return found

    def _prepare_unique_checks(self, dataset, headers):
        model = self._meta.model
        keys = {self.fields[name].attribute for name in self._meta.import_id_fields}
        # (field, attname, {value: spreadsheet row it was first on}, {value: pk of the
        # existing row that has it}, left empty for the key column)
        self._unique_checks = []
        for field in self.unique_fields():
            if field.column_name not in headers:
                continue
            attname = model._meta.get_field(field.attribute).attname
            check = (field, attname, {}, {})
            self._unique_checks.append(check)
            if field.attribute in keys:
                continue  # an existing row with this value is the row the file updates
            values = set()
            for row in dataset.dict:
                try:
                    value = field.clean(row)
                except (KeyError, ValueError, ValidationError):
                    continue  # reported by its own row
                if value is not None:
                    values.add(value)
            check[3].update(
                model._default_manager.filter(**{f"{field.attribute}__in": values}).values_list(
                    field.attribute, "pk"
                )
                if values
                else ()
            )

    def unique_problems(self, instance, errors=()):
        """{attribute: ValidationError} for the row being imported: a value of a unique column
        that an earlier row of the file has (reported on the later row, naming the earlier one),
        or that another existing row has (Django's own message). Columns that already have an
        error are left alone."""
        problems = {}
        row = getattr(self, "_row_number", None)
        for field, attname, seen, taken in getattr(self, "_unique_checks", ()):
            value = getattr(instance, attname)
            if value is None or field.attribute in errors:
                continue
            if value in seen:
                problems[field.attribute] = ValidationError(
                    _(
                        "“%(value)s” is already on row %(row)s of this file: each value of this "
                        "column may appear only once."
                    )
                    % {"value": field.widget.render(value), "row": seen[value]},
                    code="unique",
                )
                continue
            seen[value] = None if row is None else row + 1
            other = taken.get(value)
            if other is not None and other != instance.pk:
                problems[field.attribute] = instance.unique_error_message(
                    type(instance), (field.attribute,)
                )
        return problems

    def _key_fields(self):
        return [self.fields[name] for name in self._meta.import_id_fields]

    def export_field(self, field, instance, **kwargs):
        """Every exported text cell is safe from formula injection (:func:`neutralise_formula`)."""
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        """A cell that an export neutralised (an apostrophe before "=", "+", "-", "@"...) is
        read back as it was typed, so that an exported file imports unchanged."""
        super().before_import_row(row, **kwargs)
        self._row_number = kwargs.get("row_number")
        for key, value in list(row.items()):
            if (
                isinstance(value, str)
                and value.startswith("'")
                and value[1:].startswith(FORMULA_PREFIXES)
            ):
                row[key] = value[1:]

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            key = self._key_fields()[0]
            raise ValidationError({key.attribute: [str(error)]}) from error


def cell_text(value: object) -> str:
    """A cell as text: Excel's 12.0 as "12", None as ""."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


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

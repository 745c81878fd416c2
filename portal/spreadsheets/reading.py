"""Reading the bytes of a spreadsheet as a dataset, as Korean offices save them, within the
limits of every import."""

import csv
import io
import itertools
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import tablib
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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

"""Spreadsheets in and out, as Korean offices save them.

Korean Excel saves "CSV" in CP949 and "CSV UTF-8" with a byte-order mark; both must import.
Every import is all-or-nothing: a resource using :class:`AllOrNothingResourceOptions` rolls
back the whole file when any row is invalid, and :func:`import_problems` lists each bad row
with its spreadsheet row number (the header is row 1), its column and the reason.

The parts, gathered here so that callers import them from ``portal.spreadsheets``:
``reading`` (the bytes of a file as a dataset, within the limits), ``formats`` (the import and
export formats), ``admin`` (what the admins with an import or an export share), ``resources``
and ``unique`` (the bases of the resources), ``widgets`` (the columns), ``cells`` (one cell at a
time) and ``problems`` (an import's problems, row by row).
"""

from portal.spreadsheets.admin import ExportFieldsForm, SpreadsheetAdminMixin
from portal.spreadsheets.cells import FORMULA_PREFIXES, cell_text, neutralise_formula
from portal.spreadsheets.formats import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    ExcelCSV,
    KoreanCSV,
    SafeXLSX,
    guess_format,
)
from portal.spreadsheets.problems import ImportProblem, import_problems
from portal.spreadsheets.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    TEXT_ENCODINGS,
    SpreadsheetTooLarge,
    UndecodableFile,
    UnreadableSpreadsheet,
    check_size,
    decode_text,
    read_csv,
    read_xlsx,
)
from portal.spreadsheets.resources import (
    AllOrNothingResourceOptions,
    CachedKeyLoader,
    ExportOnlyResource,
    LazyReprRowResult,
    PortalModelResource,
)
from portal.spreadsheets.unique import UniqueColumnsMixin
from portal.spreadsheets.widgets import ChoiceWidget, DecimalWidget, IntegerWidget

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_PREFIXES",
    "IMPORT_FORMATS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "TEXT_ENCODINGS",
    "AllOrNothingResourceOptions",
    "CachedKeyLoader",
    "ChoiceWidget",
    "DecimalWidget",
    "ExcelCSV",
    "ExportFieldsForm",
    "ExportOnlyResource",
    "ImportProblem",
    "IntegerWidget",
    "KoreanCSV",
    "LazyReprRowResult",
    "PortalModelResource",
    "SafeXLSX",
    "SpreadsheetAdminMixin",
    "SpreadsheetTooLarge",
    "UndecodableFile",
    "UniqueColumnsMixin",
    "UnreadableSpreadsheet",
    "cell_text",
    "check_size",
    "decode_text",
    "guess_format",
    "import_problems",
    "neutralise_formula",
    "read_csv",
    "read_xlsx",
]

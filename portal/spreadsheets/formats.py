"""The import and export formats of the admin and the imports: which readers a file goes
through, and CSV as Korean Excel writes and opens it."""

from django.utils.translation import gettext as _
from import_export.formats import base_formats

from portal.spreadsheets.reading import (
    UnreadableSpreadsheet,
    check_size,
    decode_text,
    read_csv,
    read_xlsx,
)


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


EXPORT_FORMATS = [base_formats.XLSX, ExcelCSV]


def guess_format(file_name):
    """The import format for a file name, or None."""
    name = file_name.lower()
    if name.endswith(".csv"):
        return KoreanCSV()
    if name.endswith(".xlsx"):
        return SafeXLSX()
    return None

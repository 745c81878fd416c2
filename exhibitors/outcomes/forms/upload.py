"""The consultation-log upload: the file is read here, its rows are checked by
``ConsultationResource``."""

from crispy_forms.helper import FormHelper
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

from exhibitors.outcomes.forms.widgets import _style
from exhibitors.outcomes.resources import CONSULTATION_SHEET
from portal import spreadsheets
from portal.spreadsheets import guess_format

UPLOAD_MAX_BYTES = spreadsheets.MAX_BYTES
UPLOAD_MAX_ROWS = spreadsheets.MAX_ROWS


def _filled(values):
    return any(value is not None and str(value).strip() for value in values)


class ConsultationUploadForm(forms.Form):
    """The consultation log as a spreadsheet: an XLSX workbook or a CSV file as Korean Excel
    saves it (UTF-8 with or without BOM, or CP949), at most 5 MB. The file is read here; the
    rows are checked by ``ConsultationResource``."""

    log = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv, Korean Excel files welcome)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace the consultations already entered"),
        required=False,
        help_text=_(
            "Otherwise the rows of the file are added to those already in the report. Either "
            "way, the consultations from the expo (meetings held, booth logs) stay: a row of "
            "the file with the same buyer on the same day updates them instead of being added."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dataset = None
        for field in self.fields.values():
            _style(field)
            field.widget.attrs.pop("aria-label", None)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_log(self):
        upload = self.cleaned_data["log"]
        input_format = guess_format(upload.name)
        if input_format is None:
            raise forms.ValidationError(_("Choose a spreadsheet: an .xlsx or .csv file."))
        if upload.size > spreadsheets.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(spreadsheets.MAX_BYTES),
                }
            )
        upload.seek(0)
        data = upload.read()
        # By content, not by name: a workbook is a ZIP archive, a CSV file is text.
        is_xlsx = isinstance(input_format, base_formats.XLSX)
        if is_xlsx and not data.startswith(b"PK\x03\x04"):
            raise forms.ValidationError(
                _("The file is not what its name says: save it again as .xlsx or .csv.")
            )
        # The limits on rows and columns are checked while the file is read, in one place
        # for every import (portal.spreadsheets).
        try:
            dataset = input_format.create_dataset(data, sheet=CONSULTATION_SHEET)
        except (
            spreadsheets.UndecodableFile,
            spreadsheets.SpreadsheetTooLarge,
            spreadsheets.UnreadableSpreadsheet,
        ) as error:
            raise forms.ValidationError(str(error)) from error
        except Exception as error:  # noqa: BLE001 - any unreadable file gets the same answer
            raise forms.ValidationError(
                _("The file could not be read as a spreadsheet.")
            ) from error
        # The template uploaded unchanged, or a sheet of empty (formatted) rows: nothing to add.
        if not dataset.headers or not any(_filled(values) for values in dataset):
            raise forms.ValidationError(
                _(
                    "The file has no rows of consultations: write one consultation a row under "
                    "the column names (the first row). Nothing was imported."
                )
            )
        self.dataset = dataset
        return upload

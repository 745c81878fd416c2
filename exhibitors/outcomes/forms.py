"""Forms of the outcome report an exhibitor files on the portal: the report's own fields (the
survey and the consent to publish), one formset per kind of row, and the consultation-log
upload. They validate and shape input; saving goes through ``services.report_save`` (:func:`report_changes`) and
``resources.consultation_log_import``."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models.fields.files import FieldFile
from django.forms import inlineformset_factory
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    CONSULTATION_FIELDS,
    Consultation,
    FollowUp,
    Mou,
    OnSiteContract,
    OutcomeReport,
)
from exhibitors.outcomes.resources import CONSULTATION_SHEET
from portal import spreadsheets
from portal.spreadsheets import guess_format

#: Empty rows offered under each table, and at most how many the page adds on request.
EXTRA_ROWS = 3
MAX_EXTRA_ROWS = 20
#: At most this many MOUs, and contracts signed on site, in one report: those tables stay on
#: the report's form (a few a report), so that the form stays far below Django's limit of
#: 1,000 fields a request. The consultations are listed page by page instead.
MAX_MOUS = 30
MAX_CONTRACTS = 30
UPLOAD_MAX_BYTES = spreadsheets.MAX_BYTES
UPLOAD_MAX_ROWS = spreadsheets.MAX_ROWS
SCORE_CHOICES = [("", "—"), *((n, str(n)) for n in range(1, 6))]


class FastSelect(forms.Select):
    """A ``<select>`` written out in Python. Django renders each ``<option>`` through a
    template, which for a country list (about 250 options) in every row of a long table is
    most of the page's time. With ``cache_options`` the escaped options are kept per
    language (for choices that are the same in every form, like the countries)."""

    cache_options = False
    _cache = {}

    def _options(self):
        key = (type(self).__name__, get_language()) if self.cache_options else None
        if key in self._cache:
            return self._cache[key]
        options = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):  # option groups: not needed here
                return None
            text = "" if value is None else str(value)
            options.append((text, format_html('<option value="{}"', text), escape(label)))
        if key is not None:
            self._cache[key] = options
        return options

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options()
        if options is None:
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        html = [
            format_html(
                "<select{}>", flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
            )
        ]
        found = False
        for text, start, label in options:
            selected = not found and text in chosen
            found = found or selected
            html.append(f"{start}{' selected' if selected else ''}>{label}</option>")
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 - every part is escaped above


class CountrySelect(FastSelect):
    cache_options = True


class FastInput:
    """An ``<input>`` written out in Python, as Django's ``input.html`` template writes it
    (the value, then the attributes, every one escaped): the report's form has a few hundred
    of them, and the template took most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        html = format_html('<input type="{}" name="{}"', self.input_type, name)
        value = self.format_value(value)
        if value is not None:
            html += format_html(' value="{}"', value)
        html += flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(html + ">")  # noqa: S308 - every part is escaped above


class FastTextInput(FastInput, forms.TextInput):
    pass


class FastNumberInput(FastInput, forms.NumberInput):
    pass


class FastDateInput(FastInput, forms.DateInput):
    pass


class FastHiddenInput(FastInput, forms.HiddenInput):
    pass


#: The row forms' widgets and their faster twins (same attributes, same HTML).
FAST_WIDGETS = {
    forms.TextInput: FastTextInput,
    forms.NumberInput: FastNumberInput,
    forms.DateInput: FastDateInput,
    forms.HiddenInput: FastHiddenInput,
}


def _style(field):
    """Bootstrap classes on a field's widget (a table cell shows no label: the column header
    does, so the label goes to ``aria-label``), and the widget written in Python where it
    has a twin in ``FAST_WIDGETS``."""
    widget = field.widget
    widget.__class__ = FAST_WIDGETS.get(type(widget), type(widget))
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    widget.attrs.setdefault("class", css)
    widget.attrs.setdefault("aria-label", str(field.label))


class ReportForm(forms.ModelForm):
    """The report's own fields: the survey and whether the amounts may be published."""

    class Meta:
        model = OutcomeReport
        fields = [
            "satisfaction_support",
            "satisfaction_booth",
            "satisfaction_matching",
            "survey_comment",
            "would_return",
            "publish_amounts",
        ]
        widgets = {
            "satisfaction_support": forms.Select(choices=SCORE_CHOICES),
            "satisfaction_booth": forms.Select(choices=SCORE_CHOICES),
            "satisfaction_matching": forms.Select(choices=SCORE_CHOICES),
            "survey_comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = not editable
            _style(field)
            field.widget.attrs.pop("aria-label", None)  # a form with labels, not a table
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Your view of the pavilion"),
                Div(
                    Div("satisfaction_support", css_class="col-md-4"),
                    Div("satisfaction_booth", css_class="col-md-4"),
                    Div("satisfaction_matching", css_class="col-md-4"),
                    css_class="row",
                ),
                "survey_comment",
                "would_return",
            ),
            Fieldset(_("Publication"), "publish_amounts"),
        )


class RowForm(forms.ModelForm):
    """A row of one of the report's tables. ``date_field``, if any, must lie in the expo and
    the year after it (``services.report_date_refusals``)."""

    date_field = None

    def __init__(self, *args, exhibitor, editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.exhibitor = exhibitor
        for field in self.fields.values():
            field.disabled = not editable
            _style(field)

    def clean(self):
        cleaned = super().clean()
        if self.date_field and self.date_field not in self.errors:
            problem = outcomes.report_date_refusals(
                self.exhibitor.pavilion, cleaned.get(self.date_field)
            )
            if problem:
                self.add_error(self.date_field, problem)
        return cleaned


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_input():
    return forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"})


class ConsultationForm(RowForm):
    date_field = "met_on"

    class Meta:
        model = Consultation
        fields = list(CONSULTATION_FIELDS)
        widgets = {
            "met_on": _date_input(),
            "buyer_country": CountrySelect(),
            "buyer_type": FastSelect(),
            "amount_usd": _amount_input(),
            "expected_contract_usd": _amount_input(),
            "stage": FastSelect(),
        }


@dataclass(frozen=True)
class _Download:
    """What a file input shows as the file already there: a link through the portal's own
    view (which checks the company), never the storage's address."""

    url: str
    name: str

    def __str__(self):
        return self.name


class ScanInput(forms.ClearableFileInput):
    download_url = None

    def is_initial(self, value):
        return isinstance(value, FieldFile) and bool(value)

    def format_value(self, value):
        if self.is_initial(value) and self.download_url:
            return _Download(self.download_url, value.label)
        return super().format_value(value)


class MouForm(RowForm):
    date_field = "signed_on"

    class Meta:
        model = Mou
        fields = ["partner", "country", "signed_on", "scope", "scan"]
        widgets = {
            "country": CountrySelect(),
            "signed_on": _date_input(),
            "scan": ScanInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.scan:
            self.fields["scan"].widget.download_url = reverse(
                "exhibitors:report_scan", args=[self.exhibitor.pk, self.instance.pk]
            )


class OnSiteContractForm(RowForm):
    class Meta:
        model = OnSiteContract
        fields = ["partner", "country", "amount_usd"]
        widgets = {"country": CountrySelect(), "amount_usd": _amount_input()}


class FollowUpForm(RowForm):
    class Meta:
        model = FollowUp
        fields = ["months", "contracts", "amount_usd", "note"]
        widgets = {
            "months": FastSelect(),
            "amount_usd": _amount_input(),
            "contracts": forms.NumberInput(attrs={"min": 0}),
        }


def row_html(form, *, editable, parent=None):
    """One row of a report table: a cell per field (the hidden ones in the first) with its
    errors, the "Remove" box, and a row of the form's own errors. Written in Python (every
    part escaped by ``format_html``), as ``templates/exhibitors/_report_row.html`` did.
    ``parent``: the field naming the report, left out (the formset fills it in from its report
    when it is not sent), so that an empty row is the same for every report."""
    cells = []
    hidden = mark_safe(  # noqa: S308 - rendered by the widgets
        "".join(str(field) for field in form.hidden_fields() if field.name != parent)
    )
    delete = None
    for field in form.visible_fields():
        if field.name == "DELETE":
            delete = field
            continue
        errors = format_html_join(
            "",
            '<div class="text-danger small" data-error="{}">{}</div>',
            ((field.name, e) for e in field.errors),
        )
        cells.append(format_html("<td>{}{}{}</td>", hidden if not cells else "", field, errors))
    if editable:
        cells.append(format_html('<td class="text-center">{}</td>', delete or ""))
    html = format_html("<tr>{}</tr>", mark_safe("".join(cells)))  # noqa: S308
    if form.non_field_errors():
        html += format_html(
            '\n<tr><td colspan="12" class="text-danger small" data-error="__all__">{}</td></tr>',
            " ".join(form.non_field_errors()),
        )
    return html


_EMPTY_ROWS = {}  # (form class, language, editable) -> the HTML of its empty row


class RowFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            _style(form.fields["DELETE"])

    def _kept(self, what, build):
        key = (what, type(self).__name__, self.form.__name__, self.prefix, get_language())
        key += (self.editable,)
        if key not in _EMPTY_ROWS:
            _EMPTY_ROWS[key] = build()
        return _EMPTY_ROWS[key]

    def empty_row_html(self):
        """The empty row (``__prefix__`` for its number), the same for every report in a
        language: written once, then kept."""
        return self._kept("row", lambda: self._row(self.empty_form))

    def _row(self, form):
        return row_html(form, editable=self.editable, parent=self.fk.name)

    def header_html(self):
        """The table's column headers (the fields' labels), kept like the empty row."""

        def build():
            cells = [
                format_html('<th scope="col" class="small">{}</th>', field.label)
                for field in self.empty_form.visible_fields()
                if field.name != "DELETE"
            ]
            if self.editable:
                cells.append(format_html('<th scope="col" class="small">{}</th>', _("Remove")))
            return mark_safe("".join(cells))  # noqa: S308 - each cell is escaped

        return self._kept("header", build)

    def rows_html(self):
        """Every row of the table. On a page not sent back (no data), the empty rows are the
        empty row with their number: no form is built for them (a form with its lists of
        countries costs more than the whole table of saved consultations)."""
        initial = self.initial_form_count()
        fast = not self.is_bound and not self.initial_extra
        rows = []
        for index in range(self.total_form_count()):
            if fast and index >= initial:
                rows.append(self.empty_row_html().replace("__prefix__", str(index)))
            else:
                rows.append(self._row(self.forms[index]))
        return mark_safe("\n".join(rows))  # noqa: S308 - each row is escaped


class NewRowsFormSet(RowFormSet):
    """Empty rows only, to add to the report. The rows already saved are listed page by page
    and changed or removed one at a time (each on its own page), so the report's form never
    carries them, however many there are; a row's id sent here is refused."""

    def get_queryset(self):
        return self.model._default_manager.none()

    def initial_form_count(self):
        return 0

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        if any(self.data.get(f"{form.prefix}-{pk}") for form in self.forms):
            raise forms.ValidationError(
                _("A saved consultation is changed from its own page (“Change” in the table).")
            )


class FollowUpFormSet(RowFormSet):
    """One row per period (3, 6 and 12 months): the periods not filled in yet are offered as
    empty rows with their period chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.extra:
            taken = {follow_up.months for follow_up in self.get_queryset()}
            missing = [months for months in FollowUp.Months.values if months not in taken]
            self.extra = len(missing)
            self.initial_extra = [{"months": months} for months in missing]


@dataclass(frozen=True)
class RowKind:
    prefix: str
    title: str
    model: type
    form: type
    formset: type = RowFormSet
    max_num: int | None = None


ROW_KINDS = [
    RowKind(
        "consultations",
        _("Add consultations"),
        Consultation,
        ConsultationForm,
        NewRowsFormSet,
        max_num=MAX_EXTRA_ROWS,
    ),
    RowKind("mous", _("MOUs signed"), Mou, MouForm, max_num=MAX_MOUS),
    RowKind(
        "contracts",
        _("Contracts signed on site"),
        OnSiteContract,
        OnSiteContractForm,
        max_num=MAX_CONTRACTS,
    ),
    RowKind(
        "follow_ups",
        _("Follow-ups (contracts concluded since the expo)"),
        FollowUp,
        FollowUpForm,
        FollowUpFormSet,
        max_num=len(FollowUp.Months),
    ),
]


def report_formsets(report, *, exhibitor, data=None, files=None, extra=EXTRA_ROWS, editable=True):
    """The report's form's tables, one formset per kind (``ROW_KINDS``), each with ``extra``
    empty rows to fill in: new consultations (the saved ones are not in the form: see
    ``NewRowsFormSet``), the MOUs, the contracts and the follow-ups; read-only (no empty rows,
    no removal, fields disabled) unless ``editable``. A read-only report has no table of new
    consultations."""
    extra = max(0, min(extra, MAX_EXTRA_ROWS)) if editable else 0
    result = []
    for kind in ROW_KINDS:
        if kind.formset is NewRowsFormSet and not editable:
            continue
        factory = inlineformset_factory(
            OutcomeReport,
            kind.model,
            form=kind.form,
            formset=kind.formset,
            extra=extra,
            can_delete=editable and kind.formset is not NewRowsFormSet,
            max_num=kind.max_num,
            validate_max=True,
        )
        formset = factory(
            data,
            files,
            instance=report,
            prefix=kind.prefix,
            form_kwargs={"exhibitor": exhibitor, "editable": editable},
        )
        # A POST may claim any number of rows (its TOTAL_FORMS); each table takes at most its
        # max_num rows (a report saved before the caps may show more, and saves once some are
        # removed), and more are refused as a formset error. (Django's default ceiling, 2,000
        # rows a table, let one request build 8,000 forms for minutes.) The rows are read
        # once, here, and cached.
        formset.absolute_max = max(len(formset.get_queryset()), kind.max_num)
        formset.title = kind.title
        formset.editable = editable
        result.append(formset)
    return result


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


def report_changes(form: forms.ModelForm, formsets: list) -> dict:
    """What a valid report page asks to save, as :func:`services.report_save` takes it: the
    report's fields (their cleaned values set on the report), the rows removed and the rows
    new or changed (unsaved: nothing is written here)."""
    form.save(commit=False)
    rows, deleted = [], []
    for formset in formsets:
        rows += formset.save(commit=False)
        deleted += formset.deleted_objects
    return {"fields": list(form.fields), "rows": rows, "deleted": deleted}

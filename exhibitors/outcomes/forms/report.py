"""The report's form: its own fields (the survey and the consent to publish), one formset per
kind of row (:func:`report_formsets`, written out in Python), and what a valid page asks to
save (:func:`report_changes`)."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.forms import inlineformset_factory
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from exhibitors.outcomes.forms.rows import (
    ConsultationForm,
    FollowUpForm,
    MouForm,
    OnSiteContractForm,
)
from exhibitors.outcomes.forms.widgets import _style
from exhibitors.outcomes.models import Consultation, FollowUp, Mou, OnSiteContract, OutcomeReport

#: Empty rows offered under each table, and at most how many the page adds on request.
EXTRA_ROWS = 3
MAX_EXTRA_ROWS = 20
#: At most this many MOUs, and contracts signed on site, in one report: those tables stay on
#: the report's form (a few a report), so that the form stays far below Django's limit of
#: 1,000 fields a request. The consultations are listed page by page instead.
MAX_MOUS = 30
MAX_CONTRACTS = 30
SCORE_CHOICES = [("", "—"), *((n, str(n)) for n in range(1, 6))]


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

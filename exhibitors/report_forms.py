"""Forms of the outcome report an exhibitor files on the portal."""

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from . import outcomes
from .models import Consultation, FollowUp, Mou, OnSiteContract, OutcomeReport


class ReportForm(forms.ModelForm):
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
        widgets = {"survey_comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DatedRowForm(forms.ModelForm):
    """A report row whose date must lie in the expo and the year after it."""

    date_field = None

    def clean(self):
        cleaned = super().clean()
        problem = outcomes.date_problem(
            self.instance.report.exhibitor.pavilion, cleaned.get(self.date_field)
        )
        if problem:
            self.add_error(self.date_field, problem)
        return cleaned


class ConsultationForm(DatedRowForm):
    date_field = "met_on"

    class Meta:
        model = Consultation
        fields = [
            "met_on",
            "buyer_organisation",
            "buyer_country",
            "buyer_type",
            "product",
            "amount_usd",
            "expected_contract_usd",
            "stage",
            "note",
        ]
        widgets = {"met_on": forms.DateInput(attrs={"type": "date"})}


class MouForm(DatedRowForm):
    date_field = "signed_on"

    class Meta:
        model = Mou
        fields = ["partner", "country", "signed_on", "scope", "scan"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"})}


def formsets(report, data=None, files=None, extra=3):
    """The report's rows, one formset per kind, with ``extra`` empty rows to fill in."""
    kinds = [
        ("consultations", Consultation, ConsultationForm, {}),
        ("mous", Mou, MouForm, {}),
        (
            "contracts",
            OnSiteContract,
            forms.ModelForm,
            {"fields": ["partner", "country", "amount_usd"]},
        ),
        (
            "follow_ups",
            FollowUp,
            forms.ModelForm,
            {"fields": ["months", "contracts", "amount_usd", "note"], "max_num": 3},
        ),
    ]
    result = {}
    for prefix, model, form, options in kinds:
        options = {
            "form": form,
            "extra": extra if prefix != "follow_ups" else 1,
            "can_delete": True,
            **options,
        }
        if form is not forms.ModelForm:
            options.pop("fields", None)
        FormSet = inlineformset_factory(OutcomeReport, model, **options)
        result[prefix] = FormSet(data, files, instance=report, prefix=prefix)
    return result


FORMSET_TITLES = {
    "consultations": _("Export consultations"),
    "mous": _("MOUs signed"),
    "contracts": _("Contracts signed on site"),
    "follow_ups": _("Follow-ups (contracts concluded since the expo)"),
}

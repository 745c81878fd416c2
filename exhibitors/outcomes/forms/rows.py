"""The forms of the report's rows: consultations, MOUs, contracts signed on site and
follow-ups, each row's date within the report's period."""

from django import forms
from django.urls import reverse

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.forms.widgets import (
    CountrySelect,
    FastSelect,
    ScanInput,
    _amount_input,
    _date_input,
    _style,
)
from exhibitors.outcomes.models import (
    CONSULTATION_FIELDS,
    Consultation,
    FollowUp,
    Mou,
    OnSiteContract,
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

"""The booth page's forms: the consultation logged in seconds, and the held / no-show marks of
today's meetings. They validate and shape input; ``exhibitors.buyers.booth_log`` writes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from exhibitors.buyers.models import Buyer, BuyerStatus
from exhibitors.outcomes.models import USD, BuyerType, ConsultationStage


def _amount(label, help_text=""):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_digits=USD["max_digits"],
        decimal_places=USD["decimal_places"],
        widget=forms.NumberInput(
            attrs={
                "min": "0",
                "step": "any",
                "inputmode": "decimal",
                "class": "form-control form-control-lg",
                "placeholder": "0",
            }
        ),
    )


class BoothLogForm(forms.Form):
    """One consultation at the booth: the buyer (scanned or chosen: ``buyer``; or a walk-in
    buyer typed: organisation and country), what was discussed and its estimated amount."""

    buyer = forms.ModelChoiceField(
        queryset=Buyer.objects.filter(status=BuyerStatus.APPROVED),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This buyer is not known or not approved.")},
    )
    organisation = forms.CharField(
        label=_("Buyer's organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg", "autocomplete": "organization"}
        ),
    )
    country = CountryField(blank=True).formfield(
        label=_("Buyer's country"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    buyer_type = forms.ChoiceField(
        label=_("Buyer type"),
        choices=BuyerType.choices,
        initial=BuyerType.OTHER,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    product = forms.CharField(
        label=_("Product"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}),
    )
    amount_usd = _amount(_("Estimated amount (USD)"))
    expected_contract_usd = _amount(_("Expected contract (USD)"), _("If a contract is in sight."))
    stage = forms.ChoiceField(
        label=pgettext_lazy("consultation", "Stage"),
        choices=ConsultationStage.choices,
        initial=ConsultationStage.CONSULTED,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:  # marked red, whoever found the problem (a field, the service)
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if "is-invalid" not in css:
                    widget.attrs["class"] = f"{css} is-invalid".strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("buyer") is None and "buyer" not in self.errors:
            if not " ".join(cleaned.get("organisation", "").split()):
                self.add_error(
                    "organisation", _("Type the buyer's organisation, or scan or choose a buyer.")
                )
            if not cleaned.get("country"):
                self.add_error("country", _("Choose the buyer's country."))
        return cleaned

    def log_values(self) -> dict:
        """The cleaned values as ``booth_log.booth_consultation_log`` takes them."""
        data = self.cleaned_data
        return {
            "buyer": data["buyer"],
            "organisation": data["organisation"],
            "country": data["country"],
            "buyer_type": data["buyer_type"] or BuyerType.OTHER,
            "product": data["product"],
            "amount_usd": data["amount_usd"],
            "expected_contract_usd": data["expected_contract_usd"],
            "stage": data["stage"],
            "note": data["note"],
        }


class MeetingMarkForm(forms.Form):
    """A tap on "held" or "no-show": which meeting, as the page showed it (its version)."""

    HELD = "held"
    NO_SHOW = "no_show"

    meeting = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    mark = forms.ChoiceField(
        choices=[(HELD, _("Held")), (NO_SHOW, _("No-show"))], widget=forms.HiddenInput
    )

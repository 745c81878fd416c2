from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.applications.models import Application
from exhibitors.applications.services import EDITABLE_FIELDS


class ApplicationForm(forms.ModelForm):
    """Every field may stay empty in a draft; submitting checks completeness
    (``Application.missing_for_submission``), and so does every save after submission
    (``services.application_save``, which takes only these fields). ``loaded_version`` carries the application's
    version the page was made from, so that the service can refuse a stale page."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Application
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "product_description_ko": forms.Textarea(attrs={"rows": 4}),
            "product_description_en": forms.Textarea(attrs={"rows": 4}),
            "exports_description": forms.Textarea(attrs={"rows": 3}),
            "past_expos": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "target_markets": forms.SelectMultiple(attrs={"size": 8}),
            "past_pavilions": forms.CheckboxSelectMultiple,
            "booth_preference": forms.RadioSelect,
            "introduction_pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            "product_image": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pavilion = self.instance.pavilion
        event = pavilion.event
        self.fields["theme"].queryset = event.themes.all()
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["past_pavilions"].queryset = (
            Pavilion.objects.filter(
                event__series_id=event.series_id, event__starts_on__lt=event.starts_on
            )
            .select_related("event")
            .order_by("-event__starts_on")
        )
        self.fields["past_pavilions"].label_from_instance = lambda p: str(p.event)
        self.fields["booth_preference"].choices = self.fields["booth_preference"].choices[1:]
        self.fields["loaded_version"].initial = self.instance.version
        required = set(Application.REQUIRED_FOR_SUBMISSION)
        for name, field in self.fields.items():
            if name in required:
                field.label = f"{field.label} *"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "loaded_version",
            Fieldset(
                _("Product or solution"),
                Div(
                    Div("product_name_ko", css_class="col-md-6"),
                    Div("product_name_en", css_class="col-md-6"),
                    css_class="row",
                ),
                "product_description_ko",
                "product_description_en",
                Div(
                    Div("theme", css_class="col-md-6"),
                    Div("target_markets", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Export record"),
                "exports_description",
                "overseas_offices",
                "past_expos",
                "past_pavilions",
            ),
            Fieldset(_("Your goals at the expo"), "goals"),
            Fieldset(_("Booth"), "booth_preference", "booth_notes"),
            Fieldset(
                _("Documents"),
                HTML(
                    '<p class="text-body-secondary small">{}</p>'.format(
                        _(
                            "A file you choose is kept when you save the draft; if the form shows an "
                            "error, choose the file again."
                        )
                    )
                ),
                "introduction_pdf",
                "product_image",
            ),
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("withdraw", _("Withdraw the application"), css_class="btn-danger")
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConfirmForm(forms.Form):
    """Confirming a place: the participation terms shown on the page, agreed to with a tick
    box; the version shown travels with the form, so that terms changed in the meantime are
    not agreed to unseen."""

    accept_terms = forms.BooleanField(
        label=_("We agree to the participation terms"),
        required=True,
        error_messages={
            "required": _("Please agree to the participation terms to confirm your place.")
        },
    )
    terms_version = forms.CharField(widget=forms.HiddenInput)

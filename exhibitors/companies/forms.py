from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from exhibitors.companies.models import Company, CompanyInvitation, OrganisationKind


class CompanyForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name_ko",
            "name_en",
            "registration_number",
            "representative",
            "founded",
            "employees",
            "sector",
            "website",
            "email",
            "phone",
            "description_ko",
            "description_en",
            "logo",
            "preferred_language",
        ]
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = OrganisationKind.COMPANY
        self.fields["registration_number"].required = True
        for name in ("name_ko", "name_en", "representative", "email"):
            self.fields[name].required = True
        self.fields["website"].widget.attrs["placeholder"] = "https://"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Company"),
                Div(
                    Div("name_ko", css_class="col-md-6"),
                    Div("name_en", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("registration_number", css_class="col-md-6"),
                    Div("representative", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("founded", css_class="col-md-4"),
                    Div("employees", css_class="col-md-4"),
                    Div("sector", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Contact"),
                Div(
                    Div("email", css_class="col-md-4"),
                    Div("phone", css_class="col-md-4"),
                    Div("website", css_class="col-md-4"),
                    css_class="row",
                ),
                "preferred_language",
            ),
            Fieldset(_("About the company"), "description_ko", "description_en", "logo"),
        )


class InvitationForm(forms.ModelForm):
    class Meta:
        model = CompanyInvitation
        fields = ["email"]
        labels = {"email": _("Colleague's e-mail")}

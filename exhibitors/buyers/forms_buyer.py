"""The buyer's forms: the sign-up (allauth's, through the portal's sign-up form with its privacy
consent, plus the buyer's profile) and the profile on the buyer's page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exhibitors.applications.signup import SignupForm
from exhibitors.buyers import services
from exhibitors.buyers.models import Buyer

PROFILE_LAYOUT = (
    Div(
        Div("organisation", css_class="col-md-8"),
        Div("country", css_class="col-md-4"),
        css_class="row",
    ),
    Div(
        Div("contact_name", css_class="col-md-6"),
        Div("buyer_type", css_class="col-md-6"),
        css_class="row",
    ),
    "interests",
    Div(
        Div("phone", css_class="col-md-6"),
        Div("preferred_language", css_class="col-md-6"),
        css_class="row",
    ),
)


class BuyerProfileForm(forms.ModelForm):
    """The buyer's profile, as they keep it on their page."""

    class Meta:
        model = Buyer
        fields = list(services.PROFILE_FIELDS)
        widgets = {"interests": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*PROFILE_LAYOUT)


class BuyerSignupForm(SignupForm):
    """The portal's sign-up (e-mail, password, the privacy consent: recorded the same way)
    with the buyer's profile; saving it creates the user and their buyer account, waiting for
    staff's approval. The e-mail address is verified as for every account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = forms.models.fields_for_model(
            Buyer,
            fields=services.PROFILE_FIELDS,
            widgets={"interests": forms.Textarea(attrs={"rows": 3})},
        )
        consent = self.fields.pop("privacy_consent")
        self.fields.update(profile)
        self.fields["privacy_consent"] = consent  # the consent last, by the button
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Your account"), "email", "password1", "password2"),
            Fieldset(_("Your organisation"), *PROFILE_LAYOUT),
            "privacy_consent",
        )

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            if user is not None:
                profile = {name: self.cleaned_data[name] for name in services.PROFILE_FIELDS}
                services.buyer_create(user=user, **profile)
        return user


class BuyerRefuseForm(forms.Form):
    """The back office's refusal of buyers: the reason, written in the mail to each of them."""

    reason = forms.CharField(
        label=_("Reason (in the e-mail to the buyer)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

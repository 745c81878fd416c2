"""The portal's sign-up form (allauth's, ``ACCOUNT_FORMS`` in the settings) with the required
consent to the collection and use of personal information, recorded like every consent
(``consents.consent_record``)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exhibitors.applications.consents import consent_record
from exhibitors.applications.models import ConsentKind


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the required consent to the collection and use of personal
    information: what is collected, why and for how long beside the tick box, the whole notice
    one link away (``/privacy/``); the agreement is recorded with its time and version."""

    privacy_consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information (required)"),
        required=True,
        error_messages={
            "required": _(
                "Please agree to the collection and use of your personal information to sign up."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            '{} <a href="{}" target="_blank">{}</a>',
            gettext(
                "Collected: your e-mail address, password and what you enter in the portal. "
                "Purpose: your account, your company's applications and outcome reports. "
                "Kept until you delete your account; applications and reports for five years "
                "after the expo."
            ),
            reverse("privacy"),
            gettext("Read the full notice"),
        )

    def save(self, request):
        user = super().save(request)
        if user is not None:
            consent_record(user=user, kind=ConsentKind.PRIVACY)
        return user

"""django-allauth glue: its e-mails go through the task queue like every other; failed logins
from a browser the account logged in from before are throttled apart (login_protection); the
sign-up asks for consent to the privacy notice and records it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.login_protection import device_of
from portal.mail import queue_message, sender


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self):
        """The portal's sender, named in the language the mail is written in."""
        return sender()

    def send_mail(self, template_prefix, email, context):
        queue_message(self.render_mail(template_prefix, email, context))

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The per-account failed-login counter; a known device of the account has its own."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        login = credentials.get("email", credentials.get("username", ""))
        device = device_of(request, login)
        return f"{key}:device:{device}" if device else key


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
        from exhibitors.applications.consents import consent_record
        from exhibitors.applications.models import ConsentKind

        user = super().save(request)
        if user is not None:
            consent_record(user=user, kind=ConsentKind.PRIVACY)
        return user

"""django-allauth glue: its e-mails go through the task queue like every other; failed logins
from a browser the account logged in from before are throttled apart (login_protection).

The sign-up form, which asks for consent to the privacy notice and records it, is the
exhibitors app's (``exhibitors.applications.signup``, named in ``ACCOUNT_FORMS``): the record
of consents is its."""

from allauth.account.adapter import DefaultAccountAdapter

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

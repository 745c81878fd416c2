"""django-allauth glue: its e-mails go through the task queue like every other."""

from allauth.account.adapter import DefaultAccountAdapter

from portal.mail import queue_message


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        queue_message(self.render_mail(template_prefix, email, context))

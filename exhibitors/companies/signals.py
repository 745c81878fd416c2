from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


@receiver(user_logged_in, dispatch_uid="invitations_on_login")
def invitations_on_login(sender, request, user, **kwargs):
    """A user invited to a company, without a company yet, is told so on the first page after
    logging in, with the link to the invitation."""
    if request is None:
        return
    from exhibitors.companies.selectors import invitations_open_for

    for invitation in invitations_open_for(user):
        messages.info(
            request,
            format_html(
                '{} <a class="alert-link" href="{}">{}</a>',
                _("You are invited to join %(company)s.") % {"company": invitation.company.name},
                reverse("exhibitors:invitation", args=[invitation.token]),
                _("See the invitation"),
            ),
            fail_silently=True,
        )

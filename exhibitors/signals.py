from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from events.models import Pavilion

from .history import current_reason
from .models import Booth, Exhibitor
from .reviews import criteria_ensure_defaults


@receiver(post_save, sender=Pavilion, dispatch_uid="pavilion_default_criteria")
def pavilion_default_criteria(sender, instance, created, raw=False, **kwargs):
    """A new pavilion starts with the default review criteria; staff adjust them."""
    if created and not raw:
        criteria_ensure_defaults(instance)


@receiver(pre_delete, sender=Exhibitor, dispatch_uid="exhibitor_booths_before")
def exhibitor_booths_before(sender, instance, **kwargs):
    """The booths an exhibitor that leaves holds or is offered: the database empties their
    holder or offer (``SET_NULL``) without ``save()``, so the audit trail records them after."""
    instance._audit_booth_ids = list(
        Booth.objects.filter(Q(holder=instance) | Q(held_for=instance)).values_list("pk", flat=True)
    )


@receiver(post_delete, sender=Exhibitor, dispatch_uid="exhibitor_booths_after")
def exhibitor_booths_after(sender, instance, **kwargs):
    booth_ids = getattr(instance, "_audit_booth_ids", None)
    if booth_ids:
        bulk_update_with_history(
            list(Booth.objects.filter(pk__in=booth_ids)),
            Booth,
            [],  # nothing to write: the database did it; only the history rows
            default_change_reason=current_reason()
            or _("%(exhibitor)s no longer exhibits.") % {"exhibitor": instance.company},
        )


@receiver(user_logged_in, dispatch_uid="invitations_on_login")
def invitations_on_login(sender, request, user, **kwargs):
    """A user invited to a company, without a company yet, is told so on the first page after
    logging in, with the link to the invitation."""
    if request is None:
        return
    from .invitations import invitations_open_for

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

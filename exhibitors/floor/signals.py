from django.db.models import Q
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from exhibitors.companies.models import Exhibitor
from exhibitors.floor.models import Booth
from portal.audit import current_reason


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

from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Pavilion
from exhibitors.applications.reviews import criteria_ensure_defaults


@receiver(post_save, sender=Pavilion, dispatch_uid="pavilion_default_criteria")
def pavilion_default_criteria(sender, instance, created, raw=False, **kwargs):
    """A new pavilion starts with the default review criteria; staff adjust them."""
    if created and not raw:
        criteria_ensure_defaults(instance)

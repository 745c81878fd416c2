from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from exhibitors.companies.models import Company, Membership
from exhibitors.companies.selectors import members_changed
from portal import auth_cache


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


# The signed-in user is read with their membership and its company, from the cache
# (portal.auth_cache): every write of a membership or a company makes its members' copies
# stale. Company imports write in bulk, without signals, and do the same themselves
# (exhibitors.companies.resources).
auth_cache.read_with_user("membership__company")


@receiver(pre_save, sender=Membership, dispatch_uid="auth_cache_membership_moved")
def membership_moving(sender, instance, using=None, **kwargs):
    """A membership given to another user: the former user's copy is stale too."""
    if instance.pk is None:
        return
    former = sender._default_manager.filter(pk=instance.pk).values_list("user_id", flat=True)
    for user_id in former:
        if user_id != instance.user_id:
            auth_cache.user_changed(user_id, using=using)


@receiver(post_save, sender=Membership, dispatch_uid="auth_cache_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="auth_cache_membership_deleted")
def membership_changed(sender, instance, using=None, **kwargs):
    auth_cache.user_changed(instance.user_id, using=using)


@receiver(post_save, sender=Company, dispatch_uid="auth_cache_company_saved")
def company_changed(sender, instance, created=False, using=None, **kwargs):
    if not created:  # a new company has no member yet
        members_changed([instance.pk], using=using)

"""Invitations to join a company's users: one service to send one (from the company's page or
the back office), one to accept it, and what an invited user is shown when they log in.

The invitation mail is written in the company's language and queued once the invitation is
saved (``portal.mail``); its link is built like every mail link (``absolute_url``).
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import absolute_url, queue_template_email

from .history import audit
from .models import INVITATION_VALID_FOR, CompanyInvitation, Membership


class InvitationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def invitation_url(invitation):
    return absolute_url(reverse("exhibitors:invitation", args=[invitation.token]))


@transaction.atomic
def invitation_send(*, invitation, inviter):
    """Save a new ``invitation`` (its company and e-mail set) as sent by ``inviter`` and mail
    the invitee once the transaction commits. One open invitation per address and company."""
    invitation.invited_by = inviter
    invitation.email = invitation.email.strip()
    try:
        invitation.full_clean(exclude=["invited_by"])  # set here, not typed
    except ValidationError as error:
        raise InvitationError(" ".join(error.messages)) from error
    with audit(user=inviter):
        invitation.save()
    company = invitation.company
    queue_template_email(
        "emails/company_invitation",
        to=[invitation.email],
        context={"company": company, "inviter": inviter, "url": invitation_url(invitation)},
        language=company.preferred_language,
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, user, now=None):
    """``user`` joins the invitation's company, while the invitation is open and the user
    belongs to no company."""
    now = now or timezone.now()
    invitation = CompanyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open(now):
        raise InvitationError(_("This invitation has expired or was already used."))
    if Membership.objects.filter(user=user).exists():
        raise InvitationError(_("Your account already belongs to a company."))
    with audit(user=user):
        Membership.objects.create(user=user, company=invitation.company)
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
    return invitation


def invitations_open_for(user, now=None):
    """The open invitations to ``user``'s verified addresses (none once they have a company)."""
    now = now or timezone.now()
    if Membership.objects.filter(user=user).exists():
        return CompanyInvitation.objects.none()
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    to_user = Q()
    for address in addresses:  # an address may have been typed with capitals in the invitation
        to_user |= Q(email__iexact=address)
    if not to_user:
        return CompanyInvitation.objects.none()
    return (
        CompanyInvitation.objects.filter(
            to_user, accepted_at__isnull=True, created_at__gt=now - INVITATION_VALID_FOR
        )
        .select_related("company")
        .order_by("-created_at")
    )

"""Invitations to join a company's users: one service to send one (from the company's page or
the back office), one to accept it, and what an invited user is shown when they log in.

The invitation mail is written in the company's language and queued once the invitation is
saved (``portal.mail``); its link is built like every mail link (``absolute_url``).
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exhibitors.companies.models import INVITATION_VALID_FOR, CompanyInvitation, Membership
from portal.audit import audit
from portal.mail import absolute_url, queue_template_email


class InvitationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def invitation_url(invitation):
    return absolute_url(reverse("exhibitors:invitation", args=[invitation.token]))


@transaction.atomic
def invitation_send(*, invitation, inviter):
    """Save a new ``invitation`` (its company and e-mail set) as sent by ``inviter`` and mail
    the invitee once the transaction commits. One open invitation per address (in any letter
    case) and company."""
    invitation.invited_by = inviter
    invitation.email = invitation.email.strip()
    try:
        # invited_by is set here, not typed; clean() checks the constraints with every field
        invitation.full_clean(exclude=["invited_by"], validate_constraints=False)
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


def invitation_is_for(*, invitation, user):
    """Whether ``user`` holds the invited address, verified, in any letter case: the only
    user who may accept. The link alone proves nothing (a mail is forwarded, a link leaks)."""
    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=invitation.email
    ).exists()


@transaction.atomic
def invitation_accept(*, invitation, user, now=None):
    """``user`` joins the invitation's company: only the holder of the invited address (see
    :func:`invitation_is_for`), while the invitation is open, once, and only a user who belongs
    to no company."""
    now = now or timezone.now()
    if not invitation_is_for(invitation=invitation, user=user):
        raise InvitationError(
            _(
                "This invitation was sent to another e-mail address. Log in with that address "
                "to accept it."
            )
        )
    if Membership.objects.filter(user=user).exists():
        raise InvitationError(_("Your account already belongs to a company."))
    # Taken by one conditional update, checked by its row count: of two requests accepting at
    # the same moment, the second updates no row and joins nobody.
    taken = CompanyInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, created_at__gt=now - INVITATION_VALID_FOR
    ).update(accepted_at=now)
    if not taken:
        raise InvitationError(_("This invitation has expired or was already used."))
    try:
        with transaction.atomic(), audit(user=user):
            Membership.objects.create(user=user, company_id=invitation.company_id)
    except IntegrityError as error:  # the same user joined a company at this very moment
        raise InvitationError(_("Your account already belongs to a company.")) from error
    invitation.accepted_at = now
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

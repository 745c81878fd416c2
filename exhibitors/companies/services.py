"""The companies' writes: a company created by its first user (its owner) or edited on its
page, and invitations to join a company's users: one service to send one (from the company's
page or the back office), one to accept it. What an invited user is shown when they log in is
read by ``selectors.invitations_open_for``.

The invitation mail is written in the company's language and queued once the invitation is
saved (``portal.mail``); its link is built like every mail link (``absolute_url``).
"""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exhibitors.companies.models import (
    INVITATION_VALID_FOR,
    Company,
    CompanyInvitation,
    Membership,
    MembershipRole,
)
from exhibitors.companies.selectors import invitation_is_for
from portal.audit import audit
from portal.mail import absolute_url, queue_template_email
from portal.refusals import Refused


class InvitationRefused(Refused):
    """An invitation cannot be sent or accepted; ``message`` says why."""


@transaction.atomic
def company_create(*, company: Company, owner: AbstractBaseUser) -> Company:
    """Save a new ``company`` (its fields as typed and cleaned) with ``owner`` as its first
    member, the owner."""
    with audit(user=owner):
        company.save()
        Membership.objects.create(user=owner, company=company, role=MembershipRole.OWNER)
    return company


def company_update(*, company: Company, user: AbstractBaseUser) -> Company:
    """Save the edits to ``company`` (its fields as typed and cleaned) made by ``user``, one of
    its members."""
    with audit(user=user):
        company.save()
    return company


def invitation_url(invitation: CompanyInvitation) -> str:
    return absolute_url(reverse("exhibitors:invitation", args=[invitation.token]))


@transaction.atomic
def invitation_send(
    *, invitation: CompanyInvitation, inviter: AbstractBaseUser | None
) -> CompanyInvitation:
    """Save a new ``invitation`` (its company and e-mail set) as sent by ``inviter`` and mail
    the invitee once the transaction commits. One open invitation per address (in any letter
    case) and company."""
    invitation.invited_by = inviter
    invitation.email = invitation.email.strip()
    try:
        # invited_by is set here, not typed; clean() checks the constraints with every field
        invitation.full_clean(exclude=["invited_by"], validate_constraints=False)
    except ValidationError as error:
        raise InvitationRefused(" ".join(error.messages)) from error
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
def invitation_accept(
    *, invitation: CompanyInvitation, user: AbstractBaseUser, now: datetime.datetime | None = None
) -> CompanyInvitation:
    """``user`` joins the invitation's company: only the holder of the invited address (see
    :func:`selectors.invitation_is_for`), while the invitation is open, once, and only a user
    who belongs to no company."""
    now = now or timezone.now()
    if not invitation_is_for(invitation=invitation, user=user):
        raise InvitationRefused(
            _(
                "This invitation was sent to another e-mail address. Log in with that address "
                "to accept it."
            )
        )
    if Membership.objects.filter(user=user).exists():
        raise InvitationRefused(_("Your account already belongs to a company."))
    # Taken by one conditional update, checked by its row count: of two requests accepting at
    # the same moment, the second updates no row and joins nobody.
    taken = CompanyInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, created_at__gt=now - INVITATION_VALID_FOR
    ).update(accepted_at=now)
    if not taken:
        raise InvitationRefused(_("This invitation has expired or was already used."))
    try:
        with transaction.atomic(), audit(user=user):
            Membership.objects.create(user=user, company_id=invitation.company_id)
    except IntegrityError as error:  # the same user joined a company at this very moment
        raise InvitationRefused(_("Your account already belongs to a company.")) from error
    invitation.accepted_at = now
    return invitation

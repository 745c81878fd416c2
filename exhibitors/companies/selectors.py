"""The companies' reads: whose company a user is in, a company's members and open
invitations, and the invitations waiting for a user."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from exhibitors.companies.models import (
    INVITATION_VALID_FOR,
    Company,
    CompanyInvitation,
    Membership,
)
from portal import auth_cache


def _read_with_user(user: AbstractBaseUser) -> bool:
    """Whether ``user`` came with their membership (``portal.auth_cache``)."""
    descriptor = getattr(user.__class__, "membership", None)
    return descriptor is not None and descriptor.is_cached(user)


def user_membership(user: AbstractBaseUser) -> Membership | None:
    """The user's membership of a company, with the company, or None. The signed-in user comes
    with it (``portal.auth_cache``, registered in ``exhibitors.companies.signals``): no query."""
    if _read_with_user(user):
        return getattr(user, "membership", None)
    return Membership.objects.select_related("company").filter(user=user).first()


def members_changed(company_ids, using=None) -> None:
    """The companies ``company_ids`` changed: their members' cached copies (read with the
    signed-in user, ``portal.auth_cache``) are stale."""
    users = Membership.objects.using(using).filter(company_id__in=company_ids)
    for user_id in users.values_list("user_id", flat=True):
        auth_cache.user_changed(user_id, using=using)


def user_has_company(user: AbstractBaseUser) -> bool:
    if _read_with_user(user):
        return getattr(user, "membership", None) is not None
    return Membership.objects.filter(user=user).exists()


def company_members(company: Company) -> QuerySet[Membership]:
    """The company's members with their users, first joined first."""
    return company.memberships.select_related("user").order_by("joined_at")


def company_open_invitations(company: Company) -> QuerySet[CompanyInvitation]:
    """The company's invitations not accepted yet, expired ones included."""
    return company.invitations.filter(accepted_at__isnull=True)


def invitation_by_token(token: str) -> CompanyInvitation | None:
    """The invitation of a link, with its company, or None."""
    return CompanyInvitation.objects.select_related("company").filter(token=token).first()


def invitation_is_for(*, invitation: CompanyInvitation, user: AbstractBaseUser) -> bool:
    """Whether ``user`` holds the invited address, verified, in any letter case: the only
    user who may accept. The link alone proves nothing (a mail is forwarded, a link leaks)."""
    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=invitation.email
    ).exists()


def invitations_open_for(
    user: AbstractBaseUser, now: datetime.datetime | None = None
) -> QuerySet[CompanyInvitation]:
    """The open invitations to ``user``'s verified addresses (none once they have a company)."""
    now = now or timezone.now()
    if user_has_company(user):
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

"""The buyers' accounts: a buyer signs up (``buyer_create``, from the buyer's sign-up form),
edits their profile (``buyer_update``), is approved or refused by staff (``buyer_approve``,
``buyer_refuse``: audited, the buyer mailed in their language once the decision is committed)
and may renew their badge (``buyer_badge_renew``: the old QR code stops working).

A user is a buyer, a company's member or staff, never two of them: ``buyer_refusals`` says why
a user cannot become a buyer. Nothing else assigns ``Buyer.status``.
"""

import datetime
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exhibitors.buyers.models import Buyer, BuyerStatus
from exhibitors.companies.models import Membership
from portal.audit import audit
from portal.mail import absolute_url, queue_template_email
from portal.refusals import Refused


class BuyerRefused(Refused):
    """A buyer account cannot be created or its status cannot change; ``message`` says why."""


#: The moves staff may make: from a status to the statuses it may become.
MOVES = {
    BuyerStatus.PENDING: {BuyerStatus.APPROVED, BuyerStatus.REJECTED},
    BuyerStatus.APPROVED: {BuyerStatus.REJECTED},
    BuyerStatus.REJECTED: {BuyerStatus.APPROVED},
}

#: The fields of a buyer's profile, as the sign-up, the profile page and the import fill them.
PROFILE_FIELDS = (
    "organisation",
    "country",
    "buyer_type",
    "interests",
    "contact_name",
    "phone",
    "preferred_language",
)


def buyer_refusals(user: AbstractBaseUser) -> list[str]:
    """Why ``user`` cannot become a buyer (empty: they can): staff, a company's member or
    already a buyer."""
    reasons = []
    if user.is_staff or user.is_superuser:
        reasons.append(_("Staff accounts cannot be buyer accounts."))
    if Membership.objects.filter(user=user).exists():
        reasons.append(
            _("This account belongs to a company: a buyer account needs an address of its own.")
        )
    if Buyer.objects.filter(user=user).exists():
        reasons.append(_("This account is already a buyer account."))
    return reasons


@transaction.atomic
def buyer_create(
    *,
    user: AbstractBaseUser,
    organisation: str,
    country: str,
    buyer_type: str,
    contact_name: str,
    interests: str = "",
    phone: str = "",
    preferred_language: str = "en",
) -> Buyer:
    """The buyer account of ``user`` (just signed up), waiting for staff's approval."""
    reasons = buyer_refusals(user)
    if reasons:
        raise BuyerRefused(" ".join(reasons))
    buyer = Buyer(
        user=user,
        organisation=organisation,
        country=country,
        buyer_type=buyer_type,
        interests=interests,
        contact_name=contact_name,
        phone=phone,
        preferred_language=preferred_language,
        status=BuyerStatus.PENDING,
    )
    with audit(user=user, reason="sign-up"):
        buyer.save()
    return buyer


def buyer_update(*, buyer: Buyer, user: AbstractBaseUser) -> Buyer:
    """Save the profile edits to ``buyer`` (its fields as typed and cleaned) made by ``user``
    (the buyer). The status, the decision and the badge are not the profile's."""
    with audit(user=user):
        buyer.save(update_fields=list(PROFILE_FIELDS))
    return buyer


def _decide(
    *, buyer: Buyer, user: AbstractBaseUser | None, status: str, now: datetime.datetime | None
) -> bool:
    """Move ``buyer`` to ``status`` under its row lock; False when it already was there."""
    locked = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if locked.status == status:
        buyer.status = locked.status
        return False
    if status not in MOVES[locked.status]:
        raise BuyerRefused(
            _("A buyer who is “%(old)s” cannot become “%(new)s”.")
            % {"old": locked.get_status_display(), "new": BuyerStatus(status).label}
        )
    buyer.status = status
    buyer.decided_by = user
    buyer.decided_at = now or timezone.now()
    with audit(user=user, reason=f"buyer {status}"):
        buyer.save(update_fields=["status", "decided_by", "decided_at"])
    return True


def _mail(buyer: Buyer, template: str, **context) -> None:
    queue_template_email(
        f"emails/{template}",
        to=[buyer.user.email],
        context={"buyer": buyer, "url": absolute_url(reverse("exhibitors:buyer_home")), **context},
        language=buyer.preferred_language,
    )


@transaction.atomic
def buyer_approve(
    *,
    buyer: Buyer,
    user: AbstractBaseUser | None,
    now: datetime.datetime | None = None,
    set_password: bool = False,
) -> bool:
    """Approve ``buyer`` (waiting or refused) on behalf of ``user`` (staff); mail the buyer in
    their language once committed. With ``set_password`` (an imported buyer, who has none yet)
    the mail leads to the page that sets a password. False when the buyer already was
    approved (no mail)."""
    if not _decide(buyer=buyer, user=user, status=BuyerStatus.APPROVED, now=now):
        return False
    reset = absolute_url(reverse("account_reset_password")) if set_password else ""
    _mail(buyer, "buyer_approved", set_password_url=reset)
    return True


@transaction.atomic
def buyer_refuse(
    *,
    buyer: Buyer,
    user: AbstractBaseUser | None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> bool:
    """Refuse ``buyer`` (waiting, or approved before) on behalf of ``user`` (staff), with an
    optional ``reason`` written in the mail; mail the buyer in their language once committed.
    False when the buyer already was refused (no mail)."""
    if not _decide(buyer=buyer, user=user, status=BuyerStatus.REJECTED, now=now):
        return False
    _mail(buyer, "buyer_refused", reason=reason.strip())
    return True


def buyer_badge_renew(*, buyer: Buyer, user: AbstractBaseUser) -> Buyer:
    """A new badge code for ``buyer`` (a lost or photographed badge): the old QR code leads
    nowhere from now on."""
    buyer.badge_token = secrets.token_urlsafe(32)
    with audit(user=user, reason="badge renewed"):
        buyer.save(update_fields=["badge_token"])
    return buyer

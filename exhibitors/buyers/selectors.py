"""Reads of the buyers' accounts: staff's lists, a badge's buyer, the catalogues a buyer may
open. Each returns a queryset with what its page shows joined in (a fixed number of queries
whatever the number of rows)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from exhibitors.buyers.models import Buyer, BuyerStatus, Catalogue
from exhibitors.companies.models import Exhibitor


def buyers_for_staff(status: str | None = None) -> QuerySet[Buyer]:
    """Every buyer (or those with ``status``) with their user and the staff who decided."""
    buyers = Buyer.objects.select_related("user", "decided_by")
    return buyers.filter(status=status) if status else buyers


def buyers_waiting() -> QuerySet[Buyer]:
    """The buyers waiting for staff's decision, first signed up first."""
    return buyers_for_staff(BuyerStatus.PENDING).order_by("created_at", "id")


def buyer_by_badge(token: str) -> Buyer | None:
    """The approved buyer whose badge carries ``token``, or None (unknown, renewed, waiting or
    refused)."""
    if not token:
        return None
    return Buyer.objects.filter(badge_token=token, status=BuyerStatus.APPROVED).first()


def exhibitors_of_member(user: AbstractBaseUser) -> QuerySet[Exhibitor]:
    """The exhibitors (places in pavilions) of the company ``user`` is a member of, the latest
    event first."""
    return (
        Exhibitor.objects.filter(company__memberships__user=user)
        .select_related("pavilion__event")
        .order_by("-pavilion__event__starts_on", "-id")
    )


def catalogues_open(now=None) -> QuerySet[Catalogue]:
    """The published catalogues of pavilions whose event has not ended, the soonest first."""
    now = now or timezone.now()
    return (
        Catalogue.objects.filter(published_at__lte=now, pavilion__event__ends_on__gte=now.date())
        .select_related("pavilion__event")
        .order_by("pavilion__event__starts_on", "pavilion_id")
    )

"""Buyers for the tests, made by the services the portal uses."""

from allauth.account.models import EmailAddress

from exhibitors.buyers import services
from exhibitors.buyers.models import Buyer
from tests.factories import UserFactory


def make_buyer(
    email: str = "buyer@rhein.example",
    *,
    approved: bool = False,
    organisation: str = "Rhein Mobility GmbH",
    country: str = "DE",
    language: str = "en",
) -> Buyer:
    """A buyer who signed up with ``email`` (verified), waiting, or approved by staff."""
    user = UserFactory(username=email, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    buyer = services.buyer_create(
        user=user,
        organisation=organisation,
        country=country,
        buyer_type="distributor",
        contact_name="Lena Vogel",
        preferred_language=language,
    )
    if approved:
        staff = UserFactory(username="approver@example.com", is_staff=True, is_superuser=True)
        services.buyer_approve(buyer=buyer, user=staff)
    return buyer

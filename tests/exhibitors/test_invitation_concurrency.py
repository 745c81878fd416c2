"""Two users accept the same single-use invitation at the same moment: exactly one joins.

Real transactions in real threads on PostgreSQL (skipped elsewhere), with the ``race`` helper
of ``test_concurrency``.
"""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection

from exhibitors.companies import invitations
from exhibitors.companies.models import CompanyInvitation, Membership
from tests.exhibitors.test_concurrency import ROUNDS, race
from tests.factories import CompanyFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions only race for real on PostgreSQL; "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_users_accepting_one_invitation_at_once_one_joins(round_):
    company = CompanyFactory()
    invitation = invitations.invitation_send(
        invitation=CompanyInvitation(company=company, email="colleague@example.com"),
        inviter=None,
    )
    # Two accounts that both hold the invited address (verified, in any letter case): what
    # two browsers sharing the link would be once the address check passes.
    users = []
    for address in ("colleague@example.com", "Colleague@Example.com"):
        user = UserFactory()
        EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
        users.append(user)

    succeeded, refused = race(
        [
            lambda user=user: invitations.invitation_accept(invitation=invitation, user=user)
            for user in users
        ],
        refused_by=invitations.InvitationError,
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    assert Membership.objects.filter(company=company).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

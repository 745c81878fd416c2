"""The companies' services: a company created with its owner, edited with its editor in the
audit trail, and an invitation accepted once.

The race (two users accept the same single-use invitation at the same moment: exactly one
joins) runs real transactions in real threads on PostgreSQL (skipped elsewhere), with the
``race`` helper of ``test_concurrency``.
"""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection

from exhibitors.companies import services
from exhibitors.companies.models import (
    Company,
    CompanyInvitation,
    Membership,
    MembershipRole,
    OrganisationKind,
)
from exhibitors.companies.registration import complete
from tests.exhibitors.test_concurrency import ROUNDS, race
from tests.factories import CompanyFactory, UserFactory


@pytest.mark.django_db
def test_a_created_company_has_its_creator_as_owner_and_in_its_history():
    user = UserFactory()
    company = services.company_create(
        company=Company(
            kind=OrganisationKind.COMPANY,
            name_ko="한빛",
            name_en="Hanbit",
            registration_number=complete("220813456"),
            representative="Kim",
            email="hello@hanbit.example",
        ),
        owner=user,
    )
    membership = Membership.objects.get(company=company)
    assert (membership.user, membership.role) == (user, MembershipRole.OWNER)
    assert company.history.get().history_user == user


@pytest.mark.django_db
def test_an_edit_is_saved_in_the_editors_name():
    company = CompanyFactory(name_en="Hanbit")
    editor = UserFactory()
    company.name_en = "Hanbit Smart Lab"
    services.company_update(company=company, user=editor)
    company.refresh_from_db()
    assert company.name_en == "Hanbit Smart Lab"
    assert company.history.latest().history_user == editor


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions only race for real on PostgreSQL; "
    "run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_users_accepting_one_invitation_at_once_one_joins(round_):
    company = CompanyFactory()
    invitation = services.invitation_send(
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
            lambda user=user: services.invitation_accept(invitation=invitation, user=user)
            for user in users
        ],
        refused_by=services.InvitationRefused,
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    assert Membership.objects.filter(company=company).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

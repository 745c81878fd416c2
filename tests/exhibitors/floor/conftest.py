"""Fixtures of the floor plan tests."""

import pytest

from tests.factories import (
    MembershipFactory,
    ThemeFactory,
    open_pavilion,
)


@pytest.fixture
def pavilion():
    """A 23 m × 12 m, 276 m² pavilion whose call is open (so that companies can apply)."""
    pavilion = open_pavilion()
    ThemeFactory(event=pavilion.event, position=1, name_en="Energy", name_ko="에너지")
    return pavilion


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client

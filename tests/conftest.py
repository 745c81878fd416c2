import pytest
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests read English unless they switch; each test starts from the same language."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client

"""The staff roles (groups from the data migration) and what each may open in the back office."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from exhibitors import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:events_event_changelist",
    "admin:events_pavilion_changelist",
    "admin:exhibitors_application_changelist",
    "admin:exhibitors_review_changelist",
    "admin:exhibitors_rankedapplication_changelist",
    "admin:exhibitors_criterion_changelist",
    "admin:exhibitors_company_changelist",
]
# 200 = may open, 403 = refused
EXPECTED = {
    roles.REVIEWER: [403, 403, 403, 200, 403, 403, 403],
    roles.PROGRAMME_MANAGER: [200, 200, 200, 200, 200, 200, 200],
    roles.FLOOR_MANAGER: [200, 200, 403, 403, 403, 403, 200],
    roles.REPORTING: [200, 200, 403, 403, 403, 403, 200],
}


def test_the_migration_created_every_role():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(roles.ALL)


@pytest.mark.parametrize("role", roles.ALL)
def test_each_role_opens_only_its_pages(client, role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    seen = [client.get(reverse(page)).status_code for page in PAGES]
    assert seen == EXPECTED[role]


def test_a_superuser_opens_everything(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert {client.get(reverse(page)).status_code for page in PAGES} == {200}


def test_staff_without_a_role_open_nothing(client):
    client.force_login(UserFactory(is_staff=True))
    assert {client.get(reverse(page)).status_code for page in PAGES} == {403}

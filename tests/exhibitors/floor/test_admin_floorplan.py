"""The floor plan page of a pavilion in the admin (``floor/admin_floorplan.py``): who may open
it, the free booths and the exhibitors still without one beside the drawing, the links to each
booth's allocation, and its query budget."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.companies.models import ExhibitorRole, OrganisationKind
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from tests.exhibitors.floor.plans import (
    HOUR,
    admin_url,
    big_pavilion,
    drawing,
    fill,
    holder,
    place,
    staff_with_role,
    without_csrf,
)
from tests.factories import (
    CompanyFactory,
    ExhibitorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English (the portal's default language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


# The admin page ---------------------------------------------------------------------------------


def test_the_pavilion_page_links_to_its_floor_plan(staff_client, pavilion):
    page = staff_client.get(reverse("admin:events_pavilion_change", args=[pavilion.pk]))
    assert f'href="{admin_url(pavilion)}"' in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.FLOOR_MANAGER, 200),
        (roles.PROGRAMME_MANAGER, 200),
        (roles.REPORTING, 200),  # may view pavilions
        (roles.REVIEWER, 403),
    ],
)
def test_who_may_open_the_floor_plan(client, pavilion, role, status):
    place(pavilion, "A1", 0, 0)
    client.force_login(staff_with_role(role))
    assert client.get(admin_url(pavilion)).status_code == status


def test_superuser_opens_the_floor_plan_and_others_are_sent_away(client, staff_user, pavilion):
    response = client.get(admin_url(pavilion))
    assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(UserFactory(is_staff=False))
    assert client.get(admin_url(pavilion)).status_code == 302
    client.force_login(UserFactory(is_staff=True))  # staff without a role
    assert client.get(admin_url(pavilion)).status_code == 403
    client.force_login(staff_user)
    assert client.get(admin_url(pavilion)).status_code == 200


def test_beside_the_plan_the_free_booths_and_the_exhibitors_without_one(client, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    place(pavilion, "A3", 6, 0)
    place(pavilion, "D1", 3, 8, kind=BoothKind.DISTRICT)
    placed, waiting, offered = holder(pavilion), holder(pavilion), holder(pavilion)
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=placed)
    booths.booth_offer(
        booth=Booth.objects.get(code="A3"),
        exhibitor=offered,
        expires_at=timezone.now() + HOUR,
    )
    district = ExhibitorFactory(
        pavilion=pavilion,
        role=ExhibitorRole.CO_EXHIBITOR,
        company=CompanyFactory(kind=OrganisationKind.DISTRICT, registration_number=None),
    )
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))

    response = client.get(admin_url(pavilion))
    page = response.content.decode()

    assert [booth.code for booth in response.context["free_booths"]] == ["A2", "D1"]
    assert 'data-free-booth="A2"' in page and 'data-free-booth="A1"' not in page
    assert 'data-offered-booth="A3"' in page
    assert {exhibitor.pk for exhibitor in response.context["unplaced"]} == {
        waiting.pk,
        offered.pk,
        district.pk,
    }
    assert f'data-unplaced="{waiting.pk}"' in page and f'data-unplaced="{placed.pk}"' not in page


def test_booths_link_to_their_allocation(staff_client, pavilion):
    booth = place(pavilion, "A1", 0, 0)
    page = staff_client.get(admin_url(pavilion)).content.decode()
    try:
        url = reverse("admin:exhibitors_booth_change", args=[booth.pk])
    except NoReverseMatch:
        # The booth admin is not registered: the drawing is there, without links.
        assert 'data-code="A1"' in page and '<a class="floorplan-booth"' not in page
    else:
        assert f'<a class="floorplan-booth" href="{url}">' in page


# Session, user, the user's and the groups' permissions, pavilion; booths with holders and
# offers, themes, applications (the plan); exhibitors without a booth.
ADMIN_QUERIES = 9
#: From the cache (exhibitors/floor/admin_floorplan.py): session, user, the user's and the
#: groups' permissions.
CACHED_QUERIES = 4


def test_the_admin_floor_plan_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    pavilion = big_pavilion()
    now = timezone.now()
    fill(pavilion, 5, now)
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    client.get(admin_url(pavilion))  # warm the content-type cache
    place(pavilion, "Z1", 0, 30)  # and the page is made again
    with django_assert_num_queries(ADMIN_QUERIES):
        small = client.get(admin_url(pavilion))
    with django_assert_num_queries(CACHED_QUERIES):
        assert without_csrf(client.get(admin_url(pavilion))) == without_csrf(small)
    fill(pavilion, 60, now)
    with django_assert_num_queries(ADMIN_QUERIES):
        large = client.get(admin_url(pavilion))
    with django_assert_num_queries(CACHED_QUERIES):
        assert without_csrf(client.get(admin_url(pavilion))) == without_csrf(large)
    assert len(drawing(small).booths) == 6
    assert len(drawing(large).booths) == 60

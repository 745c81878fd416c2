"""Every changelist answers in a fixed number of queries, whatever its number of rows."""

import pytest
from django.urls import reverse

from tests.factories import (
    CompanyFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    SideEventFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _pavilion_with_everything():
    pavilion = PavilionFactory()
    ThemeFactory(event=pavilion.event)
    SideEventFactory(pavilion=pavilion)
    exhibitor = ExhibitorFactory(pavilion=pavilion)
    MembershipFactory(company=exhibitor.company)


# Queries per changelist page (session, user, counts, the rows with their related objects,
# the filters' choices): the same with one row as with many.
CHANGELIST_QUERIES = {
    "events_series": 5,
    "events_event": 8,
    "events_theme": 7,
    "events_pavilion": 9,
    "events_sideevent": 8,
    "exhibitors_company": 6,
    "exhibitors_membership": 5,
    "exhibitors_exhibitor": 9,
}
CHANGELISTS = list(CHANGELIST_QUERIES)


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    changelist, staff_client, django_assert_num_queries
):
    url = reverse(f"admin:{changelist}_changelist")
    _pavilion_with_everything()
    staff_client.get(url)  # warm the content-type cache
    with django_assert_num_queries(CHANGELIST_QUERIES[changelist]):
        small = staff_client.get(url)
    for _ in range(6):
        _pavilion_with_everything()
    with django_assert_num_queries(CHANGELIST_QUERIES[changelist]):
        large = staff_client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.context["cl"].result_count > small.context["cl"].result_count


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_change_form_opens(changelist, staff_client):
    _pavilion_with_everything()
    app_label, model_name = changelist.split("_")
    from django.apps import apps

    obj = apps.get_model(app_label, model_name).objects.first()
    response = staff_client.get(reverse(f"admin:{changelist}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_the_admin_speaks_korean_and_english(staff_client):
    CompanyFactory(name_ko="누리모빌리티")
    url = reverse("admin:exhibitors_company_changelist")
    korean = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "사업자등록번호" in korean and "누리모빌리티" in korean
    english = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Business registration number" in english

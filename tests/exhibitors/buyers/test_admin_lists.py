"""The buyers' back-office lists whose own tests do not pin them: the catalogues, the
catalogue entries, the meeting settings and the meeting places take the same queries for a
few rows and for many."""

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitors.buyers.models import (
    Catalogue,
    CatalogueEntry,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
)
from tests.exhibitors.buyers.meeting_factories import exhibitor_with_booth, meeting_world
from tests.factories import PavilionFactory

pytestmark = pytest.mark.django_db


def _more_catalogues(world, n):
    for _ in range(n):
        Catalogue.objects.create(pavilion=PavilionFactory(), published_at=timezone.now())


def _more_entries(world, n):
    for k in range(n):
        exhibitor_with_booth(world.pavilion, f"E{k}", x=6 + 3 * k)  # agrees its entry


def _more_settings(world, n):
    for _ in range(n):
        MeetingSettings.objects.create(pavilion=PavilionFactory())


def _more_places(world, n):
    MeetingPlace.objects.bulk_create(
        MeetingPlace(pavilion=world.pavilion, kind=MeetingPlaceKind.LOUNGE, label=f"Table {k}")
        for k in range(10, 10 + n)
    )


@pytest.mark.parametrize(
    ("model", "grow"),
    [
        (Catalogue, _more_catalogues),
        (CatalogueEntry, _more_entries),
        (MeetingSettings, _more_settings),
        (MeetingPlace, _more_places),
    ],
)
def test_the_list_takes_the_same_queries_for_few_and_many_rows(
    staff_client, model, grow, django_assert_max_num_queries
):
    world = meeting_world()
    url = reverse(f"admin:exhibitors_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(30) as few:
        assert staff_client.get(url).status_code == 200
    before = model.objects.count()
    grow(world, 8)
    assert model.objects.count() == before + 8
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(url)
    assert response.context["cl"].result_count == before + 8

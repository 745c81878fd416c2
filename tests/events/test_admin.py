"""Events' back office knows nothing of exhibitors: its pavilion page is plain, and exhibitors
registers a subclass in its place (``exhibitors.admin_pavilions``) with the exhibitors, the
criteria, the floor plan, the booth actions and the outcome pages, at the same addresses."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events import admin as events_admin
from events.models import Pavilion
from exhibitors import admin_pavilions
from tests.factories import open_pavilion

pytestmark = pytest.mark.django_db


def test_events_pavilion_admin_is_plain_and_exhibitors_registers_its_own():
    plain = events_admin.PavilionAdmin
    assert plain.inlines == [events_admin.SideEventInline]
    assert "exhibitor_count" not in plain.list_display
    assert not hasattr(plain, "dashboard_view") and not hasattr(plain, "floor_plan_view")
    registered = admin.site._registry[Pavilion]
    assert type(registered) is admin_pavilions.PavilionAdmin
    assert isinstance(registered, plain)
    assert registered.inlines == [
        admin_pavilions.CriterionInline,
        events_admin.SideEventInline,
        admin_pavilions.ExhibitorInline,
    ]


def test_the_pavilion_admin_addresses_keep_their_names():
    for name in ("floor_plan", "dashboard", "publish_revised", "dashboard_xlsx"):
        assert reverse(f"admin:events_pavilion_{name}", args=[7]).startswith(
            "/admin/events/pavilion/7/"
        )


def test_the_pavilion_list_and_page_show_the_exhibitors_parts(staff_client):
    pavilion = open_pavilion()
    listing = staff_client.get(reverse("admin:events_pavilion_changelist")).text
    assert "column-exhibitor_count" in listing
    page = staff_client.get(reverse("admin:events_pavilion_change", args=[pavilion.pk])).text
    assert 'name="exhibitors-TOTAL_FORMS"' in page and 'name="criteria-TOTAL_FORMS"' in page
    assert "floorplan-link" in page


def test_the_results_page_keeps_its_public_address():
    assert reverse("exhibitors:results", args=["expo", "seoul"]) == "/events/expo/seoul/results/"

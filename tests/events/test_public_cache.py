"""The public pages come from the cache (events/public.py), and a visitor never sees a copy
older than the last edit or a call on the wrong list after it has opened or closed."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import public
from events.models import Pavilion
from tests.factories import SideEventFactory, ThemeFactory, open_pavilion

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _section(html, heading_id):
    """The text of one of the home page's sections, up to the next section."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_the_home_page_reads_its_lists_from_the_cache(client, django_assert_num_queries):
    open_pavilion(name_en="Seoul Pavilion")
    client.get("/")  # fills the cache
    with django_assert_num_queries(0):  # anonymous: no session, no list queried
        response = client.get("/")
    assert "Seoul Pavilion" in _section(response.text, "open-calls")


def test_an_edit_shows_on_the_home_page_at_once(client):
    pavilion = open_pavilion(name_en="Seoul Pavilion")
    client.get("/")
    pavilion.name_en = "Seoul Smart City Pavilion"
    pavilion.save()
    assert "Seoul Smart City Pavilion" in client.get("/").text

    pavilion.event.name_en = "Renamed Expo 2030"
    pavilion.event.save()
    assert "Renamed Expo 2030" in client.get("/").text

    pavilion.delete()
    assert "Seoul Smart City Pavilion" not in client.get("/").text


def test_the_second_invalidation_comes_with_the_commit(django_capture_on_commit_callbacks):
    """A visitor reading between the save and the commit caches the old rows under the token
    of the moment; the commit replaces that token again."""
    pavilion = open_pavilion()
    with django_capture_on_commit_callbacks() as callbacks:
        pavilion.save()
        during = public.version()
    for callback in callbacks:
        callback()
    assert public.version() != during


def test_a_call_moves_to_past_pavilions_when_it_closes(client):
    """Cached until the next deadline: the list is right one second after it, with no edit."""
    pavilion = open_pavilion(name_en="Closing Pavilion")
    before = pavilion.applications_close_at - datetime.timedelta(seconds=5)
    with time_machine.travel(before, tick=False):
        html = client.get("/").text
        assert "Closing Pavilion" in _section(html, "open-calls")
    with time_machine.travel(pavilion.applications_close_at + datetime.timedelta(seconds=1)):
        html = client.get("/").text
    assert "Closing Pavilion" not in _section(html, "open-calls")
    assert "Closing Pavilion" in _section(html, "past-pavilions")


def test_an_upcoming_call_moves_to_open_calls_when_it_opens(client):
    now = timezone.now()
    open_pavilion(
        name_en="Next Pavilion",
        applications_open_at=now + datetime.timedelta(minutes=10),
        applications_close_at=now + datetime.timedelta(days=30),
    )
    assert "Next Pavilion" in _section(client.get("/").text, "upcoming-calls")
    with time_machine.travel(now + datetime.timedelta(minutes=11)):
        html = client.get("/").text
    assert "Next Pavilion" in _section(html, "open-calls")


def test_each_language_has_its_own_copy(client):
    open_pavilion(name_en="Seoul Pavilion", name_ko="서울관")
    assert "Seoul Pavilion" in client.get("/").text
    client.cookies["django_language"] = "ko"
    html = client.get("/").text
    assert "서울관" in html
    assert "Seoul Pavilion" not in html


def test_the_pavilion_page_shows_edits_of_its_parts_at_once(client, django_assert_num_queries):
    pavilion = open_pavilion()
    url = pavilion.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)

    SideEventFactory(pavilion=pavilion, name_en="Investor night")
    ThemeFactory(event=pavilion.event, name_en="Energy", name_ko="에너지")
    pavilion.organiser_en = "Seoul Business Agency"
    pavilion.save()
    html = client.get(url).text
    assert "Investor night" in html
    assert "Energy" in html
    assert "Seoul Business Agency" in html


def test_the_pavilion_page_follows_the_clock(client):
    """The call's state is worked out on every request from the cached pavilion."""
    pavilion = open_pavilion()
    url = pavilion.get_absolute_url()
    assert "Sign up to apply" in client.get(url).text
    with time_machine.travel(pavilion.applications_close_at + datetime.timedelta(seconds=1)):
        html = client.get(url).text
    assert "Sign up to apply" not in html
    assert "The call has closed." in html


def test_publishing_results_from_the_admin_shows_the_link_at_once(client, staff_client):
    """The admin action writes with QuerySet.update (no signal) and invalidates itself."""
    pavilion = open_pavilion()
    pavilion.event.starts_on = timezone.localdate() - datetime.timedelta(days=10)
    pavilion.event.ends_on = timezone.localdate() - datetime.timedelta(days=7)
    pavilion.event.save()
    Pavilion.objects.filter(pk=pavilion.pk).update(
        applications_open_at=timezone.now() - datetime.timedelta(days=100),
        applications_close_at=timezone.now() - datetime.timedelta(days=50),
        confirmation_deadline=timezone.now() - datetime.timedelta(days=40),
    )
    public.changed()
    url = pavilion.get_absolute_url()
    assert "See the results" not in client.get(url).text
    staff_client.post(
        reverse("admin:events_pavilion_changelist"),
        {"action": "publish_results", "_selected_action": [pavilion.pk]},
    )
    assert "See the results" in client.get(url).text
    staff_client.post(
        reverse("admin:events_pavilion_changelist"),
        {"action": "unpublish_results", "_selected_action": [pavilion.pk]},
    )
    assert "See the results" not in client.get(url).text


def test_an_unknown_pavilion_is_not_found(client):
    assert client.get("/events/no-such-expo/seoul/").status_code == 404


def test_the_cache_can_be_turned_off(client, settings, django_assert_num_queries):
    settings.PUBLIC_CACHE_SECONDS = 0
    pavilion = open_pavilion()
    client.get("/")
    with django_assert_num_queries(3):
        client.get("/")
    client.get(pavilion.get_absolute_url())
    with django_assert_num_queries(5):  # the pavilion, themes, side events, places taken, catalogue
        client.get(pavilion.get_absolute_url())


def test_whether_places_are_left_comes_from_the_check_exhibitors_registers(monkeypatch):
    from exhibitors.applications.services import is_full

    assert is_full in public._fullness_checks  # registered at exhibitors' ready()
    public.register_fullness(is_full)  # again: once is enough
    assert public._fullness_checks.count(is_full) == 1

    pavilion = open_pavilion()
    assert not public.pavilion_page(pavilion.event.slug, pavilion.slug).is_full
    monkeypatch.setattr(public, "_fullness_checks", [lambda pavilion: True])
    public.changed()
    assert public.pavilion_page(pavilion.event.slug, pavilion.slug).is_full

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_home_lists_the_open_call_first_in_korean_by_default(client, demo):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in page
    assert "모집 중인 공모" in page
    assert page.index("서울관") < page.index("지난 전시관")


def test_home_in_english(client, demo):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open calls" in page and "Seoul Pavilion" in page


def test_the_language_switch_sets_the_language(client, demo):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Open calls" in client.get("/").content.decode()


def test_pavilion_page_shows_floor_themes_and_side_events(client, demo):
    response = client.get("/events/scewc-2024/seoul/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "276 m² (83.5 pyeong)" in page
    assert "Blue Economy" in page
    assert "4th Smart City Seoul Forum" in page


def test_an_unknown_pavilion_is_a_404(client, demo):
    assert client.get("/events/scewc-1999/seoul/").status_code == 404


def test_home_query_count_does_not_grow_with_pavilions(client, django_assert_num_queries):
    from tests.factories import PavilionFactory

    PavilionFactory()
    with django_assert_num_queries(3):
        client.get("/")
    PavilionFactory.create_batch(5)
    with django_assert_num_queries(3):
        client.get("/")


def test_static_assets_come_from_the_npm_package(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css"), "run `npm ci` (make does)"

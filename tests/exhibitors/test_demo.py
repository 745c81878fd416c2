import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from events.models import Event, Pavilion, SideEvent, Theme
from exhibitors.demo import upcoming_scewc_year
from exhibitors.models import Company, Exhibitor, Membership

pytestmark = pytest.mark.django_db

ALL_MODELS = [Event, Pavilion, Theme, SideEvent, Company, Exhibitor, Membership, get_user_model()]


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def test_seed_demo_twice_adds_nothing_the_second_time():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert "staff@example.com" in out.getvalue() and "company@example.com" in out.getvalue()


def test_the_demo_reproduces_the_2024_facts():
    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.get(slug="scewc-2024")
    assert (event.city_en, event.starts_on, event.ends_on) == (
        "Barcelona",
        datetime.date(2024, 11, 5),
        datetime.date(2024, 11, 7),
    )
    assert (event.headline_theme, event.participants, event.participant_countries) == (
        "LIVE BETTER",
        25_771,
        130,
    )
    assert list(event.themes.values_list("name_en", flat=True)) == [
        "Enabling Technologies",
        "Energy & Environment",
        "Mobility",
        "Governance & Economy",
        "Living & Inclusion",
        "Infrastructure & Buildings",
        "Blue Economy",
    ]
    pavilion = event.pavilions.get()
    assert pavilion.floor_area_m2 == 276
    assert pavilion.exhibitors.companies().count() == 15
    assert sorted(
        pavilion.exhibitors.co_exhibitors().values_list("company__name_en", flat=True)
    ) == [
        "Dongdaemun-gu, Seoul",
        "Gangnam-gu, Seoul",
        "Seocho-gu, Seoul",
    ]
    assert pavilion.side_events.count() == 4
    assert Event.objects.get(slug="scewc-2023").pavilions.get().exhibitors.companies().count() == 15
    assert Event.objects.get(slug="slw-2024").visitors == 30_000


def test_every_demo_object_passes_validation():
    call_command("seed_demo", stdout=io.StringIO())
    for model in [Event, Pavilion, Theme, SideEvent, Company, Exhibitor]:
        for obj in model.objects.all():
            obj.full_clean()


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 11, 24), datetime.date(2027, 3, 1), datetime.date(2027, 7, 31)]
)
def test_there_is_always_an_open_call(today):
    from exhibitors.demo import seed_demo

    seed_demo(today=today)
    now = datetime.datetime.combine(today, datetime.time(12)).astimezone()
    open_calls = Pavilion.objects.open_calls(now)
    assert [p.event.slug for p in open_calls] == [f"scewc-{upcoming_scewc_year(today)}"]
    open_calls.get().full_clean()


def test_the_demo_accounts_can_log_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(username="staff@example.com", password="pavilion-demo-2024")
    assert client.get("/admin/").status_code == 200
    user = get_user_model().objects.get(username="company@example.com")
    assert user.membership.company.name_en == "Hanbit Smart Lab"

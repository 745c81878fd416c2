"""The meetings' back office: settings, the pages that generate slots and places, the slot
that meetings protect, and the read-only meeting list with its filters."""

import datetime
import re

import pytest
from django.urls import reverse

from exhibitors import roles
from exhibitors.buyers.models import (
    Meeting,
    MeetingPlace,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from tests.exhibitors.buyers.meeting_factories import approved_buyer, meeting_world
from tests.exhibitors.buyers.mtgadmin_factories import a_meeting, staff_member
from tests.factories import EventFactory, PavilionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def world():
    return meeting_world()


@pytest.fixture
def programme(client):
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    return client


def generate_url(pavilion):
    return reverse("admin:exhibitors_meetingslot_generate") + f"?pavilion={pavilion.pk}"


# Settings ---------------------------------------------------------------------------------------


def test_the_programme_manager_sets_a_pavilions_rules_and_the_change_is_recorded(programme):
    pavilion = PavilionFactory()
    response = programme.post(
        reverse("admin:exhibitors_meetingsettings_add"),
        {
            "pavilion": pavilion.pk,
            "meeting_minutes": 20,
            "request_expiry_days": 2,
            "max_per_buyer_per_day": 5,
            "max_per_exhibitor_per_day": 9,
            "requests_open": "on",
        },
    )

    assert response.status_code == 302
    settings = MeetingSettings.objects.get(pavilion=pavilion)
    assert (settings.meeting_minutes, settings.requests_open) == (20, True)
    assert settings.history.get().history_type == "+"


def test_a_meeting_length_outside_the_limits_is_refused_on_its_field(programme):
    pavilion = PavilionFactory()
    response = programme.post(
        reverse("admin:exhibitors_meetingsettings_add"),
        {
            "pavilion": pavilion.pk,
            "meeting_minutes": 5,
            "request_expiry_days": 2,
            "max_per_buyer_per_day": 5,
            "max_per_exhibitor_per_day": 9,
        },
    )

    assert response.status_code == 200
    assert "meeting_minutes" in response.context["adminform"].form.errors
    assert not MeetingSettings.objects.exists()


# Slots ------------------------------------------------------------------------------------------


def test_the_generate_page_offers_the_expo_days_and_makes_the_slots(programme):
    event = EventFactory(starts_on=datetime.date(2030, 11, 5), time_zone="Europe/Madrid")
    pavilion = PavilionFactory(event=event)
    MeetingSettings.objects.create(pavilion=pavilion, meeting_minutes=30)

    page = programme.get(generate_url(pavilion))
    assert page.status_code == 200
    assert "Each slot lasts 30 minutes" in page.content.decode()
    assert "Europe/Madrid" in page.content.decode()
    assert [value for value, _label in page.context["form"].fields["days"].choices] == [
        "2030-11-05",
        "2030-11-06",
        "2030-11-07",
    ]

    response = programme.post(
        generate_url(pavilion),
        {"days": ["2030-11-05", "2030-11-06"], "blocks": "10:00-12:00, 14:00–15:00"},
        follow=True,
    )

    assert MeetingSlot.objects.filter(pavilion=pavilion).count() == 12
    assert "12 meeting slots added; 0 were there already." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?pavilion__id__exact={pavilion.pk}")


def test_a_refused_generation_shows_why_and_keeps_what_was_typed(programme, world):
    typed = "10:15-11:15"
    response = programme.post(
        generate_url(world.pavilion),
        {"days": [world.pavilion.event.starts_on.isoformat()], "blocks": typed},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "would overlap existing ones" in body
    assert f'value="{typed}"' in body
    assert MeetingSlot.objects.filter(pavilion=world.pavilion).count() == len(world.slots)


def test_a_block_that_is_not_a_time_is_refused_on_its_field(programme, world):
    response = programme.post(
        generate_url(world.pavilion),
        {"days": [world.pavilion.event.starts_on.isoformat()], "blocks": "ten to noon"},
    )

    assert response.context["form"].errors["blocks"] == [
        "“ten to noon” is not a time block; write it as 10:00-12:00."
    ]


def test_without_a_pavilion_the_page_asks_for_one(programme, world):
    response = programme.get(reverse("admin:exhibitors_meetingslot_generate"))

    assert response.status_code == 200
    assert f'href="?pavilion={world.pavilion.pk}"' in response.content.decode()


def test_reporting_may_not_generate_slots(client, world):
    client.force_login(staff_member(roles.REPORTING))

    assert client.get(generate_url(world.pavilion)).status_code == 403


def test_a_slot_with_a_booked_meeting_cannot_be_deleted(client, world):
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    slot = world.slots[0]
    a_meeting(
        world.exhibitor, world.buyer, MeetingStatus.ACCEPTED, slot=slot, place=world.exhibitor.place
    )
    url = reverse("admin:exhibitors_meetingslot_delete", args=[slot.pk])

    page = client.get(url)
    client.post(url, {"post": "yes"})

    assert page.context["title"] == "Cannot delete meeting slot"
    assert page.context["protected"]
    assert MeetingSlot.objects.filter(pk=slot.pk).exists()


def test_a_free_slot_can_be_deleted(programme, world):
    slot = world.slots[-1]

    programme.post(reverse("admin:exhibitors_meetingslot_delete", args=[slot.pk]), {"post": "yes"})

    assert not MeetingSlot.objects.filter(pk=slot.pk).exists()


def test_the_slot_list_shows_expo_time_in_a_fixed_number_of_queries(
    programme, world, django_assert_max_num_queries
):
    url = reverse("admin:exhibitors_meetingslot_changelist")
    with django_assert_max_num_queries(12):
        response = programme.get(url + f"?pavilion__id__exact={world.pavilion.pk}")
    body = response.content.decode()
    # 10:00 in Barcelona, not 18:00 in Seoul
    assert re.search(r'class="field-slot_starts"><a [^>]*>[^<]*10 a\.m\.</a>', body), body
    assert "Generate meeting slots" in body

    MeetingSlot.objects.bulk_create(
        MeetingSlot(
            pavilion=world.pavilion,
            starts_at=world.slots[-1].ends_at + datetime.timedelta(minutes=30 * n),
            ends_at=world.slots[-1].ends_at + datetime.timedelta(minutes=30 * (n + 1)),
        )
        for n in range(20)
    )
    with django_assert_max_num_queries(12):
        programme.get(url + f"?pavilion__id__exact={world.pavilion.pk}")


# Places -----------------------------------------------------------------------------------------


def test_the_places_page_adds_lounge_tables(programme, world):
    url = reverse("admin:exhibitors_meetingplace_generate") + f"?pavilion={world.pavilion.pk}"

    page = programme.get(url)
    assert page.context["form"].initial == {"lounge_tables": 2}
    response = programme.post(url, {"lounge_tables": 4}, follow=True)

    assert "2 meeting places added; 4 were there already." in response.content.decode()
    assert MeetingPlace.objects.filter(pavilion=world.pavilion, kind="lounge").count() == 4


def test_the_floor_manager_keeps_the_places(client, world):
    client.force_login(staff_member(roles.FLOOR_MANAGER))

    response = client.get(reverse("admin:exhibitors_meetingplace_changelist"))

    assert response.status_code == 200
    assert "Lounge table 1" in response.content.decode()


# Meetings ---------------------------------------------------------------------------------------


def meetings_url(**query):
    url = reverse("admin:exhibitors_meeting_changelist")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_meeting_list_filters_by_day_in_expo_time_and_by_status(programme, world):
    first_day, second_day = world.slots[0], world.slots[3]
    on_first = a_meeting(
        world.exhibitor, world.buyer, MeetingStatus.ACCEPTED, slot=first_day, place=world.tables[0]
    )
    on_second = a_meeting(
        world.exhibitor,
        world.other_buyer,
        MeetingStatus.ACCEPTED,
        slot=second_day,
        place=world.tables[0],
    )
    waiting = a_meeting(world.other_exhibitor, world.buyer)
    day = world.pavilion.event.starts_on.isoformat()

    by_day = programme.get(meetings_url(pavilion__id__exact=world.pavilion.pk, day=day))
    by_status = programme.get(meetings_url(status__exact="requested"))

    assert list(by_day.context["cl"].queryset) == [on_first]
    assert list(by_status.context["cl"].queryset) == [waiting]
    assert on_second not in by_day.context["cl"].queryset


def test_the_meeting_list_finds_a_meeting_by_buyer_or_exhibitor(programme, world):
    special = approved_buyer(organisation="Warsaw Smart Parking")
    meeting = a_meeting(world.other_exhibitor, special)
    a_meeting(world.exhibitor, world.buyer)

    by_buyer = programme.get(meetings_url(q="Warsaw"))
    by_exhibitor = programme.get(meetings_url(q=world.other_exhibitor.company.name_en))

    assert list(by_buyer.context["cl"].queryset) == [meeting]
    assert list(by_exhibitor.context["cl"].queryset) == [meeting]


def test_the_meeting_list_takes_the_same_queries_for_1_and_30_meetings(
    programme, world, django_assert_max_num_queries
):
    a_meeting(world.exhibitor, world.buyer)
    with django_assert_max_num_queries(14) as one:
        programme.get(meetings_url())
    for _n in range(29):
        a_meeting(world.other_exhibitor, approved_buyer())
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = programme.get(meetings_url())
    assert response.context["cl"].result_count == 30


def test_a_meeting_is_read_only_in_the_admin(programme, world):
    meeting = a_meeting(world.exhibitor, world.buyer)
    url = reverse("admin:exhibitors_meeting_change", args=[meeting.pk])

    page = programme.get(url)
    posted = programme.post(url, {"status": "held"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


def test_the_pavilion_page_links_to_the_board_and_the_generate_pages(programme, world):
    page = programme.get(reverse("admin:events_pavilion_change", args=[world.pavilion.pk]))
    body = page.content.decode()

    assert reverse("admin:exhibitors_meeting_board", args=[world.pavilion.pk]) in body
    assert generate_url(world.pavilion) in body
    assert "Generate meeting places" in body


def test_the_floor_manager_sees_no_board_link(client, world):
    client.force_login(staff_member(roles.FLOOR_MANAGER))
    page = client.get(reverse("admin:events_pavilion_change", args=[world.pavilion.pk]))
    body = page.content.decode()

    assert reverse("admin:exhibitors_meeting_board", args=[world.pavilion.pk]) not in body
    assert "Generate meeting places" in body
    assert Meeting.objects.count() == 0


def test_a_place_cannot_be_another_pavilions_booth(client, world):
    client.force_login(staff_member(roles.FLOOR_MANAGER))
    elsewhere = meeting_world(buyer_email="elsewhere@example.com")
    their_booth = elsewhere.exhibitor.place.booth

    response = client.post(
        reverse("admin:exhibitors_meetingplace_add"),
        {"pavilion": world.pavilion.pk, "kind": "booth", "booth": their_booth.pk, "label": "X"},
    )

    assert response.context["adminform"].form.errors["booth"] == [
        "This booth is on another pavilion's floor."
    ]
    assert not MeetingPlace.objects.filter(label="X").exists()


def test_a_lounge_table_added_by_hand_names_no_booth(client, world):
    client.force_login(staff_member(roles.FLOOR_MANAGER))

    response = client.post(
        reverse("admin:exhibitors_meetingplace_add"),
        {"pavilion": world.pavilion.pk, "kind": "lounge", "label": "Lounge table 9"},
    )

    assert response.status_code == 302
    assert MeetingPlace.objects.get(label="Lounge table 9").booth is None

"""Generating a pavilion's meeting slots and places (exhibitors.buyers.slots)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from exhibitors.buyers import slots
from exhibitors.buyers.models import MeetingPlace, MeetingPlaceKind, MeetingSlot
from exhibitors.floor.models import Booth, BoothKind
from tests.exhibitors.buyers.mtgadmin_factories import meeting_settings
from tests.factories import EventFactory, PavilionFactory

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")
FIRST_DAY = datetime.date(2030, 11, 5)


@pytest.fixture
def pavilion():
    event = EventFactory(starts_on=FIRST_DAY, time_zone="Europe/Madrid")
    pavilion = PavilionFactory(event=event)
    meeting_settings(pavilion, meeting_minutes=30)
    return pavilion


def block(starts, ends):
    return slots.TimeBlock(datetime.time.fromisoformat(starts), datetime.time.fromisoformat(ends))


def generate(pavilion, days=(FIRST_DAY,), blocks=(("10:00", "12:00"),)):
    return slots.meeting_slots_generate(
        pavilion=pavilion, days=list(days), blocks=[block(*b) for b in blocks]
    )


def local_times(pavilion):
    return [
        slot.starts_at.astimezone(MADRID).strftime("%m-%d %H:%M")
        for slot in MeetingSlot.objects.filter(pavilion=pavilion).order_by("starts_at")
    ]


def test_slots_cut_each_block_of_each_day_into_meetings_in_the_expos_time(pavilion):
    second = FIRST_DAY + datetime.timedelta(days=1)
    result = generate(pavilion, [FIRST_DAY, second], [("10:00", "11:00"), ("14:00", "15:30")])

    assert len(result.created) == 10
    assert local_times(pavilion)[:5] == [
        "11-05 10:00",
        "11-05 10:30",
        "11-05 14:00",
        "11-05 14:30",
        "11-05 15:00",
    ]
    first = MeetingSlot.objects.filter(pavilion=pavilion).earliest("starts_at")
    # 10:00 in Barcelona (CET) is 09:00 UTC; each slot lasts the pavilion's meeting length
    assert first.starts_at == datetime.datetime(2030, 11, 5, 9, 0, tzinfo=datetime.UTC)
    assert first.ends_at - first.starts_at == datetime.timedelta(minutes=30)


def test_a_block_keeps_only_whole_meetings(pavilion):
    pavilion.meeting_settings.meeting_minutes = 45
    pavilion.meeting_settings.save()

    generate(pavilion, blocks=[("10:00", "12:00")])

    assert local_times(pavilion) == ["11-05 10:00", "11-05 10:45"]


def test_generating_again_keeps_the_existing_slots_and_adds_the_missing(pavilion):
    generate(pavilion, blocks=[("10:00", "11:00")])
    again = generate(pavilion, blocks=[("10:00", "12:00")])

    assert len(again.kept) == 2 and len(again.created) == 2
    assert MeetingSlot.objects.filter(pavilion=pavilion).count() == 4


def test_a_slot_overlapping_an_existing_one_refuses_everything(pavilion):
    generate(pavilion, blocks=[("10:00", "11:00")])
    pavilion.meeting_settings.meeting_minutes = 20
    pavilion.meeting_settings.save()

    with pytest.raises(slots.SlotsRefused) as refusal:
        generate(pavilion, blocks=[("10:00", "11:00"), ("14:00", "15:00")])

    # 10:00-10:20, 10:20-10:40 and 10:40-11:00 overlap the 30-minute slots; 14:00-15:00 is free
    assert refusal.value.message.startswith(
        "3 new slots would overlap existing ones, e.g. 2030-11-05 10:00–10:20 overlaps "
        "2030-11-05 10:00–10:30 (expo time)."
    )
    assert "nothing was added" in refusal.value.message
    assert local_times(pavilion) == ["11-05 10:00", "11-05 10:30"]


@pytest.mark.parametrize(
    "days, blocks, words",
    [
        ([datetime.date(2030, 11, 8)], [("10:00", "12:00")], "2030-11-08 is not a day of"),
        ([FIRST_DAY], [("12:00", "10:00")], "ends before it starts"),
        ([FIRST_DAY], [("10:00", "10:20")], "shorter than one meeting (30 minutes)"),
        ([FIRST_DAY], [("10:00", "12:00"), ("11:00", "13:00")], "overlap"),
        ([], [("10:00", "12:00")], "at least one expo day"),
    ],
)
def test_what_cannot_be_generated_is_refused_with_its_reason(pavilion, days, blocks, words):
    with pytest.raises(slots.SlotsRefused) as refusal:
        generate(pavilion, days, blocks)

    assert words in refusal.value.message
    assert not MeetingSlot.objects.exists()


def test_without_meeting_settings_there_is_no_meeting_length():
    pavilion = PavilionFactory(event=EventFactory(starts_on=FIRST_DAY))

    with pytest.raises(slots.SlotsRefused, match="no meeting settings"):
        generate(pavilion)


def booth(pavilion, code, kind=BoothKind.COMPANY, x=0):
    return Booth.objects.create(
        pavilion=pavilion, code=code, kind=kind, x=Decimal(x), y=0, width=3, depth=3
    )


def test_places_are_the_exhibitor_booths_and_the_lounge_tables(pavilion):
    booth(pavilion, "A1")
    booth(pavilion, "D1", BoothKind.DISTRICT, x=3)
    booth(pavilion, "S", BoothKind.STAGE, x=6)

    result = slots.meeting_places_generate(pavilion=pavilion, lounge_tables=3)

    assert len(result.created) == 5
    places = MeetingPlace.objects.filter(pavilion=pavilion)
    assert sorted(places.values_list("kind", "label")) == [
        (MeetingPlaceKind.BOOTH, "Booth A1"),
        (MeetingPlaceKind.BOOTH, "Booth D1"),
        (MeetingPlaceKind.LOUNGE, "Lounge table 1"),
        (MeetingPlaceKind.LOUNGE, "Lounge table 2"),
        (MeetingPlaceKind.LOUNGE, "Lounge table 3"),
    ]


def test_places_generated_again_keep_the_existing_and_add_the_new(pavilion):
    booth(pavilion, "A1")
    slots.meeting_places_generate(pavilion=pavilion, lounge_tables=2)
    booth(pavilion, "A2", x=3)

    result = slots.meeting_places_generate(pavilion=pavilion, lounge_tables=4)

    assert [place.label for place in result.created] == [
        "Booth A2",
        "Lounge table 3",
        "Lounge table 4",
    ]
    assert result.kept == 3


def test_a_silly_number_of_tables_is_refused(pavilion):
    with pytest.raises(slots.SlotsRefused, match="from 0 to 50"):
        slots.meeting_places_generate(pavilion=pavilion, lounge_tables=51)


def test_generated_slots_and_places_make_the_cached_meeting_pages_stale(pavilion):
    """The slots and places are written in bulk (no signal): generating them replaces the
    meetings' token of portal.pagecache, so the board and the exhibitors' meetings pages
    offer them at once."""
    from exhibitors.apps import MEETINGS
    from portal import versions

    before = versions.token(MEETINGS)
    generate(pavilion)
    after_slots = versions.token(MEETINGS)
    assert after_slots != before
    slots.meeting_places_generate(pavilion=pavilion, lounge_tables=2)
    assert versions.token(MEETINGS) != after_slots

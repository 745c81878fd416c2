"""The matchmaking board (exhibitors.buyers.admin_board, exhibitors.buyers.board) and
scheduling a meeting on someone's behalf."""

import pytest
from django.urls import reverse

from exhibitors import roles
from exhibitors.buyers.board import acceptance_rate, pavilion_board
from exhibitors.buyers.models import Meeting, MeetingStatus
from tests.exhibitors.buyers.meeting_factories import approved_buyer, meeting_world
from tests.exhibitors.buyers.mtgadmin_factories import a_meeting, staff_member
from tests.factories import ExhibitorFactory

pytestmark = pytest.mark.django_db

S = MeetingStatus


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


def board_url(pavilion):
    return reverse("admin:exhibitors_meeting_board", args=[pavilion.pk])


def booked(world, exhibitor, buyer, slot, status=S.ACCEPTED):
    return a_meeting(exhibitor, buyer, status, slot=slot, place=exhibitor.place)


def test_the_board_counts_requests_per_exhibitor_and_per_buyer(world):
    buyer, other = world.buyer, world.other_buyer
    booked(world, world.exhibitor, buyer, world.slots[0], S.HELD)
    booked(world, world.exhibitor, other, world.slots[1], S.NO_SHOW)
    a_meeting(world.exhibitor, buyer, S.DECLINED)
    a_meeting(world.exhibitor, other, S.EXPIRED)
    a_meeting(world.other_exhibitor, buyer, S.REQUESTED)
    a_meeting(world.other_exhibitor, other, S.CANCELLED)

    board = pavilion_board(world.pavilion)

    rows = {row.pk: row for row in board.exhibitors}
    first, second = rows[world.exhibitor.pk], rows[world.other_exhibitor.pk]
    assert (first.requested, first.held, first.no_show, first.declined, first.expired) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert first.booked == 2 and str(first.rate) == "50.0"
    assert (second.requested, second.open, second.cancelled, second.booked) == (2, 1, 1, 0)
    assert second.rate is None  # nothing decided yet
    buyers = {row.pk: row for row in board.buyers}
    assert (buyers[buyer.pk].requested, buyers[buyer.pk].booked) == (3, 1)
    assert board.totals["requested"] == 6 and str(board.rate) == "50.0"
    assert board.exhibitors_without_meeting == [second]


def test_a_buyer_who_asked_nothing_is_counted_apart(world):
    a_meeting(world.exhibitor, world.buyer)

    board = pavilion_board(world.pavilion)

    assert [row.pk for row in board.buyers] == [world.buyer.pk]
    assert board.buyers_without_meeting == board.buyers  # asked, not booked yet
    assert board.silent_buyers == 1  # the other buyer


def test_meetings_of_another_pavilion_do_not_count(world):
    elsewhere = meeting_world(buyer_email="elsewhere@example.com")
    a_meeting(elsewhere.exhibitor, world.buyer, S.DECLINED)

    board = pavilion_board(world.pavilion)

    assert board.buyers == []
    assert board.totals["requested"] == 0


@pytest.mark.parametrize(
    "booked_, declined, expired, rate", [(0, 0, 0, None), (1, 2, 0, "33.3"), (3, 0, 1, "75.0")]
)
def test_acceptance_rate_is_booked_out_of_decided(booked_, declined, expired, rate):
    result = acceptance_rate(booked_, declined, expired)
    assert (None if result is None else str(result)) == rate


def test_the_board_page_shows_the_rows_and_who_has_no_meeting(programme, world):
    booked(world, world.exhibitor, world.buyer, world.slots[0])
    a_meeting(world.other_exhibitor, world.other_buyer)

    page = programme.get(board_url(world.pavilion))

    assert page.status_code == 200
    body = page.content.decode()
    assert f'data-exhibitor="{world.exhibitor.pk}"' in body
    assert f'data-buyer="{world.other_buyer.pk}"' in body
    without = body.split('id="exhibitors-without-meeting"')[1].split("</ul>")[0]
    assert str(world.other_exhibitor.company) in without
    assert str(world.exhibitor.company) not in without
    assert "1 request waiting" in without
    add = reverse("admin:exhibitors_meeting_add")
    assert f"{add}?pavilion={world.pavilion.pk}&amp;buyer={world.other_buyer.pk}" in body


def test_the_board_takes_the_same_queries_however_many_rows(
    programme, world, django_assert_max_num_queries
):
    a_meeting(world.exhibitor, world.buyer)
    with django_assert_max_num_queries(12) as small:
        programme.get(board_url(world.pavilion))

    for n in range(15):
        exhibitor = ExhibitorFactory(pavilion=world.pavilion)
        buyer = approved_buyer(organisation=f"Buyer {n}")
        a_meeting(exhibitor, buyer, S.DECLINED)
        a_meeting(exhibitor, world.other_buyer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = programme.get(board_url(world.pavilion))
    assert len(page.context["board"].exhibitors) == 17


def test_reporting_reads_the_board_but_schedules_nothing(client, world):
    client.force_login(staff_member(roles.REPORTING))

    page = client.get(board_url(world.pavilion))

    assert page.status_code == 200
    assert reverse("admin:exhibitors_meeting_add") not in page.content.decode()
    assert client.get(reverse("admin:exhibitors_meeting_add")).status_code == 403


def test_the_floor_manager_may_not_read_the_board(client, world):
    client.force_login(staff_member(roles.FLOOR_MANAGER))

    assert client.get(board_url(world.pavilion)).status_code == 403


# Scheduling on someone's behalf -----------------------------------------------------------------


def schedule_url(world, **query):
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return reverse("admin:exhibitors_meeting_add") + f"?pavilion={world.pavilion.pk}{extra}"


def test_staff_book_a_meeting_for_a_buyer_and_an_exhibitor(programme, world):
    page = programme.get(schedule_url(world, buyer=world.buyer.pk, exhibitor=world.exhibitor.pk))
    form = page.context["form"]
    assert form.initial == {"exhibitor": world.exhibitor.pk, "buyer": world.buyer.user.email}
    labels = {str(value): label for value, label in form.fields["slot"].choices}
    assert labels[str(world.slots[0].pk)].endswith("10:00–10:30")  # Barcelona time

    response = programme.post(
        schedule_url(world),
        {
            "exhibitor": world.exhibitor.pk,
            "buyer": world.buyer.user.email.upper(),
            "slot": world.slots[0].pk,
            "place": "",
        },
        follow=True,
    )

    meeting = Meeting.objects.get()
    assert meeting.status == S.ACCEPTED
    assert (meeting.buyer, meeting.exhibitor, meeting.slot) == (
        world.buyer,
        world.exhibitor,
        world.slots[0],
    )
    assert meeting.place == world.exhibitor.place  # the booth, free at that time
    assert response.redirect_chain[-1][0] == board_url(world.pavilion)
    assert "Meeting booked" in response.content.decode()


def test_a_refused_booking_says_why_and_keeps_the_choices(programme, world):
    booked(world, world.exhibitor, world.other_buyer, world.slots[0])

    response = programme.post(
        schedule_url(world),
        {
            "exhibitor": world.exhibitor.pk,
            "buyer": world.buyer.user.email,
            "slot": world.slots[0].pk,
            "place": world.tables[0].pk,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The exhibitor already has a meeting at this time."
    ]
    body = response.content.decode()
    assert f'value="{world.buyer.user.email}"' in body
    assert f'<option value="{world.slots[0].pk}" selected>' in body
    assert Meeting.objects.count() == 1


def test_an_unknown_buyer_address_is_refused_on_its_field(programme, world):
    response = programme.post(
        schedule_url(world),
        {
            "exhibitor": world.exhibitor.pk,
            "buyer": "nobody@example.com",
            "slot": world.slots[0].pk,
        },
    )

    assert response.context["form"].errors["buyer"] == ["No buyer signs in with this address."]
    assert not Meeting.objects.exists()


def test_another_pavilions_slot_cannot_be_chosen(programme, world):
    elsewhere = meeting_world(buyer_email="elsewhere@example.com")

    response = programme.post(
        schedule_url(world),
        {
            "exhibitor": world.exhibitor.pk,
            "buyer": world.buyer.user.email,
            "slot": elsewhere.slots[0].pk,
        },
    )

    assert "slot" in response.context["form"].errors
    assert not Meeting.objects.exists()

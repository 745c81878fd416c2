"""The booth service: the floor rules and their messages, offers, the layout generator, the
automatic allocation, the ``allocate_booths`` command, and the issue's done-when on the demo.

Everything is built through the services the portal uses; every refusal names the booth and
the rule it breaks."""

import datetime
import io
import json
import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.utils import timezone

from events.models import Pavilion
from exhibitors.applications import services as applications
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.floor import selectors
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from exhibitors.floor.services import BoothRefused
from tests.exhibitors.floor import (
    adjacent,
    booth,
    connected,
    district,
    exhibitor,
    floor,
    reviewer,
    row,
    theme,
)
from tests.factories import PavilionFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def refusal(call):
    with pytest.raises(BoothRefused) as caught:
        call()
    return caught.value


# Placing booths on the floor ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "width", "depth"),
    [(21, 0, 3, 3), (0, 10, 3, 3), (-1, 0, 3, 3), (0, -0.5, 3, 3), (0, 0, 24, 1)],
)
def test_a_booth_outside_the_floor_is_refused(x, y, width, depth):
    pavilion = floor()
    error = refusal(lambda: booth(pavilion, "A9", x, y, width, depth))
    assert "Booth A9 must lie inside the 23 m × 12 m floor." in error.message
    assert "x" in error.errors
    assert not Booth.objects.exists()


def test_a_booth_along_the_floor_edges_fits():
    pavilion = floor()
    booth(pavilion, "A1", 20, 9)  # its right and bottom edges are the floor's
    assert Booth.objects.get().code == "A1"


def test_overlapping_booths_are_refused_but_sharing_an_edge_is_fine():
    pavilion = floor()
    booth(pavilion, "A1", 0, 0)
    booth(pavilion, "A2", 3, 0)  # shares A1's right edge
    booth(pavilion, "B1", 0, 3)  # shares A1's bottom edge
    booth(pavilion, "B2", 3, 3)  # shares only a corner with A1
    error = refusal(lambda: booth(pavilion, "A3", 5, 2, 2, 2))
    assert "Booth A3 overlaps booth" in error.message
    assert set(Booth.objects.values_list("code", flat=True)) == {"A1", "A2", "B1", "B2"}


def test_a_booth_inside_another_is_an_overlap():
    pavilion = floor()
    booth(pavilion, "ST", 0, 0, 6, 4, kind=BoothKind.STAGE)
    error = refusal(lambda: booth(pavilion, "A1", 1, 1, 1, 1))
    assert error.message == "Booth A1 overlaps booth ST."


def test_moving_a_booth_onto_another_is_refused_and_leaves_it_where_it_was():
    pavilion = floor()
    booth(pavilion, "A1", 0, 0)
    moving = booth(pavilion, "A2", 3, 0)
    moving.x = Decimal(2)
    error = refusal(lambda: booths.booth_save(booth=moving))
    assert error.message == "Booth A2 overlaps booth A1."
    assert Booth.objects.get(code="A2").x == 3
    moving.x = Decimal(4)  # moving within its own old place is fine
    booths.booth_save(booth=moving)
    assert Booth.objects.get(code="A2").x == 4


@pytest.mark.parametrize(("width", "depth"), [(0, 3), (3, 0), (-3, 3), (3, -1)])
def test_a_booth_without_a_positive_size_is_refused(width, depth):
    pavilion = floor()
    error = refusal(lambda: booth(pavilion, "A1", 0, 0, width, depth))
    assert error.message == "Booth A1 needs a positive width and depth."
    assert not Booth.objects.exists()


def test_a_layout_over_the_floor_area_is_refused():
    """A floor of 23 m × 12 m whose usable area is only 20 m²: two 3 × 3 booths fit, not a
    third."""
    pavilion = floor(floor_area_m2=Decimal("20.00"))
    booth(pavilion, "A1", 0, 0)
    booth(pavilion, "A2", 3, 0)
    error = refusal(lambda: booth(pavilion, "A3", 6, 0))
    assert error.message == (
        "With booth A3 the booths would cover 27 m², more than the floor's 20 m²."
    )
    assert Booth.objects.count() == 2


def test_growing_a_booth_beyond_the_floor_area_is_refused():
    pavilion = floor(floor_area_m2=Decimal("20.00"))
    growing = booth(pavilion, "A1", 0, 0)
    growing.width = Decimal(7)
    error = refusal(lambda: booths.booth_save(booth=growing))
    assert "would cover 21 m²" in error.message
    assert Booth.objects.get().width == 3


# Who stands where -----------------------------------------------------------------------------


def test_a_confirmed_exhibitor_is_allocated_a_booth_by_hand():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company)
    a1.refresh_from_db()
    assert (a1.holder, a1.placed_by_hand) == (company, True)


def test_a_second_company_booth_for_one_exhibitor_is_refused():
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    company = exhibitor(pavilion, name_en="Nuri Mobility")
    booths.booth_allocate(booth=a1, exhibitor=company)
    error = refusal(lambda: booths.booth_allocate(booth=a2, exhibitor=company))
    assert error.message == (
        "Booth A2: Nuri Mobility already has a company booth; one company booth per exhibitor."
    )
    assert not Booth.objects.get(code="A2").holder


def test_a_district_in_a_company_booth_and_a_company_in_a_district_booth_are_refused():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    d1 = booth(pavilion, "D1", 3, 0, kind=BoothKind.DISTRICT)
    gangnam = district(pavilion)
    company = exhibitor(pavilion, name_en="Nuri Mobility")
    error = refusal(lambda: booths.booth_allocate(booth=a1, exhibitor=gangnam))
    assert error.message == "Booth A1 is a company booth; Gangnam-gu, Seoul cannot stand in it."
    error = refusal(lambda: booths.booth_allocate(booth=d1, exhibitor=company))
    assert error.message == "Booth D1 is a district booth; Nuri Mobility cannot stand in it."
    booths.booth_allocate(booth=d1, exhibitor=gangnam)
    assert Booth.objects.get(code="D1").holder == gangnam


def test_a_booth_for_a_company_that_does_not_exhibit_in_the_pavilion_is_refused():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    elsewhere = exhibitor(floor(), name_en="Greencell Energy")
    error = refusal(lambda: booths.booth_allocate(booth=a1, exhibitor=elsewhere))
    assert error.message == "Booth A1: Greencell Energy does not exhibit in this pavilion."


def test_a_company_whose_place_is_not_confirmed_is_no_exhibitor():
    """Accepted but not confirmed: the company holds a place, not yet an exhibitor's."""
    from tests.factories import ApplicationFactory

    pavilion = floor()
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None)
    applications.application_accept(application=application, user=None, notify=False)
    assert not Exhibitor.objects.filter(company=application.company).exists()


def test_a_stage_holds_no_exhibitor():
    pavilion = floor()
    stage = booth(pavilion, "ST", 0, 0, 6, 4, kind=BoothKind.STAGE)
    error = refusal(lambda: booths.booth_allocate(booth=stage, exhibitor=exhibitor(pavilion)))
    assert error.message == "Booth ST is a stage: it holds no exhibitor."


def test_a_booth_allocated_to_someone_is_not_given_to_another():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    first = exhibitor(pavilion, name_en="Nuri Mobility")
    booths.booth_allocate(booth=a1, exhibitor=first)
    stale = Booth.objects.get(pk=a1.pk)
    stale.holder = None  # what a second member of staff still sees
    error = refusal(lambda: booths.booth_allocate(booth=stale, exhibitor=exhibitor(pavilion)))
    assert error.message == "Booth A1 is already allocated to Nuri Mobility."
    assert Booth.objects.get(pk=a1.pk).holder == first


def test_a_booth_cannot_become_a_kind_its_holder_cannot_stand_in():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion, name_en="Nuri Mobility"))
    a1.kind = BoothKind.STORAGE
    error = refusal(lambda: booths.booth_save(booth=a1))
    assert error.message == "Booth A1 is a storage: it holds no exhibitor."
    assert Booth.objects.get(pk=a1.pk).kind == BoothKind.COMPANY


def test_releasing_frees_the_booth():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    booths.booth_allocate(booth=a1, exhibitor=exhibitor(pavilion))
    booths.booth_release(booth=a1)
    a1.refresh_from_db()
    assert (a1.holder, a1.placed_by_hand) == (None, False)


def test_an_exhibitor_that_withdraws_leaves_its_booth_free():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company)
    application = company.company.applications.get()
    applications.application_withdraw(application=application, user=None, reason="Budget")
    a1.refresh_from_db()
    assert a1.holder is None


def latest(booth_):
    return booth_.history.order_by("-history_date", "-history_id").first()


def test_a_withdrawal_frees_the_booth_by_a_move_that_says_who_and_why():
    """The withdrawal releases the booth through the floor service (not a cascade): the
    booth's history has the move, with the withdrawing user and their reason."""
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company)
    user = UserFactory()
    application = company.company.applications.get()
    applications.application_withdraw(application=application, user=user, reason="No budget")
    a1.refresh_from_db()
    assert (a1.holder, a1.placed_by_hand) == (None, False)
    version = latest(a1)
    assert (version.holder_id, version.history_type) == (None, "~")
    assert (version.history_user, version.history_change_reason) == (user, "No budget")
    assert version.prev_record.holder_id == company.pk
    assert not Exhibitor.objects.filter(pk=company.pk).exists()


def test_a_withdrawal_withdraws_an_offer_by_a_move_that_says_who_and_why():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_offer(booth=a1, exhibitor=company, expires_at=timezone.now() + DAY)
    user = UserFactory()
    application = company.company.applications.get()
    applications.application_withdraw(application=application, user=user, reason="Too far")
    version = latest(a1)
    assert (version.held_for_id, version.hold_expires_at) == (None, None)
    assert (version.history_user, version.history_change_reason) == (user, "Too far")
    assert version.prev_record.held_for_id == company.pk


def test_releasing_an_exhibitor_frees_its_booths_and_offers_and_nobody_elses():
    pavilion = floor()
    a1, a2, a3 = row(pavilion, "A", 0, 3)
    leaving, staying = exhibitor(pavilion), exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=leaving)
    booths.booth_offer(booth=a2, exhibitor=leaving, expires_at=timezone.now() + DAY)
    booths.booth_allocate(booth=a3, exhibitor=staying)
    user = UserFactory()
    released = booths.booths_release_for_exhibitor(exhibitor=leaving, user=user, reason="Gone")
    assert released == 2
    assert {b.code: (b.holder_id, b.held_for_id) for b in Booth.objects.all()} == {
        "A1": (None, None),
        "A2": (None, None),
        "A3": (staying.pk, None),
    }
    assert latest(a3).history_change_reason != "Gone"
    assert booths.booths_release_for_exhibitor(exhibitor=leaving, user=user, reason="x") == 0


@pytest.mark.parametrize("offered", [False, True])
def test_an_exhibitor_with_a_booth_or_an_offer_cannot_be_deleted_without_releasing_it(offered):
    """Forgetting the release fails loudly: the booth protects its holder and its offer."""
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    if offered:
        booths.booth_offer(booth=a1, exhibitor=company, expires_at=timezone.now() + DAY)
    else:
        booths.booth_allocate(booth=a1, exhibitor=company)
    with pytest.raises(ProtectedError):
        company.delete()
    booths.booths_release_for_exhibitor(exhibitor=company, user=None, reason="Gone")
    company.delete()
    assert Booth.objects.filter(pk=a1.pk).exists()


def test_placing_changes_the_holder_only_when_asked():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    first, second = exhibitor(pavilion), exhibitor(pavilion)
    booths.booth_place(booth=Booth.objects.get(pk=a1.pk), holder=first)
    moved = Booth.objects.get(pk=a1.pk)
    moved.x = Decimal(3)
    booths.booth_place(booth=moved)  # the holder stays
    assert Booth.objects.values_list("x", "holder", "placed_by_hand").get(pk=a1.pk) == (
        Decimal(3),
        first.pk,
        True,
    )
    assert booths.booth_place_refusals(booth=moved, holder=second, seen_holder_id=None) == {
        "holder": f"Booth A1 was allocated to {first.company} meanwhile; check the holder again."
    }
    booths.booth_place(booth=moved, holder=second)
    assert Booth.objects.get(pk=a1.pk).holder_id == second.pk
    booths.booth_place(booth=moved, holder=None)
    assert Booth.objects.values_list("holder", "placed_by_hand").get(pk=a1.pk) == (None, False)


# Offers ----------------------------------------------------------------------------------------


def test_an_offer_keeps_the_booth_for_the_exhibitor_until_it_expires():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    offered, other = exhibitor(pavilion, name_en="Nuri Mobility"), exhibitor(pavilion)
    now = timezone.now()
    booths.booth_offer(booth=a1, exhibitor=offered, expires_at=now + 2 * DAY, now=now)
    error = refusal(lambda: booths.booth_allocate(booth=a1, exhibitor=other, now=now + DAY))
    assert error.message.startswith("Booth A1 is offered to Nuri Mobility until ")
    booths.booth_offer_accept(booth=a1, exhibitor=offered, now=now + DAY)
    a1.refresh_from_db()
    assert (a1.holder, a1.placed_by_hand, a1.held_for) == (offered, True, None)


def test_an_offer_that_expires_frees_the_booth():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    offered, other = exhibitor(pavilion), exhibitor(pavilion)
    now = timezone.now()
    booths.booth_offer(booth=a1, exhibitor=offered, expires_at=now + DAY, now=now)
    assert booths.offers_expire(now=now + DAY / 2) == 0
    assert booths.offers_expire(now=now + 2 * DAY) == 1
    a1.refresh_from_db()
    assert (a1.held_for, a1.hold_expires_at, a1.holder) == (None, None, None)
    error = refusal(lambda: booths.booth_offer_accept(booth=a1, exhibitor=offered))
    assert error.message == "This booth is not offered to you."
    booths.booth_allocate(booth=a1, exhibitor=other)  # free for anyone again
    assert Booth.objects.get(pk=a1.pk).holder == other


def test_an_expired_offer_cannot_be_accepted_even_before_it_is_cleared():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    offered = exhibitor(pavilion)
    now = timezone.now()
    booths.booth_offer(booth=a1, exhibitor=offered, expires_at=now + DAY, now=now)
    error = refusal(
        lambda: booths.booth_offer_accept(booth=a1, exhibitor=offered, now=now + 2 * DAY)
    )
    assert error.message == "The offer of booth A1 has expired."


def test_an_offer_must_expire_in_the_future_and_is_for_free_booths():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    now = timezone.now()
    error = refusal(lambda: booths.booth_offer(booth=a1, exhibitor=company, expires_at=now))
    assert error.message == "An offer must expire in the future."
    booths.booth_allocate(booth=a1, exhibitor=company)
    error = refusal(lambda: booths.booth_offer(booth=a1, exhibitor=company, expires_at=now + DAY))
    assert error.message == "Booth A1 is already allocated."


def test_an_exhibitor_with_a_booth_accepting_an_offer_moves_to_it():
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company, by_hand=False)
    booths.booth_offer(booth=a2, exhibitor=company, expires_at=timezone.now() + DAY)
    booths.booth_offer_accept(booth=a2, exhibitor=company)
    assert list(company.booths.values_list("code", flat=True)) == ["A2"]
    assert Booth.objects.get(code="A1").holder is None


def test_releasing_an_offered_booth_withdraws_the_offer():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    booths.booth_offer(booth=a1, exhibitor=exhibitor(pavilion), expires_at=timezone.now() + DAY)
    booths.booth_release(booth=a1)
    a1.refresh_from_db()
    assert (a1.held_for, a1.hold_expires_at) == (None, None)


def test_an_offered_exhibitor_that_withdraws_loses_the_offer_not_the_booth():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_offer(booth=a1, exhibitor=company, expires_at=timezone.now() + DAY)
    application = company.company.applications.get()
    applications.application_withdraw(application=application, user=None, reason="Budget")
    a1.refresh_from_db()
    assert a1.held_for is None


# The layout generator ---------------------------------------------------------------------------


def assert_no_overlaps(pavilion):
    placed = list(Booth.objects.filter(pavilion=pavilion))
    for index, a in enumerate(placed):
        for b in placed[index + 1 :]:
            assert not selectors.overlaps(a, b), (a.code, b.code)


def test_the_generator_fills_the_seoul_floor_around_the_stage():
    """23 m × 12 m, aisle 2 m: rows of 3 m × 3 m booths at y = 0 and 3 (back to back), the
    aisle, then y = 8, where the stage already stands."""
    pavilion = floor()
    booth(pavilion, "ST", 12, 8, 6, 4, kind=BoothKind.STAGE)
    created = booths.layout_generate(pavilion=pavilion, aisle=2)
    assert {(b.width, b.depth, b.kind) for b in created} == {(3, 3, BoothKind.COMPANY)}
    rows = {}
    for new in created:
        rows.setdefault(new.y, []).append(new.x)
    assert sorted(rows) == [0, 3, 8]
    assert sorted(rows[0]) == sorted(rows[3]) == [0, 3, 6, 9, 12, 15, 18]
    assert sorted(rows[8]) == [0, 3, 6, 9, 18]  # not on the stage, 12 to 18
    assert [b.code for b in created if b.y == 0] == [f"A{n}" for n in range(1, 8)]
    assert_no_overlaps(pavilion)
    total = sum(b.area for b in Booth.objects.filter(pavilion=pavilion))
    assert total == 24 + 19 * 9 <= pavilion.floor_area_m2
    assert booths.layout_generate(pavilion=pavilion, aisle=2) == []  # the floor is full


def test_the_generator_never_goes_above_the_floor_area():
    pavilion = floor(floor_area_m2=Decimal("100.00"))
    created = booths.layout_generate(pavilion=pavilion, aisle=2)
    assert len(created) == 11  # 11 × 9 = 99 m² of 100
    assert sum(b.area for b in Booth.objects.filter(pavilion=pavilion)) <= 100


def test_the_generator_leaves_the_booths_staff_placed_where_they_are():
    pavilion = floor()
    booth(pavilion, "A1", 1, 1, 2, 2)  # a code and a place the generator would use
    created = booths.layout_generate(pavilion=pavilion, aisle=Decimal("2.5"))
    assert "A1" not in {b.code for b in created}
    assert Booth.objects.get(code="A1").x == 1
    assert_no_overlaps(pavilion)
    assert sorted({b.y for b in created}) == [0, 3, Decimal("8.5")]


# Automatic allocation ---------------------------------------------------------------------------


def placed_booths(pavilion):
    return {b.holder_id: b for b in Booth.objects.filter(pavilion=pavilion, holder__isnull=False)}


def test_exhibitors_of_one_theme_stand_next_to_each_other():
    pavilion = floor()
    row(pavilion, "A", 0, 4)
    row(pavilion, "B", 3, 4)
    mobility, energy = theme(pavilion, "Mobility"), theme(pavilion, "Energy")
    groups = {
        mobility: [exhibitor(pavilion, theme=mobility) for _ in range(3)],
        energy: [exhibitor(pavilion, theme=energy) for _ in range(4)],
    }
    plan = booths.pavilion_allocate(pavilion=pavilion)
    assert (len(plan.placed), plan.unplaced) == (7, [])
    where = placed_booths(pavilion)
    for group_theme, members in groups.items():
        assert connected([where[e.pk] for e in members]), group_theme
    assert {t for _b, _e, t in plan.placed} == {mobility, energy}
    assert not Booth.objects.filter(placed_by_hand=True).exists()


def test_corner_booths_go_to_the_best_ranked_who_asked_for_one():
    """Two back-to-back rows of three: A1, A3, B1, B3 are corners (two open sides), A2 and B2
    are not. Five companies asked for a corner; the four best-ranked of them get one."""
    pavilion = floor()
    row(pavilion, "A", 0, 3)
    row(pavilion, "B", 3, 3)
    scorer = reviewer()
    askers = {
        score: exhibitor(pavilion, corner=True, score=score, by=scorer) for score in (9, 6, 5, 4, 3)
    }
    best_without_asking = exhibitor(pavilion, score=10, by=scorer)
    booths.pavilion_allocate(pavilion=pavilion)
    where = placed_booths(pavilion)
    corners = {"A1", "A3", "B1", "B3"}
    assert {where[askers[s].pk].code for s in (9, 6, 5, 4)} == corners
    assert where[askers[3].pk].code not in corners
    assert where[best_without_asking.pk].code not in corners


def test_districts_get_district_booths():
    pavilion = floor()
    row(pavilion, "A", 0, 3)
    row(pavilion, "D", 8, 2, kind=BoothKind.DISTRICT)
    gangnam = district(pavilion)
    seocho = district(pavilion, name_en="Seocho-gu, Seoul", name_ko="서울특별시 서초구")
    companies = [exhibitor(pavilion) for _ in range(3)]
    booths.pavilion_allocate(pavilion=pavilion)
    where = placed_booths(pavilion)
    assert {where[gangnam.pk].kind, where[seocho.pk].kind} == {BoothKind.DISTRICT}
    assert {where[c.pk].kind for c in companies} == {BoothKind.COMPANY}


def test_the_automatic_allocation_never_moves_a_booth_allocated_by_hand():
    pavilion = floor()
    a1, *_ = row(pavilion, "A", 0, 4)
    mobility = theme(pavilion, "Mobility")
    chosen = exhibitor(pavilion, theme=mobility)
    booths.booth_allocate(booth=a1, exhibitor=chosen, by_hand=True)
    others = [exhibitor(pavilion, theme=mobility) for _ in range(3)]
    plan = booths.pavilion_allocate(pavilion=pavilion)
    assert chosen not in [e for _b, e, _t in plan.placed]
    a1.refresh_from_db()
    assert (a1.holder, a1.placed_by_hand) == (chosen, True)
    assert set(placed_booths(pavilion)) == {chosen.pk, *(e.pk for e in others)}


def test_offered_booths_are_left_alone():
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    offered = exhibitor(pavilion)
    booths.booth_offer(booth=a1, exhibitor=offered, expires_at=timezone.now() + DAY)
    plan = booths.pavilion_allocate(pavilion=pavilion)
    assert [b.code for b, _e, _t in plan.placed] == ["A2"]
    a1.refresh_from_db()
    assert (a1.holder, a1.held_for) == (None, offered)


def test_a_booth_whose_offer_expired_is_free_for_the_allocation():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    lapsed, placed = exhibitor(pavilion), exhibitor(pavilion)
    long_ago = timezone.now() - 3 * DAY
    booths.booth_offer(booth=a1, exhibitor=lapsed, expires_at=long_ago + DAY, now=long_ago)
    booths.booth_allocate(booth=booth(pavilion, "A2", 3, 0), exhibitor=lapsed)
    plan = booths.pavilion_allocate(pavilion=pavilion)
    assert [(b.code, e) for b, e, _t in plan.placed] == [("A1", placed)]
    a1.refresh_from_db()
    assert (a1.holder, a1.held_for, a1.hold_expires_at, a1.placed_by_hand) == (
        placed,
        None,
        None,
        False,
    )


def snapshot(pavilion):
    return sorted(
        Booth.objects.filter(pavilion=pavilion).values_list(
            "code", "holder_id", "placed_by_hand", "held_for_id"
        )
    )


def test_a_second_run_changes_nothing():
    pavilion = floor()
    row(pavilion, "A", 0, 5)
    for _ in range(4):
        exhibitor(pavilion)
    first = booths.pavilion_allocate(pavilion=pavilion)
    before = snapshot(pavilion)
    second = booths.pavilion_allocate(pavilion=pavilion)
    assert (len(first.placed), second.placed, second.unplaced) == (4, [], [])
    assert snapshot(pavilion) == before


def test_who_cannot_be_placed_is_reported_with_the_reason():
    pavilion = floor()
    row(pavilion, "A", 0, 2)
    companies = [exhibitor(pavilion) for _ in range(3)]
    gangnam = district(pavilion)
    plan = booths.pavilion_allocate(pavilion=pavilion)
    assert len(plan.placed) == 2
    reasons = {e.pk: str(reason) for e, reason in plan.unplaced}
    assert set(reasons) == {gangnam.pk, *(c.pk for c in companies)} - set(placed_booths(pavilion))
    assert reasons[gangnam.pk] == "No free district booth is left."
    assert "No free company booth is left." in reasons.values()


def test_a_dry_run_writes_nothing():
    pavilion = floor()
    row(pavilion, "A", 0, 2)
    exhibitor(pavilion)
    plan = booths.pavilion_allocate(pavilion=pavilion, dry_run=True)
    assert len(plan.placed) == 1
    assert not Booth.objects.filter(holder__isnull=False).exists()


# The allocate_booths command -------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("allocate_booths", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_floor():
    pavilion = floor()
    row(pavilion, "A", 0, 2)
    booth(pavilion, "D1", 0, 8, kind=BoothKind.DISTRICT)
    mobility = theme(pavilion, "Mobility")
    company = exhibitor(pavilion, theme=mobility, name_en="Nuri Mobility")
    left_over = exhibitor(pavilion, theme=mobility, name_en="Zeta Mobility")
    exhibitor(pavilion, theme=mobility, name_en="Alpha Mobility")
    gangnam = district(pavilion)
    return pavilion, company, left_over, gangnam


def test_the_command_prints_the_plan_as_json(small_floor):
    pavilion, company, _left_over, gangnam = small_floor
    result = json.loads(run(pavilion.event.slug, "--format", "json"))
    assert set(result) == {"placed", "unplaced"}
    assert len(result["placed"]) == 3
    for placed in result["placed"]:
        assert set(placed) == {"booth", "x", "y", "width", "depth", "holder", "theme"}
    by_holder = {p["holder"]: p for p in result["placed"]}
    assert by_holder["Gangnam-gu, Seoul"]["booth"] == "D1"
    assert by_holder["Gangnam-gu, Seoul"]["theme"] == ""
    number = company.company.registration_number_display
    assert number in by_holder and by_holder[number]["theme"] == "Mobility"
    assert by_holder[number]["width"] == "3.00"
    assert [set(u) for u in result["unplaced"]] == [{"holder", "reason"}]
    assert result["unplaced"][0]["reason"] == "No free company booth is left."
    assert Booth.objects.filter(holder__isnull=False).count() == 3


def test_the_command_in_text_and_its_dry_run(small_floor):
    pavilion, company, *_ = small_floor
    out = run(pavilion.event.slug, "--dry-run")
    assert f"Would place {company.company.registration_number_display} in A" in out
    assert "Would place Gangnam-gu, Seoul in D1 (-)" in out
    assert "Could not place" in out and "No free company booth is left." in out
    assert out.strip().endswith("3 placed, 1 not placed (dry run, nothing written).")
    assert not Booth.objects.filter(holder__isnull=False).exists()
    out = run(pavilion.event.slug)
    assert out.strip().endswith("3 placed, 1 not placed.")
    assert run(pavilion.event.slug).strip().endswith("0 placed, 1 not placed.")


def test_the_command_refuses_an_unknown_event():
    with pytest.raises(CommandError, match="No pavilion"):
        run("no-such-expo")


# Done when: the demo's 2024 pavilion, its company booths emptied, filled again by the command ----


def test_the_demo_2024_pavilion_is_filled_again_grouped_by_theme():
    from exhibitors.demo import seed_demo

    seed_demo()
    pavilion = Pavilion.objects.get(event__slug="scewc-2024")
    booths_2024 = Booth.objects.filter(pavilion=pavilion)
    assert pavilion.floor_area_m2 == 276
    assert booths_2024.filter(kind=BoothKind.COMPANY).count() == 15
    assert booths_2024.filter(kind=BoothKind.DISTRICT, holder__isnull=False).count() == 3
    assert {BoothKind.STAGE, BoothKind.MEETING_LOUNGE} <= set(
        booths_2024.values_list("kind", flat=True)
    )
    booths_2024.filter(kind=BoothKind.COMPANY).update(holder=None, placed_by_hand=False)

    result = json.loads(run("scewc-2024", "--format", "json"))

    assert (len(result["placed"]), result["unplaced"]) == (15, [])
    companies = Exhibitor.objects.filter(pavilion=pavilion, role=ExhibitorRole.COMPANY)
    assert {p["holder"] for p in result["placed"]} == {
        e.company.registration_number_display for e in companies.select_related("company")
    }
    by_theme = {}
    for booth_ in booths_2024.filter(kind=BoothKind.COMPANY):
        application = booth_.holder.company.applications.get(pavilion=pavilion)
        by_theme.setdefault(application.theme.name_en, []).append(booth_)
    assert sum(len(group) for group in by_theme.values()) == 15
    for name, group in by_theme.items():
        assert connected(group), name
    before = snapshot(pavilion)
    again = json.loads(run("scewc-2024", "--format", "json"))
    assert again == {"placed": [], "unplaced": []}
    assert snapshot(pavilion) == before


def test_adjacent_means_sharing_an_edge():
    a = Booth(x=0, y=0, width=3, depth=3)
    assert adjacent(a, Booth(x=3, y=1, width=3, depth=3))
    assert not adjacent(a, Booth(x=3, y=3, width=3, depth=3))  # a corner only
    assert not adjacent(a, Booth(x=5, y=0, width=3, depth=3))


def test_a_pavilion_factory_floor_is_the_seoul_floor():
    pavilion = PavilionFactory()
    assert (pavilion.floor_width_m, pavilion.floor_depth_m) == (23, 12)


def _sides_pair_by_pair(layout):
    """Open sides by the rule itself: a side is closed when another booth's opposite side
    lies on the same line and they share part of their length."""

    def shares(a_start, a_end, b_start, b_end):
        return a_start < b_end and b_start < a_end

    result = {}
    for a in layout:
        closed = set()
        for b in layout:
            if b is a:
                continue
            if b.x + b.width == a.x and shares(a.y, a.y + a.depth, b.y, b.y + b.depth):
                closed.add("left")
            if b.x == a.x + a.width and shares(a.y, a.y + a.depth, b.y, b.y + b.depth):
                closed.add("right")
            if b.y + b.depth == a.y and shares(a.x, a.x + a.width, b.x, b.x + b.width):
                closed.add("top")
            if b.y == a.y + a.depth and shares(a.x, a.x + a.width, b.x, b.x + b.width):
                closed.add("bottom")
        result[a.pk] = 4 - len(closed)
    return result


@pytest.mark.parametrize("seed", range(20))
def test_open_sides_match_the_rule_on_uneven_floors(seed):
    """Booths of mixed sizes, side by side, staggered and apart (built in memory, never
    overlapping): the quick look-up counts the same open sides as checking every pair."""
    rng = random.Random(seed)
    layout, taken = [], set()
    for pk in range(1, 60):
        width, depth = rng.choice([1, 2, 3, 4]), rng.choice([1, 2, 3])
        x, y = rng.randrange(0, 20), rng.randrange(0, 12)
        cells = {(x + i, y + j) for i in range(width) for j in range(depth)}
        if cells & taken:
            continue
        taken |= cells
        step = Decimal(rng.choice(["1", "1.5"]))
        layout.append(
            Booth(
                pk=pk,
                x=x * step,
                y=y * step,
                width=width * step,
                depth=depth * step,
            )
        )

    assert len(layout) > 10
    assert selectors.open_sides(layout) == _sides_pair_by_pair(layout)

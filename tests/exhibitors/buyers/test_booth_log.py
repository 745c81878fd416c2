"""At the booth: a consultation logged on the phone, and a meeting marked as held or no-show,
become rows of the exhibitor's outcome report (marked by where they came from, amounts to
confirm), under the report's rules."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from exhibitors.buyers import booth_log
from exhibitors.buyers.models import BuyerStatus, MeetingStatus
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    Consultation,
    ConsultationSource,
    ConsultationStage,
    OutcomeReport,
)
from tests.exhibitors.buyers.booth_factories import booth_buyer, booth_meeting
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibitor():
    pavilion = started_pavilion(days_ago=1)
    event = pavilion.event
    event.time_zone = "Europe/Madrid"
    event.save(update_fields=["time_zone"])
    return confirmed_exhibitor(pavilion)


def _log(exhibitor, **values):
    values.setdefault("buyer", None)
    values.setdefault("by", member_of(exhibitor.company))
    return booth_log.booth_consultation_log(exhibitor=exhibitor, **values)


def _submit(exhibitor):
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="Earlier",
        buyer_country="ES",
        amount_usd=Decimal(1),
    )
    outcomes.report_submit(report=report, user=None)
    return report


def test_a_walk_in_buyer_becomes_one_row_of_the_exhibitors_report_to_confirm(exhibitor):
    other = confirmed_exhibitor(exhibitor.pavilion)
    user = member_of(exhibitor.company)
    row = _log(
        exhibitor,
        organisation="  Warsaw   Logistics Association ",
        country="PL",
        product="AI triage",
        amount_usd=Decimal("25000"),
        expected_contract_usd=Decimal("100000"),
        stage=ConsultationStage.NEGOTIATING,
        note="Wants a pilot",
        by=user,
    )
    assert Consultation.objects.count() == 1
    row.refresh_from_db()
    assert row.report == OutcomeReport.objects.get(exhibitor=exhibitor)
    assert not OutcomeReport.objects.filter(exhibitor=other).exists()
    assert row.source == ConsultationSource.BOOTH and row.needs_confirmation
    assert (row.buyer_organisation, row.buyer_country.code) == (
        "Warsaw Logistics Association",
        "PL",
    )
    assert row.amount_usd == Decimal("25000") and row.expected_contract_usd == Decimal("100000")
    assert row.stage == ConsultationStage.NEGOTIATING and row.buyer is None
    assert row.history.get().history_user == user


def test_a_registered_buyer_gives_its_organisation_country_and_type(exhibitor):
    buyer = booth_buyer(organisation="Tokyo Smart Mobility", country="JP", buyer_type="investor")
    row = _log(exhibitor, buyer=buyer, organisation="ignored", country="ES")
    assert row.buyer == buyer
    assert (row.buyer_organisation, row.buyer_country.code, row.buyer_type) == (
        "Tokyo Smart Mobility",
        "JP",
        "investor",
    )
    assert row.amount_usd == Decimal(0) and row.stage == ConsultationStage.CONSULTED


def test_the_date_is_today_at_the_expo_not_in_seoul(exhibitor):
    # 01:30 in Seoul on the 10th is still the 9th in Madrid.
    now = datetime.datetime(2030, 1, 9, 16, 30, tzinfo=datetime.UTC)
    event = exhibitor.pavilion.event
    event.starts_on, event.ends_on = datetime.date(2030, 1, 8), datetime.date(2030, 1, 10)
    event.save(update_fields=["starts_on", "ends_on"])
    assert timezone.localtime(now).date() == datetime.date(2030, 1, 10)
    row = _log(exhibitor, organisation="Madrid Metro", country="ES", now=now)
    assert row.met_on == datetime.date(2030, 1, 9)


def test_a_submitted_report_refuses_the_log_with_its_message(exhibitor):
    _submit(exhibitor)
    with pytest.raises(booth_log.BoothRefused) as refused:
        _log(exhibitor, organisation="Late Buyer", country="ES")
    assert "submitted" in refused.value.message
    assert not Consultation.objects.filter(buyer_organisation="Late Buyer").exists()


def test_an_approved_report_refuses_the_log(exhibitor):
    report = _submit(exhibitor)
    outcomes.report_approve(report=report, user=None)
    with pytest.raises(booth_log.BoothRefused, match="approved"):
        _log(exhibitor, organisation="Late Buyer", country="ES")


def test_nothing_is_logged_before_the_expo():
    pavilion = started_pavilion(days_ago=-10)
    exhibitor = confirmed_exhibitor(pavilion)
    with pytest.raises(booth_log.BoothRefused, match="opens when the expo starts"):
        _log(exhibitor, organisation="Early Buyer", country="ES")
    assert not Consultation.objects.exists()


def test_a_buyer_not_approved_is_refused(exhibitor):
    buyer = booth_buyer(status=BuyerStatus.PENDING)
    with pytest.raises(booth_log.BoothRefused, match="not approved"):
        _log(exhibitor, buyer=buyer)
    assert not Consultation.objects.exists()


def test_a_walk_in_buyer_needs_an_organisation_and_a_country(exhibitor):
    with pytest.raises(booth_log.BoothRefused) as refused:
        _log(exhibitor, organisation=" ", country="")
    assert set(refused.value.errors) == {"organisation", "country"}


# Meetings ----------------------------------------------------------------------------------


def _started(exhibitor, minutes_ago=5):
    return timezone.now() - datetime.timedelta(minutes=minutes_ago)


def test_a_held_meeting_becomes_one_row_once(exhibitor):
    buyer = booth_buyer(organisation="Polish Logistics", country="PL")
    meeting = booth_meeting(exhibitor, buyer, _started(exhibitor))
    user = member_of(exhibitor.company)
    version = meeting.version
    booth_log.meeting_mark_held(meeting=meeting, by=user, version=version)
    assert meeting.status == MeetingStatus.HELD and meeting.version == version + 1
    row = Consultation.objects.get()
    assert row.report.exhibitor == exhibitor
    assert (row.source, row.meeting, row.buyer) == (ConsultationSource.MEETING, meeting, buyer)
    assert (row.buyer_organisation, row.buyer_country.code) == ("Polish Logistics", "PL")
    assert row.amount_usd == Decimal(0) and row.needs_confirmation
    assert row.met_on == meeting.slot.starts_at.astimezone(exhibitor.pavilion.event.zone).date()
    # A second tap, from the page shown before the first: refused, no second row.
    with pytest.raises(booth_log.BoothRefused, match="already marked"):
        booth_log.meeting_mark_held(meeting=meeting, by=user, version=version)
    assert Consultation.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.changed_by == user


def test_a_meeting_is_marked_only_once_it_has_started(exhibitor):
    meeting = booth_meeting(
        exhibitor, booth_buyer(), timezone.now() + datetime.timedelta(minutes=20)
    )
    with pytest.raises(booth_log.BoothRefused, match="once it has started"):
        booth_log.meeting_mark_held(meeting=meeting, by=None, version=meeting.version)
    with pytest.raises(booth_log.BoothRefused, match="once it has started"):
        booth_log.meeting_mark_no_show(meeting=meeting, by=None, version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED and not Consultation.objects.exists()


def test_a_no_show_writes_no_row_and_a_late_buyer_can_still_be_held(exhibitor):
    meeting = booth_meeting(exhibitor, booth_buyer(), _started(exhibitor, 40))
    booth_log.meeting_mark_no_show(meeting=meeting, by=None, version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NO_SHOW and not Consultation.objects.exists()
    booth_log.meeting_mark_held(meeting=meeting, by=None, version=meeting.version)
    assert meeting.status == MeetingStatus.HELD and Consultation.objects.count() == 1
    with pytest.raises(booth_log.BoothRefused, match="already marked"):
        booth_log.meeting_mark_no_show(meeting=meeting, by=None, version=meeting.version - 1)
    with pytest.raises(booth_log.BoothRefused, match="cannot be marked as a no-show"):
        booth_log.meeting_mark_no_show(meeting=meeting, by=None, version=meeting.version)


def test_a_meeting_not_booked_cannot_be_held(exhibitor):
    meeting = booth_meeting(
        exhibitor, booth_buyer(), _started(exhibitor), status=MeetingStatus.ACCEPTED
    )
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    with pytest.raises(booth_log.BoothRefused, match="cannot be marked as held"):
        booth_log.meeting_mark_held(meeting=meeting, by=None, version=meeting.version)
    assert not Consultation.objects.exists()


def test_a_submitted_report_refuses_the_held_mark_and_the_meeting_stays_as_it_was(exhibitor):
    _submit(exhibitor)
    meeting = booth_meeting(exhibitor, booth_buyer(), _started(exhibitor))
    with pytest.raises(booth_log.BoothRefused, match="submitted"):
        booth_log.meeting_mark_held(meeting=meeting, by=None, version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED and meeting.version == 1
    assert Consultation.objects.count() == 1  # the one submitted before


def test_todays_meetings_are_the_booked_ones_of_today_at_the_expo(exhibitor):
    zone = exhibitor.pavilion.event.zone
    now = timezone.now()
    today = now.astimezone(zone).date()
    at = datetime.datetime.combine(today, datetime.time(10), zone)
    early = booth_meeting(exhibitor, booth_buyer(), at)
    late = booth_meeting(exhibitor, booth_buyer(), at + datetime.timedelta(hours=13, minutes=59))
    booth_meeting(exhibitor, booth_buyer(), at + datetime.timedelta(days=1))  # tomorrow
    booth_meeting(exhibitor, booth_buyer(), at - datetime.timedelta(days=1))  # yesterday
    cancelled = booth_meeting(exhibitor, booth_buyer(), at + datetime.timedelta(hours=1))
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save(update_fields=["status"])
    other = confirmed_exhibitor(exhibitor.pavilion)
    booth_meeting(other, booth_buyer(), at + datetime.timedelta(hours=2))
    assert list(booth_log.booth_meetings_today(exhibitor, now)) == [early, late]


def test_the_buyer_search_finds_approved_buyers_only():
    found = booth_buyer(organisation="Barcelona Smart Water")
    booth_buyer(organisation="Barcelona Pending", status=BuyerStatus.PENDING)
    booth_buyer(organisation="Lisbon Ports")
    assert booth_log.booth_buyer_search("barcelona") == [found]
    assert booth_log.booth_buyer_search("b") == []
    assert booth_log.booth_buyer_by_badge(found.badge_token) == found
    assert booth_log.booth_buyer_by_badge("nope") is None


def test_a_booth_log_for_a_held_meeting_fills_in_its_row(exhibitor):
    """Held first, then the consultation logged at the booth for the same buyer that day: one
    row, the meeting's, with the logged amounts (nothing counted twice)."""
    buyer = booth_buyer(organisation="Polish Logistics", country="PL")
    meeting = booth_meeting(exhibitor, buyer, _started(exhibitor))
    booth_log.meeting_mark_held(
        meeting=meeting, by=member_of(exhibitor.company), version=meeting.version
    )
    logged = _log(
        exhibitor, buyer=buyer, product="Sensors", amount_usd=Decimal("25000"), note="Pilot"
    )
    row = Consultation.objects.get()
    assert row.pk == logged.pk and row.meeting == meeting
    assert row.source == ConsultationSource.MEETING and row.needs_confirmation
    assert (row.product, row.amount_usd, row.note) == ("Sensors", Decimal("25000"), "Pilot")


def test_a_meeting_held_after_a_booth_log_takes_that_row(exhibitor):
    """Logged at the booth first, then the meeting marked held: the logged row becomes the
    meeting's row; no second row of USD 0."""
    buyer = booth_buyer(organisation="Polish Logistics", country="PL")
    meeting = booth_meeting(exhibitor, buyer, _started(exhibitor))
    logged = _log(exhibitor, buyer=buyer, product="Sensors", amount_usd=Decimal("8000"))
    booth_log.meeting_mark_held(
        meeting=meeting, by=member_of(exhibitor.company), version=meeting.version
    )
    row = Consultation.objects.get()
    assert row.pk == logged.pk and row.meeting == meeting
    assert row.amount_usd == Decimal("8000") and row.source == ConsultationSource.BOOTH


def test_another_buyer_or_a_walk_in_gets_its_own_row(exhibitor):
    buyer = booth_buyer(organisation="Polish Logistics", country="PL")
    meeting = booth_meeting(exhibitor, buyer, _started(exhibitor))
    booth_log.meeting_mark_held(
        meeting=meeting, by=member_of(exhibitor.company), version=meeting.version
    )
    _log(exhibitor, buyer=booth_buyer(organisation="Other", country="DE"), product="A")
    _log(exhibitor, organisation="Walk-in GmbH", country="AT", product="B")
    assert Consultation.objects.count() == 3

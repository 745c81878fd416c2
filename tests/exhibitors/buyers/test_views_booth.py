"""The booth page on the exhibitor's phone: scan or choose or type the buyer, log the
consultation, mark today's meetings as held or no-show; its own exhibitor only."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exhibitors.buyers.models import BuyerStatus, MeetingStatus
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, ConsultationSource, ReportStatus
from tests.exhibitors.buyers.booth_factories import booth_buyer, booth_meeting
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion

pytestmark = pytest.mark.django_db

UNKNOWN_BADGE = "This badge is not known, or its buyer is not approved yet."


@pytest.fixture
def exhibitor():
    pavilion = started_pavilion(days_ago=1)
    event = pavilion.event
    event.time_zone = "Europe/Madrid"
    event.save(update_fields=["time_zone"])
    return confirmed_exhibitor(pavilion)


@pytest.fixture
def client(exhibitor):
    client = Client()
    client.force_login(member_of(exhibitor.company))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _url(exhibitor):
    return reverse("exhibitors:booth", args=[exhibitor.pk])


def _mark_url(exhibitor):
    return reverse("exhibitors:booth_meeting_mark", args=[exhibitor.pk])


WALK_IN = {
    "organisation": "Warsaw Logistics Association",
    "country": "PL",
    "buyer_type": "distributor",
    "product": "AI triage",
    "amount_usd": "25000",
    "expected_contract_usd": "",
    "stage": "negotiating",
    "note": "Wants a pilot in spring",
}


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_page_offers_the_scanner_the_search_and_the_form(client, exhibitor):
    response = client.get(_url(exhibitor))
    assert response.status_code == 200
    page = _text(response)
    assert 'id="booth-scanner"' in page and 'name="q"' in page
    assert 'name="organisation"' in page and 'name="amount_usd"' in page
    assert "vendor/jsqr/jsQR.js" in page and "buyers/booth.js" in page
    # Every script is a file (the CSP forbids inline ones).
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_walk_in_buyer_is_logged_once_in_the_report_to_confirm(client, exhibitor):
    response = client.post(_url(exhibitor), WALK_IN)
    assert response.status_code == 302 and response.url == _url(exhibitor)
    row = Consultation.objects.get()
    assert row.report.exhibitor == exhibitor
    assert row.source == ConsultationSource.BOOTH and row.needs_confirmation
    assert (row.buyer_organisation, row.buyer_country.code, row.stage) == (
        "Warsaw Logistics Association",
        "PL",
        "negotiating",
    )
    assert row.amount_usd == Decimal("25000") and row.expected_contract_usd == Decimal(0)
    page = _text(client.get(response.url))
    assert "Logged: Warsaw Logistics Association, USD 25,000.00." in page
    assert "Logged today: 1 consultation" in page


def test_a_scanned_badge_chooses_the_buyer(client, exhibitor):
    buyer = booth_buyer(organisation="Tokyo Smart Mobility", country="JP")
    page = _text(client.get(_url(exhibitor), {"badge": buyer.badge_token}))
    assert "Tokyo Smart Mobility" in page and UNKNOWN_BADGE not in page
    assert f'name="buyer" value="{buyer.pk}"' in page
    assert 'name="organisation"' not in page  # nothing to type
    client.post(_url(exhibitor), {"buyer": buyer.pk, "amount_usd": "1000", "stage": "consulted"})
    row = Consultation.objects.get()
    assert row.buyer == buyer and row.buyer_organisation == "Tokyo Smart Mobility"


@pytest.mark.parametrize("status", [None, BuyerStatus.PENDING, BuyerStatus.REJECTED])
def test_an_unknown_or_unapproved_badge_says_so(client, exhibitor, status):
    token = booth_buyer(status=status).badge_token if status else "no-such-badge"
    response = client.get(_url(exhibitor), {"badge": token})
    assert response.status_code == 200
    page = _text(response)
    assert UNKNOWN_BADGE in page and 'name="organisation"' in page


def test_the_unknown_badge_message_is_in_korean_too(client, exhibitor):
    response = client.get(_url(exhibitor), {"badge": "no-such-badge"}, HTTP_ACCEPT_LANGUAGE="ko")
    page = _text(response)
    assert UNKNOWN_BADGE not in page and "배지" in page


def test_the_search_lists_approved_buyers_and_chooses_one(client, exhibitor):
    found = booth_buyer(organisation="Barcelona Smart Water", country="ES")
    booth_buyer(organisation="Barcelona Pending", status=BuyerStatus.PENDING)
    page = _text(client.get(_url(exhibitor), {"q": "barcelona"}))
    assert "Barcelona Smart Water" in page and "Barcelona Pending" not in page
    assert f"?buyer={found.pk}" in page
    page = _text(client.get(_url(exhibitor), {"buyer": found.pk}))
    assert f'name="buyer" value="{found.pk}"' in page


def test_a_missing_buyer_is_marked_and_what_was_typed_stays(client, exhibitor):
    response = client.post(_url(exhibitor), {**WALK_IN, "organisation": "", "country": ""})
    assert response.status_code == 200
    page = _text(response)
    assert "Type the buyer&#x27;s organisation, or scan or choose a buyer." in page
    assert "Choose the buyer&#x27;s country." in page
    assert 'value="AI triage"' in page and "Wants a pilot in spring" in page
    assert not Consultation.objects.exists()


def test_a_submitted_report_refuses_with_its_message_and_keeps_what_was_typed(client, exhibitor):
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="Earlier",
        buyer_country="ES",
        amount_usd=Decimal(1),
    )
    outcomes.report_submit(report=report, user=None)
    response = client.post(_url(exhibitor), WALK_IN)
    assert response.status_code == 200
    page = _text(response)
    message = "This report is submitted: it can be changed again only if the foundation returns it."
    assert page.count(message) >= 1
    assert 'value="Warsaw Logistics Association"' in page and 'value="25000"' in page
    assert Consultation.objects.count() == 1
    assert report.consultations.get().buyer_organisation == "Earlier"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_another_companys_exhibitor_is_not_found(exhibitor):
    other = confirmed_exhibitor(exhibitor.pavilion)
    stranger = Client()
    stranger.force_login(member_of(other.company))
    meeting = booth_meeting(
        exhibitor, booth_buyer(), timezone.now() - datetime.timedelta(minutes=5)
    )
    assert stranger.get(_url(exhibitor)).status_code == 404
    assert stranger.post(_url(exhibitor), WALK_IN).status_code == 404
    mark = {"meeting": meeting.pk, "version": meeting.version, "mark": "held"}
    assert stranger.post(_mark_url(exhibitor), mark).status_code == 404
    # Nor through its own booth page: the meeting is another exhibitor's.
    assert stranger.post(_mark_url(other), mark).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED and not Consultation.objects.exists()


def test_held_makes_the_row_once_and_a_second_tap_is_refused(client, exhibitor):
    buyer = booth_buyer(organisation="Polish Logistics", country="PL")
    meeting = booth_meeting(exhibitor, buyer, timezone.now() - datetime.timedelta(minutes=5))
    page = _text(client.get(_url(exhibitor)))
    assert "Polish Logistics" in page and f'name="version" value="{meeting.version}"' in page
    tap = {"meeting": meeting.pk, "version": meeting.version, "mark": "held"}
    response = client.post(_mark_url(exhibitor), tap)
    assert response.status_code == 302 and response.url == _url(exhibitor)
    row = Consultation.objects.get()
    assert (row.source, row.meeting_id, row.needs_confirmation) == (
        ConsultationSource.MEETING,
        meeting.pk,
        True,
    )
    again = client.post(_mark_url(exhibitor), tap, follow=True)
    assert "This meeting is already marked “Held”." in _text(again)
    assert Consultation.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_no_show_makes_no_row(client, exhibitor):
    meeting = booth_meeting(
        exhibitor, booth_buyer(), timezone.now() - datetime.timedelta(minutes=5)
    )
    tap = {"meeting": meeting.pk, "version": meeting.version, "mark": "no_show"}
    page = _text(client.post(_mark_url(exhibitor), tap, follow=True))
    assert "marked as a no-show" in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NO_SHOW and not Consultation.objects.exists()


def test_a_meeting_not_started_shows_no_buttons_and_a_tap_is_refused(client, exhibitor):
    meeting = booth_meeting(exhibitor, booth_buyer(), timezone.now() + datetime.timedelta(hours=1))
    if meeting.slot.starts_at.astimezone(exhibitor.pavilion.event.zone).date() != (
        timezone.now().astimezone(exhibitor.pavilion.event.zone).date()
    ):
        pytest.skip("an hour from now is tomorrow at the expo")
    page = _text(client.get(_url(exhibitor)))
    assert "Mark it once it has started." in page and 'value="held"' not in page
    tap = {"meeting": meeting.pk, "version": meeting.version, "mark": "held"}
    page = _text(client.post(_mark_url(exhibitor), tap, follow=True))
    assert "mark it once it has started" in page
    assert not Consultation.objects.exists()


def test_a_bad_tap_says_so(client, exhibitor):
    page = _text(client.post(_mark_url(exhibitor), {}, follow=True))
    assert "Choose a meeting and tap" in page


def _fill(exhibitor, count):
    now = timezone.now()
    for minutes in range(count):
        booth_meeting(exhibitor, booth_buyer(), now - datetime.timedelta(minutes=minutes + 1))
        booth_log_row(exhibitor)


def booth_log_row(exhibitor):
    from exhibitors.buyers.booth_log import booth_consultation_log

    booth_consultation_log(
        exhibitor=exhibitor, buyer=None, organisation="Walk-in", country="ES", by=None
    )


@pytest.mark.parametrize("count", [1, 6])
def test_the_page_makes_the_same_queries_whatever_it_lists(
    client, exhibitor, count, django_assert_max_num_queries
):
    _fill(exhibitor, count)
    buyer = booth_buyer(organisation="Search Me")
    with django_assert_max_num_queries(11):
        response = client.get(_url(exhibitor), {"q": "Search"})
    assert response.content.count(b'data-meeting="') == count
    assert b"Search Me" in response.content
    with django_assert_max_num_queries(11):
        client.get(_url(exhibitor), {"badge": buyer.badge_token})


def test_my_outcome_reports_lead_to_the_booth_page(client, exhibitor):
    page = client.get(reverse("exhibitors:reports")).content.decode()
    assert f'href="{_url(exhibitor)}"' in page


def test_the_page_reads_in_korean(client, exhibitor):
    page = _text(client.get(_url(exhibitor), HTTP_ACCEPT_LANGUAGE="ko"))
    assert "부스 현장" in page and "상담 단계" in page and "무대" not in page

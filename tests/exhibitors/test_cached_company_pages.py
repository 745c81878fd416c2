"""The company's own cached pages (portal/pagecache.py): the exhibitor's report page, its
catalogue entry page and its meetings page. Each test opens a page (now cached), writes what
it shows the way the portal does, and opens it again: each fails if that write no longer makes
the cached copy stale (a signal watched in exhibitors.apps, a service's explicit bump), if a
copy is kept past the time it stops being true, or if a key forgets what changes the page."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitors.buyers import catalogue
from exhibitors.buyers import meetings as meeting_services
from exhibitors.buyers.models import Catalogue
from exhibitors.floor.models import Booth
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, ConsultationSource
from portal import pagecache
from tests.cached_pages import cached_no_queries as cached
from tests.cached_pages import seen
from tests.exhibitors.buyers.meeting_factories import meeting_world
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.exhibitors.outcomes.test_resources import csv_bytes, row, upload
from tests.exhibitors.outcomes.test_views import consultation, report_post
from tests.exhibitors.reporting import staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def timeouts_of(client, url, prefix):
    """The timeouts the page's parts were cached with, opening ``url`` made afresh."""
    with mock.patch.object(pagecache.cache, "set", wraps=pagecache.cache.set) as stored:
        seen(client, url)
    return [c.args[2] for c in stored.call_args_list if c.args[0].startswith(prefix)]


# The report page -------------------------------------------------------------------------------


@pytest.fixture
def exhibitor():
    return confirmed_exhibitor(started_pavilion())


@pytest.fixture
def member(client, exhibitor):
    user = member_of(exhibitor.company)
    client.force_login(user)
    return user


def report_url(exhibitor, query=""):
    return reverse("exhibitors:report", args=[exhibitor.pk]) + query


def test_the_report_page_follows_a_row_saved_through_its_form(client, exhibitor, member):
    assert "Rhein Mobility" not in cached(client, report_url(exhibitor))
    response = client.post(
        report_url(exhibitor), report_post(consultations=[consultation(exhibitor)])
    )
    assert response.status_code == 302
    assert "Rhein Mobility" in seen(client, report_url(exhibitor))


def test_the_report_page_follows_an_upload(client, exhibitor, member):
    """The upload writes its rows in bulk: the import says so."""
    assert "Hanse Traffic" not in cached(client, report_url(exhibitor))
    response = upload(
        client, exhibitor, csv_bytes([row(exhibitor, buyer_organisation="Hanse Traffic")])
    )
    assert response.status_code == 302
    assert "Hanse Traffic" in seen(client, report_url(exhibitor))


def test_the_report_page_follows_the_rows_confirmed_at_once(client, exhibitor, member):
    """Confirming writes the rows with one update (no signal): the report's save says so."""
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="Booth Visitor",
        buyer_country="DE",
        amount_usd=100,
        source=ConsultationSource.BOOTH,
        needs_confirmation=True,
    )
    assert 'data-to-confirm-count="1"' in cached(client, report_url(exhibitor))
    client.post(reverse("exhibitors:report_confirm_all", args=[exhibitor.pk]))
    assert "data-to-confirm-count" not in seen(client, report_url(exhibitor))


def test_the_report_page_follows_its_status_and_the_staff_comment(client, exhibitor, member):
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="B",
        amount_usd=1,
    )
    assert 'name="submit"' in cached(client, report_url(exhibitor))
    outcomes.report_submit(report=report, user=member)
    page = seen(client, report_url(exhibitor))
    assert 'name="submit"' not in page and "the foundation is reviewing it" in page
    outcomes.report_return(report=report, user=staff(), comment="Add the MOU scan, please.")
    page = seen(client, report_url(exhibitor))
    assert "Add the MOU scan, please." in page and 'name="submit"' in page


def test_the_report_page_follows_the_company_and_the_pavilion(client, exhibitor, member):
    assert "Renamed Robotics" not in cached(client, report_url(exhibitor))
    exhibitor.company.name_en = "Renamed Robotics"
    exhibitor.company.save()
    assert "Renamed Robotics" in seen(client, report_url(exhibitor))
    exhibitor.pavilion.name_en = "Renamed Pavilion"
    exhibitor.pavilion.save()
    assert "Renamed Pavilion" in seen(client, report_url(exhibitor))


def test_the_report_page_is_cached_apart_per_language_page_filter_and_rows(
    client, exhibitor, member
):
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=exhibitor.pavilion.event.starts_on,
            buyer_organisation=f"Buyer {n:02d}",
            amount_usd=n,
            needs_confirmation=n == 0,
            source=ConsultationSource.BOOTH if n == 0 else ConsultationSource.FORM,
        )
        for n in range(60)
    )
    pagecache.written(Consultation)
    english = cached(client, report_url(exhibitor))
    assert "Page 1 of 2" in english
    assert "Page 2 of 2" in cached(client, report_url(exhibitor, "?page=2"))
    assert "Page 1 of 2" in seen(client, report_url(exhibitor))
    assert "Page 1 of 2" not in cached(client, report_url(exhibitor, "?confirm=1"))
    assert english.count('name="consultations-') < cached(
        client, report_url(exhibitor, "?rows=8")
    ).count('name="consultations-')
    korean = cached(client, report_url(exhibitor), HTTP_ACCEPT_LANGUAGE="ko")
    assert 'id="consultations-title">수출 상담<' in korean
    assert 'id="consultations-title">Export consultations<' in english


def test_another_companys_member_never_gets_a_cached_report_page(client, exhibitor, member):
    other = member_of(confirmed_exhibitor(exhibitor.pavilion).company)
    cached(client, report_url(exhibitor))
    client.force_login(other)
    assert client.get(report_url(exhibitor)).status_code == 404


def test_a_refused_form_brings_back_what_was_typed_over_a_cached_page(client, exhibitor, member):
    cached(client, report_url(exhibitor))
    bad = report_post(
        consultations=[consultation(exhibitor, buyer_organisation="Typed Co", amount_usd="x")]
    )
    response = client.post(report_url(exhibitor), bad)
    assert response.status_code == 200
    assert 'value="Typed Co"' in response.content.decode()
    assert not Consultation.objects.exists()
    assert 'value="Typed Co"' not in seen(client, report_url(exhibitor))


# The catalogue entry page ----------------------------------------------------------------------


def entry_url(exhibitor):
    return reverse("exhibitors:catalogue_entry", args=[exhibitor.pk])


def entry_form(**changes):
    data = {
        "product_ko": "스마트 횡단보도",
        "product_en": "Smart crosswalk",
        "summary_ko": "",
        "summary_en": "Safe crossings",
        "target_markets": ["ES", "FR"],
        "partner_types": ["investor"],
        "agree": "on",
        **changes,
    }
    return data


def test_the_entry_page_follows_the_entry_saved(client, exhibitor, member):
    """Remove ``public.changed()`` from catalogue_entry_save and this fails."""
    assert "Smart crosswalk" not in cached(client, entry_url(exhibitor))
    assert client.post(entry_url(exhibitor), entry_form()).status_code == 302
    page = seen(client, entry_url(exhibitor))
    assert 'value="Smart crosswalk"' in page and "You agreed to publish the entry" in page


def test_the_entry_page_follows_the_catalogue_published(client, exhibitor, member):
    client.post(entry_url(exhibitor), entry_form())
    assert "Your entry is public" not in cached(client, entry_url(exhibitor))
    catalogue.catalogue_publish(pavilion=exhibitor.pavilion, user=staff())
    assert "Your entry is public" in seen(client, entry_url(exhibitor))


def test_the_entry_page_lasts_until_the_catalogue_is_published(client, exhibitor, member):
    Catalogue.objects.create(
        pavilion=exhibitor.pavilion, published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    timeouts = timeouts_of(client, entry_url(exhibitor), "buyers:entry:")
    assert timeouts and max(timeouts) <= 300


def test_the_entry_page_follows_the_booth(client, exhibitor, member):
    assert "Your booth" not in cached(client, entry_url(exhibitor))
    Booth.objects.create(
        pavilion=exhibitor.pavilion, code="C7", x=0, y=0, width=3, depth=3, holder=exhibitor
    )
    assert "Your booth: C7" in seen(client, entry_url(exhibitor))


def test_the_entry_page_is_cached_apart_per_language_and_company(client, exhibitor, member):
    other = member_of(confirmed_exhibitor(exhibitor.pavilion).company)
    assert "Your entry in the catalogue" in cached(client, entry_url(exhibitor))
    korean = cached(client, entry_url(exhibitor), HTTP_ACCEPT_LANGUAGE="ko")
    assert "Your entry in the catalogue" not in korean
    client.force_login(other)
    assert client.get(entry_url(exhibitor)).status_code == 404


# The meetings page -----------------------------------------------------------------------------


@pytest.fixture
def world(client):
    world = meeting_world()
    client.force_login(world.exhibitor.member)
    return world


def meetings_url(world):
    return reverse("exhibitors:exhibitor_meetings", args=[world.exhibitor.pk])


def a_request(world, slot=None):
    return meeting_services.meeting_request(
        buyer=world.buyer,
        exhibitor=world.exhibitor,
        slot=slot,
        reason="Parking",
        by=world.buyer.user,
    )


def test_the_meetings_page_follows_a_request_and_its_answer(client, world):
    assert "data-meeting=" not in cached(client, meetings_url(world))
    meeting = a_request(world, world.slots[0])
    page = cached(client, meetings_url(world))
    assert f'data-meeting="{meeting.pk}"' in page and "Your answer is needed" in page
    meeting_services.meeting_accept(
        meeting=meeting,
        place=world.exhibitor.place,
        by=world.exhibitor.member,
        version=meeting.version,
    )
    assert "Booked" in seen(client, meetings_url(world))


def test_the_meetings_page_follows_the_buyer_the_slot_and_the_place(client, world):
    meeting = a_request(world, world.slots[0])
    meeting_services.meeting_accept(
        meeting=meeting,
        place=world.exhibitor.place,
        by=world.exhibitor.member,
        version=meeting.version,
    )
    cached(client, meetings_url(world))
    world.buyer.organisation = "Renamed Buyer"
    world.buyer.save()
    assert "Renamed Buyer" in seen(client, meetings_url(world))
    world.exhibitor.place.label = "Booth A1 (front)"
    world.exhibitor.place.save()
    assert "Booth A1 (front)" in cached(client, meetings_url(world))
    slot = world.slots[0]
    slot.starts_at += datetime.timedelta(hours=2)
    slot.ends_at += datetime.timedelta(hours=2)
    slot.save()
    assert "12:00–12:30" in seen(client, meetings_url(world))


def test_the_meetings_page_follows_an_expiry(client, world):
    meeting = a_request(world)
    assert "Your answer is needed" in cached(client, meetings_url(world))
    assert meeting_services.meetings_expire(now=meeting.expires_at) == 1
    page = seen(client, meetings_url(world))
    assert "Your answer is needed" not in page and "Expired" in page


def test_the_meetings_page_lasts_until_a_request_expires(client, world):
    meeting = a_request(world)
    meeting.expires_at = timezone.now() + datetime.timedelta(minutes=5)
    meeting.save()
    timeouts = timeouts_of(client, meetings_url(world), "buyers:inbox:")
    assert timeouts and max(timeouts) <= 300


def test_the_meetings_page_lasts_until_a_meeting_starts(client, world):
    meeting = a_request(world, world.slots[0])
    meeting_services.meeting_accept(
        meeting=meeting,
        place=world.exhibitor.place,
        by=world.exhibitor.member,
        version=meeting.version,
    )
    slot = world.slots[0]
    slot.starts_at = timezone.now() + datetime.timedelta(minutes=5)
    slot.ends_at = slot.starts_at + datetime.timedelta(minutes=30)
    slot.save()
    timeouts = timeouts_of(client, meetings_url(world), "buyers:inbox:")
    assert timeouts and max(timeouts) <= 300


def test_the_meetings_page_is_cached_apart_per_language_and_company(client, world):
    a_request(world)
    assert "Your answer is needed" in cached(client, meetings_url(world))
    korean = cached(client, meetings_url(world), HTTP_ACCEPT_LANGUAGE="ko")
    assert "Your answer is needed" not in korean
    client.force_login(world.other_exhibitor.member)
    assert client.get(meetings_url(world)).status_code == 404

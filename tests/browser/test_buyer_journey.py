"""Meet the buyers in a real browser, as the people do it, page by page:

1. a foreign buyer signs up at /buyers/signup/, confirms the address through the link in the
   mail and waits for approval; a programme manager approves the buyer in the admin (the
   Buyer list's action); the buyer's page then shows the badge QR code and the catalogue;
2. the buyer opens the published catalogue, an exhibitor, "Request a meeting", picks a time,
   says why, and finds the request under "My meetings";
3. the exhibitor's member opens the requests from the application page and accepts (time and
   place); the buyer's meetings show it booked, the schedule lists it and its .ics holds it at
   the right UTC time;
4. on the expo's day, on a 390 px phone, the exhibitor opens the booth page from "My outcome
   reports", finds the buyer, logs a consultation and marks the meeting held, without any
   sideways scrolling;
5. the outcome report lists both rows.

And in Korean: the request form and the booth page (a badge scanned: ``?badge=``).

The world (pavilion, exhibitor, catalogue, slots, places) is made with the services staff and
companies use; the clock moves to the expo's day with time-machine (forward only: the cookies
the browser got stay valid). Screenshots of each step go to var/screens/.
"""

import datetime
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import icalendar
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from exhibitors import roles
from exhibitors.buyers import services as buyer_services
from exhibitors.buyers.models import (
    Buyer,
    BuyerStatus,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.buyers.slots import TimeBlock, meeting_places_generate, meeting_slots_generate
from exhibitors.outcomes.models import Consultation, ConsultationSource
from tests.browser.conftest import LOCALES, WAIT_MS, log_in, new_context
from tests.conftest import restore_staff_roles
from tests.exhibitors.buyers.catalogue_factories import booth_for, entry_for, publish
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
UTC = datetime.UTC
EMAIL = "lena.vogel@rhein-mobility.example"
PASSWORD = "buyers-browser-2030"
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^/\s\"'<>]+/")
SCREENS = Path(settings.VAR_DIR) / "screens"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _failure(page):
    name = "failure-" + re.sub(r"\W+", "-", _path(page)).strip("-")
    try:
        _shot(page, name)
        print(f"The browser was at {page.url}; screenshot: {SCREENS / name}.png")
    except PlaywrightError:
        pass


def _path(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


def _phone_context(browser, live_server, user, *, language="en"):
    """A 390 px wide touch phone reading ``language``, logged in as ``user``."""
    locale = LOCALES[language]
    context = browser.new_context(
        base_url=live_server.url,
        locale=locale,
        extra_http_headers={"Accept-Language": f"{locale},{language};q=0.9"},
        reduced_motion="reduce",
        **PHONE,
    )
    context.set_default_timeout(WAIT_MS)
    log_in(context, live_server, user)
    return context


class World:
    """A pavilion 20 days ahead in Barcelona (Europe/Madrid), its catalogue published with one
    exhibitor at booth A1, meetings open with slots 10:00–12:00 on the first two days, the
    booth and two lounge tables as places."""

    def __init__(self):
        restore_staff_roles()  # an earlier transactional test may have flushed the groups
        self.pavilion = started_pavilion(days_ago=-20)
        event = self.pavilion.event
        event.time_zone = "Europe/Madrid"
        event.save(update_fields=["time_zone"])
        self.exhibitor = confirmed_exhibitor(self.pavilion)
        company = self.exhibitor.company
        company.name_en, company.name_ko = "Hanbit Smart Lab", "한빛스마트랩"
        company.save(update_fields=["name_en", "name_ko"])
        self.member = member_of(company)
        entry_for(self.exhibitor, user=self.member, product_en="Smart parking sensor")
        booth_for(self.exhibitor, "A1", 0)
        publish(self.pavilion)
        MeetingSettings.objects.create(pavilion=self.pavilion, requests_open=True)
        days = [event.starts_on, event.starts_on + datetime.timedelta(days=1)]
        meeting_slots_generate(
            pavilion=self.pavilion,
            days=days,
            blocks=[TimeBlock(datetime.time(10), datetime.time(12))],
        )
        meeting_places_generate(pavilion=self.pavilion, lounge_tables=2)
        self.manager = UserFactory(username="programme@foundation.example", is_staff=True)
        self.manager.groups.add(Group.objects.get(name=roles.PROGRAMME_MANAGER))

    def at(self, day_offset, hour, minute=0):
        """A moment of the expo, Barcelona time."""
        day = self.pavilion.event.starts_on + datetime.timedelta(days=day_offset)
        return datetime.datetime.combine(day, datetime.time(hour, minute), MADRID)


@pytest.fixture
def world(transactional_db):
    return World()


def _sign_up(page, live_server):
    """Step 1a: the sign-up form, the mail, the confirmation; the buyer's page says "waiting"."""
    page.goto(reverse("exhibitors:buyer_signup"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=organisation]", "Rhein Mobility GmbH")
    page.select_option("select[name=country]", "DE")
    page.select_option("select[name=buyer_type]", "distributor")
    page.fill("input[name=contact_name]", "Lena Vogel")
    page.fill("textarea[name=interests]", "Parking sensors for German cities")
    page.check("input[name=privacy_consent]")
    _shot(page, "01-buyer-signup")
    page.locator("form:has(input[name=password1]) button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")

    messages = [m for m in mail.outbox if EMAIL in m.to]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    link = CONFIRM_LINK.search(messages[0].body)
    assert link, messages[0].body
    assert link.group(0).startswith(live_server.url)
    page.goto(link.group(0))
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/confirm-email/" not in url)

    page.goto(reverse("exhibitors:buyer_home"))
    status = page.locator("#buyer-status")
    expect(status).to_contain_text("Waiting for approval")
    expect(page.locator(".card svg")).to_have_count(0)  # no badge before approval
    _shot(page, "02-buyer-waiting")


def _approve_in_admin(browser, live_server, world, buyer):
    """Step 1b: the programme manager selects the buyer and runs "Approve"."""
    context = new_context(browser, live_server, user=world.manager)
    page = context.new_page()
    try:
        page.goto(reverse("admin:exhibitors_buyer_changelist") + "?status__exact=pending")
        row = page.locator("#result_list tbody tr", has_text="Rhein Mobility GmbH")
        expect(row).to_have_count(1)
        row.locator("input[name=_selected_action]").check()
        page.select_option("select[name=action]", "approve")
        page.locator("button[name=index]").click()
        expect(page.locator(".messagelist .success")).to_contain_text("1 buyer approved")
        _shot(page, "03-admin-buyer-approved")
    except Exception:
        _failure(page)
        raise
    finally:
        context.close()
    buyer.refresh_from_db()
    assert buyer.status == BuyerStatus.APPROVED
    approvals = [m for m in mail.outbox if EMAIL in m.to]
    assert len(approvals) == 2, [m.subject for m in approvals]  # the confirmation, the approval


def _request_meeting(page, world, slot):
    """Step 2: catalogue → exhibitor → "Request a meeting" → a time and a reason → sent."""
    page.locator("#catalogues + ul a").first.click()
    page.wait_for_url(re.compile(r"/catalogue/$"))
    _shot(page, "05-catalogue")
    page.get_by_role("link", name="Hanbit Smart Lab").click()
    page.wait_for_url(re.compile(rf"/catalogue/{world.exhibitor.pk}/$"))
    expect(page.locator("[data-booth]")).to_have_text("A1")
    _shot(page, "06-catalogue-exhibitor")
    page.locator("[data-meeting-request]").click()
    page.wait_for_url(
        re.compile(re.escape(reverse("exhibitors:meeting_request", args=[world.exhibitor.pk])))
    )
    expect(page.locator("h1")).to_contain_text("Request a meeting with Hanbit Smart Lab")
    page.select_option("select[name=slot]", str(slot.pk))
    page.fill("textarea[name=reason]", "We buy parking sensors for twelve German cities.")
    _shot(page, "07-meeting-request-form")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(re.escape(reverse("exhibitors:buyer_meetings")) + "$"))
    expect(page.locator(".alert-success")).to_contain_text(
        "Your request is sent to Hanbit Smart Lab"
    )
    row = page.locator("tr[data-meeting]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Hanbit Smart Lab")
    expect(row).to_contain_text("10:30–11:00")
    expect(row).to_contain_text("Waiting for the other side")
    _shot(page, "08-buyer-meetings-requested")


def _accept(browser, live_server, world, meeting):
    """Step 3a: the exhibitor's member, from the application page, accepts at its booth."""
    context = new_context(browser, live_server, user=world.member)
    page = context.new_page()
    try:
        application = world.exhibitor.company.applications.get(pavilion=world.pavilion)
        page.goto(reverse("exhibitors:application", args=[application.pk]))
        page.get_by_role("link", name="Buyer meetings").click()
        page.wait_for_url(
            re.compile(
                re.escape(reverse("exhibitors:exhibitor_meetings", args=[world.exhibitor.pk])) + "$"
            )
        )
        row = page.locator(f"tr[data-meeting='{meeting.pk}']")
        expect(row).to_contain_text("Rhein Mobility GmbH")
        expect(row).to_contain_text("Your answer is needed")
        _shot(page, "09-exhibitor-inbox")
        row.get_by_role("link", name="Answer").click()
        page.wait_for_url(re.compile(rf"/meetings/{world.exhibitor.pk}/{meeting.pk}/$"))
        accept = page.locator("form", has=page.locator("input[name$=action][value=accept]"))
        # The time asked for and the exhibitor's own booth come filled in.
        expect(accept.locator("select[name$=slot]")).to_have_value(str(meeting.requested_slot_id))
        expect(accept.locator("select[name$=place] option:checked")).to_have_text("Booth A1")
        _shot(page, "10-exhibitor-accept-form")
        accept.get_by_role("button", name="Accept the meeting").click()
        page.wait_for_url(re.compile(rf"/meetings/{world.exhibitor.pk}/$"))
        expect(page.locator(f"tr[data-meeting='{meeting.pk}']")).to_contain_text("Booked")
        _shot(page, "11-exhibitor-inbox-booked")
    except Exception:
        _failure(page)
        raise
    finally:
        context.close()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED


def _schedule_and_ics(page, slot, tmp_path):
    """Step 3b: the buyer sees it booked, in the schedule, and in the .ics at the UTC time."""
    page.goto(reverse("exhibitors:buyer_meetings"))
    row = page.locator("tr[data-meeting]")
    expect(row).to_contain_text("Booked")
    expect(row).to_contain_text("Booth A1")
    _shot(page, "12-buyer-meetings-booked")
    page.get_by_role("link", name="My schedule").click()
    page.wait_for_url(re.compile(re.escape(reverse("exhibitors:buyer_schedule")) + "$"))
    scheduled = page.locator("tr[data-meeting]")
    expect(scheduled).to_have_count(1)
    expect(scheduled).to_contain_text("10:30–11:00")
    expect(scheduled).to_contain_text("Hanbit Smart Lab")
    expect(scheduled).to_contain_text("Booth A1")
    _shot(page, "13-buyer-schedule")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    path = tmp_path / "schedule.ics"
    download.value.save_as(str(path))
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    start = events[0].decoded("DTSTART")
    # 10:30 in Barcelona, whatever the season: the same instant in UTC.
    assert start.astimezone(UTC) == slot.starts_at.astimezone(UTC)
    assert start.astimezone(MADRID).time() == datetime.time(10, 30)
    assert events[0].decoded("DTEND").astimezone(UTC) == slot.ends_at.astimezone(UTC)
    assert "Hanbit Smart Lab" in str(events[0].get("SUMMARY"))


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


def _at_the_booth(browser, live_server, world, meeting):
    """Step 4: on the expo's day, on the phone: the booth page from "My outcome reports", the
    buyer found by the search, a consultation logged; the meeting marked held."""
    context = _phone_context(browser, live_server, world.member)
    page = context.new_page()
    booth_path = reverse("exhibitors:booth", args=[world.exhibitor.pk])
    try:
        page.goto(reverse("exhibitors:reports"))
        page.get_by_role("link", name="At the booth").click()
        page.wait_for_url(re.compile(re.escape(booth_path) + "$"))
        expect(page.locator("h1")).to_have_text("At the booth")
        today = page.locator(f"[data-meeting='{meeting.pk}']")
        expect(today).to_contain_text("Rhein Mobility GmbH")
        expect(today).to_contain_text("10:30 a.m.")  # the expo's time, not Seoul's
        _no_sideways_scroll(page)
        _shot(page, "14-booth-phone")

        page.fill("#booth-q", "rhein")
        page.get_by_role("button", name="Search").click()
        result = page.locator("[data-search-results] a", has_text="Rhein Mobility GmbH")
        expect(result).to_have_count(1)
        _no_sideways_scroll(page)
        _shot(page, "15-booth-search")
        result.click()
        expect(page.locator("[data-chosen-buyer]")).to_contain_text("Rhein Mobility GmbH")
        page.fill("input[name=product]", "Smart parking sensor")
        page.fill("input[name=amount_usd]", "25000")
        page.locator("label", has_text="Negotiating").click()
        page.fill("textarea[name=note]", "Pilot in Cologne next spring")
        _no_sideways_scroll(page)
        _shot(page, "16-booth-log-form")
        page.get_by_role("button", name="Log the consultation").click()
        page.wait_for_url(re.compile(re.escape(booth_path) + "$"))
        expect(page.locator(".alert-success")).to_contain_text(
            "Logged: Rhein Mobility GmbH, USD 25,000.00"
        )
        expect(page.locator("#booth-logged")).to_have_text("Logged today: 1 consultation")
        _no_sideways_scroll(page)
        _shot(page, "17-booth-logged")

        page.locator(f"[data-meeting='{meeting.pk}']").get_by_role("button", name="Held").click()
        page.wait_for_url(re.compile(re.escape(booth_path) + "$"))
        expect(page.locator(".alert-success")).to_contain_text(
            "Meeting with Rhein Mobility GmbH held"
        )
        # The meeting takes the row logged for its buyer that day: one encounter, one row.
        expect(page.locator("#booth-logged")).to_have_text("Logged today: 1 consultation")
        _no_sideways_scroll(page)
        _shot(page, "18-booth-meeting-held")
    except Exception:
        _failure(page)
        raise
    finally:
        context.close()


def _report(browser, live_server, world):
    """Step 5: the outcome report lists the consultation logged at the booth, which is also the
    held meeting's row: marked as logged at the booth, its amounts to confirm, and "Submit"
    greyed out until they are."""
    context = new_context(browser, live_server, user=world.member)
    page = context.new_page()
    try:
        page.goto(reverse("exhibitors:report", args=[world.exhibitor.pk]))
        rows = page.locator("[data-consultations] tbody tr")
        expect(rows).to_have_count(1)
        logged = rows.filter(has_text="Smart parking sensor")
        expect(logged).to_have_count(1)
        expect(logged).to_contain_text("Rhein Mobility GmbH")
        expect(logged).to_contain_text("Germany")
        expect(logged).to_contain_text("25,000.00")
        expect(logged.locator("[data-source='booth']")).to_have_text("Logged at the booth")
        expect(logged.locator("[data-to-confirm]")).to_have_text("to confirm")
        expect(page.locator("[data-to-confirm-count='1']")).to_be_visible()
        expect(page.get_by_role("button", name="Submit the report")).to_be_disabled()
        _shot(page, "19-outcome-report")
    except Exception:
        _failure(page)
        raise
    finally:
        context.close()


def test_buyer_signs_up_meets_an_exhibitor_and_the_report_shows_it(
    world, live_server, browser, tmp_path
):
    slot = MeetingSlot.objects.get(pavilion=world.pavilion, starts_at=world.at(0, 10, 30))
    context = new_context(browser, live_server)
    page = context.new_page()
    try:
        # 1. Sign up, confirm, wait; staff approve; the badge and the catalogue appear.
        _sign_up(page, live_server)
        buyer = Buyer.objects.select_related("user").get(user__email=EMAIL)
        assert buyer.status == BuyerStatus.PENDING
        assert (buyer.organisation, buyer.country.code) == ("Rhein Mobility GmbH", "DE")
        _approve_in_admin(browser, live_server, world, buyer)
        page.reload()
        expect(page.locator("#buyer-status")).to_contain_text("Approved")
        expect(page.locator(".card svg")).to_have_count(1)  # the badge's QR code
        catalogue = reverse(
            "exhibitors:catalogue", args=[world.pavilion.event.slug, world.pavilion.slug]
        )
        expect(page.locator(f"#catalogues + ul a[href='{catalogue}']")).to_have_count(1)
        _shot(page, "04-buyer-approved")

        # 2. The catalogue, the exhibitor, the request.
        _request_meeting(page, world, slot)
        meeting = buyer.meetings.get()
        assert (meeting.status, meeting.requested_slot) == (MeetingStatus.REQUESTED, slot)

        # 3. The exhibitor accepts; the buyer's meetings, schedule and calendar.
        _accept(browser, live_server, world, meeting)
        _schedule_and_ics(page, slot, tmp_path)
    except Exception:
        _failure(page)
        raise
    finally:
        context.close()

    # 4. and 5. The expo's first day, five minutes into the meeting.
    with time_machine.travel(world.at(0, 10, 35), tick=True):
        _at_the_booth(browser, live_server, world, meeting)
        _report(browser, live_server, world)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    booth_row = Consultation.objects.get(report__exhibitor=world.exhibitor)
    assert (booth_row.source, booth_row.meeting) == (ConsultationSource.BOOTH, meeting)
    assert (booth_row.buyer_organisation, booth_row.amount_usd) == (
        "Rhein Mobility GmbH",
        Decimal("25000"),
    )
    assert booth_row.met_on == world.pavilion.event.starts_on
    assert booth_row.needs_confirmation


def test_in_korean_the_request_form_and_the_booth_page(world, live_server, browser):
    """A buyer (approved, reading Korean) asks for a meeting; at the expo the exhibitor's
    member scans the buyer's badge (the page opens with ``?badge=``) and logs a consultation."""
    user = UserFactory(username="minji@busan-port.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    buyer = buyer_services.buyer_create(
        user=user,
        organisation="Lisboa Smart Port",
        country="PT",
        buyer_type="public_body",
        contact_name="Ana Costa",
        preferred_language="ko",
    )
    buyer_services.buyer_approve(buyer=buyer, user=world.manager)

    context = new_context(browser, live_server, language="ko", user=user)
    page = context.new_page()
    try:
        page.goto(
            reverse(
                "exhibitors:catalogue_exhibitor",
                args=[world.pavilion.event.slug, world.pavilion.slug, world.exhibitor.pk],
            )
        )
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        expect(page.locator("h1")).to_have_text("한빛스마트랩")
        page.get_by_role("link", name="미팅 요청").click()
        page.wait_for_url(re.compile(r"/buyers/meetings/request/\d+/$"))
        page.select_option("select[name=slot]", "")  # any time that suits the exhibitor
        page.fill("textarea[name=reason]", "스마트 항만 센서를 찾고 있습니다.")
        _shot(page, "ko-01-meeting-request-form")
        page.get_by_role("button", name="요청 보내기").click()
        page.wait_for_url(re.compile(re.escape(reverse("exhibitors:buyer_meetings")) + "$"))
        expect(page.locator("h1")).to_have_text("내 미팅")
        expect(page.locator("tr[data-meeting]")).to_contain_text("한빛스마트랩")
        _shot(page, "ko-02-buyer-meetings")
    except Exception:
        _failure(page)
        raise
    finally:
        context.close()
    assert buyer.meetings.get().requested_slot is None

    booth_path = reverse("exhibitors:booth", args=[world.exhibitor.pk])
    with time_machine.travel(world.at(1, 15), tick=True):
        phone = _phone_context(browser, live_server, world.member, language="ko")
        page = phone.new_page()
        try:
            page.goto(f"{booth_path}?badge={buyer.badge_token}")
            expect(page.locator("html")).to_have_attribute("lang", "ko")
            expect(page.locator("h1")).to_have_text("부스 현장")
            expect(page.locator("#booth-buyer")).to_have_text("1. 바이어")
            expect(page.locator("[data-chosen-buyer]")).to_contain_text("Lisboa Smart Port")
            page.fill("input[name=product]", "스마트 주차 센서")
            page.fill("input[name=amount_usd]", "8000")
            _no_sideways_scroll(page)
            _shot(page, "ko-03-booth-badge")
            page.get_by_role("button", name="상담 기록하기").click()
            page.wait_for_url(re.compile(re.escape(booth_path) + "$"))
            expect(page.locator(".alert-success")).to_contain_text("Lisboa Smart Port")
            expect(page.locator("#booth-logged")).to_contain_text("1")
            _no_sideways_scroll(page)
            _shot(page, "ko-04-booth-logged")
        except Exception:
            _failure(page)
            raise
        finally:
            phone.close()
    logged = Consultation.objects.get(report__exhibitor=world.exhibitor)
    assert (logged.source, logged.buyer_country.code, logged.amount_usd) == (
        ConsultationSource.BOOTH,
        "PT",
        Decimal("8000"),
    )
    assert logged.met_on == world.pavilion.event.starts_on + datetime.timedelta(days=1)

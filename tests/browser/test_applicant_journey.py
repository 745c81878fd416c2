"""The applicant's journey in a real browser, in Korean: sign up, confirm the e-mail address,
register the company, fill in and submit the application, find it under "My applications".

Assertions lean on markup that does not depend on the Korean catalogue being compiled
(``html[lang]``, ``data-status``, URLs, field names).
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from exhibitors.applications.models import Application, ApplicationStatus
from exhibitors.companies import registration
from tests.factories import EventFactory, PavilionFactory, ThemeFactory

EMAIL = "founder@hanbit.example"
PASSWORD = "pavilion-browser-2030"
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^/\s\"'<>]+/")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def pavilion(transactional_db):
    """A pavilion whose call is open now, at an expo about 200 days away, with one theme."""
    now = timezone.now()
    event = EventFactory(starts_on=(now + datetime.timedelta(days=200)).date())
    ThemeFactory(event=event, name_en="Mobility", name_ko="모빌리티")
    return PavilionFactory(
        event=event,
        applications_open_at=now - datetime.timedelta(days=10),
        applications_close_at=now + datetime.timedelta(days=30),
        confirmation_deadline=now + datetime.timedelta(days=60),
    )


def _assert_korean(page):
    assert page.locator("html").get_attribute("lang") == "ko"


def _path(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


def test_applicant_signs_up_registers_company_and_submits(
    transactional_db, live_server, ko_page, pavilion, tmp_path
):
    page = ko_page
    theme = pavilion.event.themes.get()
    pavilion_path = pavilion.get_absolute_url()
    apply_path = reverse("exhibitors:application_start", args=[pavilion.event.slug, pavilion.slug])

    try:
        # Sign up; the verification e-mail leaves through the task queue after commit.
        page.goto("/accounts/signup/")
        _assert_korean(page)
        assert page.get_by_role("link", name="참가 기업 모집").first.is_visible()
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        # The consent to the privacy notice is required: unticked, the browser keeps the form
        # (and the server would refuse it too); the notice is one link away.
        consent = page.locator("input[name=privacy_consent]")
        assert consent.get_attribute("required") is not None
        assert page.locator("main a[href='/privacy/']").count() == 1
        submit = page.locator("form:has(input[name=password1]) button[type=submit]")
        submit.click()
        assert consent.evaluate("box => !box.validity.valid")
        assert _path(page) == "/accounts/signup/"
        consent.check()
        submit.click()
        page.wait_for_url("**/accounts/confirm-email/")

        messages = [m for m in mail.outbox if EMAIL in m.to]
        assert len(messages) == 1, [m.subject for m in mail.outbox]
        link = CONFIRM_LINK.search(messages[0].body)
        assert link, messages[0].body
        assert link.group(0).startswith(live_server.url)

        # Confirm the address (a POST: ACCOUNT_CONFIRM_EMAIL_ON_GET is off); that logs us in.
        page.goto(link.group(0))
        _assert_korean(page)
        page.locator("main form[method=post] button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/confirm-email/" not in url)
        assert page.locator("form[action='/accounts/logout/']").count() == 1

        # The pavilion page offers "Apply now" to a logged-in user.
        page.goto(pavilion_path)
        _assert_korean(page)
        page.locator(f"form[action='{apply_path}'] button[type=submit]").click()

        # No company yet: the portal asks for the company profile first.
        page.wait_for_url(re.compile(r"/company/new/\?next="))
        _assert_korean(page)
        assert page.input_value("input[name=email]") == EMAIL
        page.fill("input[name=name_ko]", "한빛스마트랩")
        page.fill("input[name=name_en]", "Hanbit Smart Lab")
        page.fill("input[name=registration_number]", registration.complete("123456789"))
        page.fill("input[name=representative]", "김한빛")
        page.fill("input[name=email]", EMAIL)
        edit_form = re.compile(r"/applications/\d+/edit/$")
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()

        # Back on the pavilion page where "Apply now" was pressed; pressing it again starts.
        page.wait_for_url(re.compile(re.escape(pavilion_path) + "$"))
        page.locator(f"form[action='{apply_path}'] button[type=submit]").click()
        page.wait_for_url(edit_form)
        _assert_korean(page)

        # The application form: every field a submission needs, and a real PDF.
        pdf = tmp_path / "hanbit-introduction.pdf"
        pdf.write_bytes(PDF)
        page.fill("input[name=product_name_ko]", "스마트 횡단보도")
        page.fill("input[name=product_name_en]", "Smart crosswalk")
        page.fill("textarea[name=product_description_ko]", "보행자 안전을 지키는 횡단보도")
        page.fill(
            "textarea[name=product_description_en]", "A crosswalk that keeps pedestrians safe"
        )
        page.select_option("select[name=theme]", str(theme.pk))
        page.select_option("select[name=target_markets]", ["ES"])
        page.fill("textarea[name=goals]", "Meet European distributors")
        page.check("input[name=booth_preference][value=standard]")
        page.set_input_files("input[name=introduction_pdf]", str(pdf))
        page.locator("button[name=submit]").click()
        page.wait_for_url(re.compile(r"/applications/\d+/$"))
        _assert_korean(page)
        assert page.locator("[data-status=submitted]").count() == 1

        # "My applications" shows the submission.
        page.goto("/applications/")
        _assert_korean(page)
        badge = page.locator("[data-status=submitted]")
        assert badge.count() == 1
        assert badge.is_visible()
        page.screenshot(path=str(tmp_path / "my-applications.png"), full_page=True)
    except Exception:
        try:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"The browser was at {page.url}; screenshot: {tmp_path / 'failure.png'}")
        except PlaywrightError:
            pass
        raise

    application = Application.objects.get(pavilion=pavilion)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.company.registration_number == "1234567891"
    assert application.company.memberships.get().user.email == EMAIL
    assert application.target_markets == ["ES"]
    assert application.theme == theme
    assert application.introduction_pdf.read().startswith(b"%PDF-1.4")
    receipt_link = reverse("exhibitors:application", args=[application.pk])
    receipts = [m for m in mail.outbox if EMAIL in m.to and receipt_link in m.body]
    assert len(receipts) == 1, [(m.to, m.subject) for m in mail.outbox]

"""The consultation-log upload beside the outcome report, in a real browser: a bad file is
refused with its row and column and writes nothing, and the report still saves; the template
uploaded unchanged adds nothing and says so; a real log adds its rows; the report submits.
And a business registration number typed with its hyphens reaches the portal whole."""

import csv
import io
import re

import openpyxl
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from exhibitors.companies.models import Company
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, ReportStatus
from tests.browser.conftest import new_context
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.factories import UserFactory

UPLOAD_COLUMNS = [
    "met_on",
    "buyer_organisation",
    "buyer_country",
    "buyer_type",
    "product",
    "amount_usd",
    "expected_contract_usd",
    "stage",
    "note",
]


def _logged_in_page(browser, live_server, user):
    context = new_context(browser, live_server, user=user)
    return context, context.new_page()


def _path(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


def _log_csv(rows):
    """A log as an exhibitor writes it: the template's columns, without event or number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(UPLOAD_COLUMNS)
    for values in rows:
        writer.writerow([values.get(c, "") for c in UPLOAD_COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _consultation(day, **overrides):
    return {
        "met_on": day.isoformat(),
        "buyer_organisation": "Rhein Mobility",
        "buyer_country": "Germany",
        "buyer_type": "Distributor",
        "product": "Parking sensor",
        "amount_usd": "12000",
        "expected_contract_usd": "3000",
        "stage": "협상 중",
        **overrides,
    }


def _upload(page, path):
    form = page.locator("form[action$='/upload/']")
    form.locator("input[name=log]").set_input_files(str(path))
    form.locator("button[type=submit]").click()


def test_upload_then_save_and_submit_the_report(transactional_db, live_server, browser, tmp_path):
    exhibitor = confirmed_exhibitor(started_pavilion())
    day = exhibitor.pavilion.event.starts_on
    report_path = reverse("exhibitors:report", args=[exhibitor.pk])
    upload_path = reverse("exhibitors:report_upload", args=[exhibitor.pk])
    context, page = _logged_in_page(browser, live_server, member_of(exhibitor.company))
    try:
        page.goto(report_path)
        expect(page.locator("html")).to_have_attribute("lang", "en")

        # A bad file: refused with its row and column, nothing written.
        bad = tmp_path / "bad-log.csv"
        bad.write_bytes(_log_csv([_consultation(day), _consultation(day, amount_usd="-5")]))
        _upload(page, bad)
        page.wait_for_url(re.compile(re.escape(upload_path) + "$"))
        expect(page.locator("[data-problems] li")).to_have_count(1)
        expect(page.locator("[data-problems] li")).to_contain_text("Row 3, column amount_usd")
        assert Consultation.objects.count() == 0

        # The report form below still saves a draft (it posts to the report, not the upload).
        page.fill("input[name='consultations-0-met_on']", day.isoformat())
        page.fill("input[name='consultations-0-buyer_organisation']", "Madrid City")
        page.select_option("select[name='consultations-0-buyer_country']", "ES")
        page.fill("input[name='consultations-0-amount_usd']", "50000")
        page.locator("button[name=save_draft]").click()
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator(".alert-success")).to_contain_text("saved as a draft")
        assert list(Consultation.objects.values_list("buyer_organisation", flat=True)) == [
            "Madrid City"
        ]

        # The template, uploaded unchanged: nothing added, "no rows".
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the template").click()
        template = tmp_path / "template.xlsx"
        download.value.save_as(str(template))
        _upload(page, template)
        page.wait_for_url(re.compile(re.escape(upload_path) + "$"))
        expect(page.locator("#upload-title ~ form")).to_contain_text(
            "The file has no rows of consultations"
        )
        assert Consultation.objects.count() == 1

        # A real log, written into the template: its rows are added.
        book = openpyxl.load_workbook(template)
        sheet = book["consultations"]
        for values in (_consultation(day), _consultation(day, buyer_organisation="Lyon Metro")):
            sheet.append([values.get(name.value, "") for name in sheet[1]])
        book.save(template)
        _upload(page, template)
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator(".alert-success")).to_contain_text("2 consultations imported.")
        assert Consultation.objects.count() == 3
        assert set(Consultation.objects.values_list("stage", flat=True)) == {
            "consulted",
            "negotiating",
        }

        # And the report submits.
        page.locator("button[name=submit]").click()
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator(".alert-success")).to_contain_text("Your report is submitted.")
    except Exception:
        try:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"The browser was at {page.url}; screenshot: {tmp_path / 'failure.png'}")
        except PlaywrightError:
            pass
        raise
    finally:
        context.close()
    assert outcomes.report_get_or_create(exhibitor).status == ReportStatus.SUBMITTED
    assert outcomes.report_get_or_create(exhibitor).consultations.count() == 3


def test_a_registration_number_typed_with_hyphens_is_kept_whole(
    transactional_db, live_server, browser
):
    typed = "220-81-34568"
    context, page = _logged_in_page(browser, live_server, UserFactory())
    try:
        page.goto(reverse("exhibitors:company_create"))
        box = page.locator("input[name=registration_number]")
        page.fill("input[name=name_ko]", "한빛스마트랩")
        page.fill("input[name=name_en]", "Hanbit Smart Lab")
        box.press_sequentially(typed)  # key by key, as a person types it
        expect(box).to_have_value(typed)  # not cut to 10 characters
        expect(box).to_have_attribute("placeholder", typed)  # the example passes the check
        page.fill("input[name=representative]", "김한빛")
        page.fill("input[name=email]", "founder@hanbit.example")
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
        page.wait_for_url(lambda url: "/company/new/" not in url)
    finally:
        context.close()
    assert Company.objects.get().registration_number == "2208134568"

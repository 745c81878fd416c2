"""The demo's own logins in a real browser, in Korean, as README tells a newcomer to try them:

- the exhibitor (``exhibitor@example.com``) opens the outcome report staff returned, adds the
  missing meeting, uploads the template unchanged (nothing is added), uploads a real log,
  saves and submits; the 2024 figures stay 407 consultations until staff approve it;
- a reviewer (``reviewer1@example.com``) opens an assigned application that is not scored
  yet, scores it and submits the review.

The data is ``seed_demo``'s; the staff roles come from data migrations, which an earlier
transactional test may have flushed: they are made again first.
"""

import re

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from events.models import Pavilion
from exhibitors.applications.models import Review
from exhibitors.companies.models import Exhibitor
from exhibitors.demo import DEMO_PASSWORD
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import pavilion_figures
from exhibitors.outcomes.models import Consultation, ReportStatus
from tests.conftest import restore_staff_roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    restore_staff_roles()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _screenshot_on_failure(page, tmp_path):
    try:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        print(f"The browser was at {page.url}; screenshot: {tmp_path / 'failure.png'}")
    except PlaywrightError:
        pass


def _upload(page, path):
    form = page.locator("form[action$='/upload/']")
    form.locator("input[name=log]").set_input_files(str(path))
    form.locator("button[type=submit]").click()


def _live_2024():
    return pavilion_figures(Pavilion.objects.get(event__slug="scewc-2024"))


def test_the_demo_exhibitor_files_the_returned_report_again(demo, ko_page, tmp_path):
    page = ko_page
    exhibitor = Exhibitor.objects.get(company__memberships__user__email="exhibitor@example.com")
    report = outcomes.report_get_or_create(exhibitor)
    assert report.status == ReportStatus.RETURNED
    saved = report.consultations.count()
    assert (_live_2024().consultations, _live_2024().consultation_amount_usd) == (407, 3_150_000)
    report_path = reverse("exhibitors:report", args=[exhibitor.pk])
    upload_path = reverse("exhibitors:report_upload", args=[exhibitor.pk])
    day = exhibitor.pavilion.event.starts_on
    try:
        _log_in(page, "exhibitor@example.com")
        assert page.locator("html").get_attribute("lang") == "ko"

        # My outcome reports lists the returned report; it opens with the staff comment.
        page.goto(reverse("exhibitors:reports"))
        page.locator(f"a[href='{report_path}']").first.click()
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator("body")).to_contain_text("Delta Water")
        expect(page.locator("body")).to_contain_text("재단이 보고서 보완을 요청했습니다")

        # The missing meeting, typed into the first empty row, saved as a draft.
        row = "consultations-0"  # the first empty row of the form (saved rows are a table)
        page.fill(f"input[name='{row}-met_on']", (day.replace(day=6)).isoformat())
        page.fill(f"input[name='{row}-buyer_organisation']", "Delta Water")
        page.select_option(f"select[name='{row}-buyer_country']", "NL")
        page.fill(f"input[name='{row}-product']", "CarbonZero platform")
        page.fill(f"input[name='{row}-amount_usd']", "21000")
        page.locator("button[name=save_draft]").click()
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator(".alert-success")).to_be_visible()
        assert report.consultations.count() == saved + 1

        # The template, uploaded as downloaded: nothing is added, and the page says why.
        with page.expect_download() as download:
            page.locator(
                f"a[href='{reverse('exhibitors:report_template', args=[exhibitor.pk])}']"
            ).click()
        template = tmp_path / "template.xlsx"
        download.value.save_as(str(template))
        _upload(page, template)
        page.wait_for_url(re.compile(re.escape(upload_path) + "$"))
        expect(page.locator("#upload-title ~ form")).to_contain_text("파일에 상담 내역이 없습니다")
        assert report.consultations.count() == saved + 1

        # A real log written into the template: its row is added.
        book = openpyxl.load_workbook(template)
        sheet = book["consultations"]
        values = {
            "met_on": day.isoformat(),
            "buyer_organisation": "Lisboa Smart City",
            "buyer_country": "포르투갈",
            "buyer_type": "공공 기관",
            "product": "CarbonZero platform",
            "amount_usd": "9000",
            "stage": "상담",
        }
        sheet.append([values.get(cell.value, "") for cell in sheet[1]])
        book.save(template)
        _upload(page, template)
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator(".alert-success")).to_be_visible()
        assert report.consultations.count() == saved + 2

        # Submitted again; the report waits for staff.
        page.locator("button[name=submit]").click()
        page.wait_for_url(re.compile(re.escape(report_path) + "$"))
        expect(page.locator(".alert-success")).to_be_visible()
    except Exception:
        _screenshot_on_failure(page, tmp_path)
        raise
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert set(report.consultations.values_list("buyer_organisation", flat=True)) >= {
        "Delta Water",
        "Lisboa Smart City",
    }
    # Live figures are the approved reports: still 407 until staff approve this one.
    assert (_live_2024().consultations, _live_2024().consultation_amount_usd) == (407, 3_150_000)
    assert Consultation.objects.filter(report=report).count() == saved + 2


def test_a_demo_reviewer_scores_an_assigned_application(demo, ko_page, tmp_path):
    page = ko_page
    reviewer_reviews = Review.objects.filter(reviewer__email="reviewer1@example.com")
    waiting = reviewer_reviews.filter(submitted_at__isnull=True).order_by("pk")
    done_before = reviewer_reviews.filter(submitted_at__isnull=False).count()
    assert waiting.exists() and done_before
    review = waiting.first()
    score_path = reverse("admin:exhibitors_review_score", args=[review.pk])
    try:
        _log_in(page, "reviewer1@example.com")
        page.goto(reverse("admin:exhibitors_review_changelist"))
        assert page.locator("html").get_attribute("lang") == "ko"
        page.locator(f"a[href='{score_path}']").click()
        page.wait_for_url(re.compile(re.escape(score_path) + "$"))

        form = page.locator("#score-form")
        boxes = form.locator("input[name^=criterion_]")
        expect(boxes.first).to_be_visible()
        for index in range(boxes.count()):
            boxes.nth(index).fill("4")
        form.locator("textarea[name=comment]").fill("수출 준비가 잘 되어 있습니다.")
        form.locator("input[name=submit_review]").click()
        # The page comes back with the confirmation and the reviewer's own scores.
        expect(page.locator("ul.messagelist")).to_contain_text(review.application.company.name_ko)
        expect(page.locator("#score-form")).to_have_count(0)
    except Exception:
        _screenshot_on_failure(page, tmp_path)
        raise
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert review.comment == "수출 준비가 잘 되어 있습니다."
    assert reviewer_reviews.filter(submitted_at__isnull=False).count() == done_before + 1

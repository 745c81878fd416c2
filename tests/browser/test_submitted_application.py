"""A submitted application in a real browser (issue 13, item 1): emptying a required field or
ticking "clear" on the introduction PDF is refused with every problem listed, and a second
tab's stale form is refused while the newer save stays."""

import re

import pytest
from django.urls import reverse

from exhibitors.applications import services
from exhibitors.applications.models import Application, ApplicationStatus
from tests.browser.conftest import new_context
from tests.factories import ApplicationFactory, MembershipFactory


@pytest.fixture
def submitted(transactional_db):
    membership = MembershipFactory()
    application = ApplicationFactory(company=membership.company)
    services.application_submit(application=application, user=membership.user, notify=False)
    return membership.user, Application.objects.get(pk=application.pk)


@pytest.fixture
def context(browser, live_server, submitted):
    """A logged-in English browser context of the applicant company's user."""
    user, _ = submitted
    context = new_context(browser, live_server, user=user)
    try:
        yield context
    finally:
        context.close()


def snapshot(application):
    return Application.objects.values(
        "product_name_ko", "product_name_en", "goals", "introduction_pdf", "version", "status"
    ).get(pk=application.pk)


def test_emptying_a_submitted_application_is_refused_and_nothing_changes(context, submitted):
    _, application = submitted
    before = snapshot(application)
    page = context.new_page()
    edit = reverse("exhibitors:application_edit", args=[application.pk])

    page.goto(edit)
    assert page.locator("[data-submitted-notice]").is_visible()
    assert "until the call closes on" in page.locator("[data-submitted-notice]").inner_text()
    page.fill("input[name=product_name_en]", "")
    page.check("input[name=introduction_pdf-clear]")
    page.locator("button[name=save_draft]").click()
    page.wait_for_load_state()

    alert = page.locator(".alert-danger[role=alert]", has=page.locator("li"))
    assert alert.is_visible()
    problems = alert.locator("li")
    assert problems.count() == 2
    text = alert.inner_text()
    assert "Product name (English)" in text or "product name (English)" in text
    assert "replace the file, but not remove it" in text
    assert "2 fields would be left empty" in page.content()
    assert re.search(re.escape(edit) + "$", page.url)
    assert snapshot(application) == before


def test_a_second_tabs_stale_form_is_refused_and_the_newer_save_stays(context, submitted):
    _, application = submitted
    edit = reverse("exhibitors:application_edit", args=[application.pk])
    first, second = context.new_page(), context.new_page()
    first.goto(edit)
    second.goto(edit)

    second.fill("textarea[name=goals]", "Meet Polish logistics partners")
    second.locator("button[name=save_draft]").click()
    second.wait_for_url(re.compile(re.escape(edit) + "$"))
    assert second.locator(".alert-success, .alert-info").first.is_visible()
    assert snapshot(application)["goals"] == "Meet Polish logistics partners"

    first.fill("textarea[name=goals]", "Typed in the old tab")
    first.locator("button[name=save_draft]").click()
    first.wait_for_load_state()

    assert "changed elsewhere" in first.content()
    assert "Reload the page" in first.content()
    assert first.input_value("textarea[name=goals]") == "Typed in the old tab"
    stored = snapshot(application)
    assert stored["goals"] == "Meet Polish logistics partners"
    assert (stored["status"], stored["version"]) == (ApplicationStatus.SUBMITTED, 1)

    # Reloading shows the newer version, and a save from there goes through.
    first.goto(edit)
    assert first.input_value("textarea[name=goals]") == "Meet Polish logistics partners"

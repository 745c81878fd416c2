"""Confirming a place in a real browser, in Korean: the participation terms are on the page,
the tick box is required (the browser keeps the form until it is ticked), and the agreement is
recorded with the confirmation."""

import re

from django.urls import reverse

from exhibitors.applications import services
from exhibitors.applications.consents import TERMS_VERSION
from exhibitors.applications.models import ApplicationStatus, Consent, ConsentKind
from tests.browser.conftest import log_in
from tests.factories import ApplicationFactory, MembershipFactory, open_pavilion


def _path(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


def test_the_company_confirms_its_place_agreeing_to_the_terms(
    transactional_db, live_server, ko_page
):
    application = ApplicationFactory(pavilion=open_pavilion())
    user = MembershipFactory(company=application.company).user
    services.application_submit(application=application, user=None)
    services.application_accept(application=application, user=None, notify=False)
    page = ko_page
    log_in(page.context, live_server, user)
    url = reverse("exhibitors:application_respond", args=[application.pk])
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("main a[href='/terms/']").count() == 1
    assert page.locator("main ol li").count() == 5  # the terms themselves

    terms = page.locator("input[name=accept_terms]")
    confirm = page.locator("button[name=confirm]")
    confirm.click()
    assert terms.evaluate("box => !box.validity.valid")
    assert _path(page) == url
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    terms.check()
    confirm.click()
    page.wait_for_url(f"**{reverse('exhibitors:application', args=[application.pk])}")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    consent = Consent.objects.get()
    assert (consent.user, consent.kind, consent.version, consent.application) == (
        user,
        ConsentKind.TERMS,
        TERMS_VERSION,
        application,
    )

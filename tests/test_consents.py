"""Consents: the privacy notice agreed to at sign-up, the participation terms agreed to when a
company confirms its place, each recorded with who, when and the notice's version; the public
pages of both notices; the favicon."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from exhibitors.applications import services
from exhibitors.applications.consents import PRIVACY_VERSION, TERMS_VERSION
from exhibitors.applications.models import ApplicationStatus, Consent, ConsentKind
from exhibitors.companies.models import Exhibitor
from tests.factories import ApplicationFactory, MembershipFactory, open_pavilion

pytestmark = pytest.mark.django_db
SIGN_UP = {
    "email": "new@startup.example",
    "password1": "a-long-Passw0rd!",
    "password2": "a-long-Passw0rd!",
}
MOMENT = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)


# Sign-up: the privacy notice -------------------------------------------------------------------


def test_sign_up_without_the_consent_is_refused(client):
    response = client.post("/accounts/signup/", SIGN_UP, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please agree to the collection and use of your personal information" in page
    assert not get_user_model().objects.filter(email=SIGN_UP["email"]).exists()
    assert not Consent.objects.exists()


def test_sign_up_records_the_consent_with_its_time_and_version(client):
    with time_machine.travel(MOMENT, tick=False):
        response = client.post("/accounts/signup/", {**SIGN_UP, "privacy_consent": "on"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email=SIGN_UP["email"])
    consent = Consent.objects.get()
    assert (
        consent.user,
        consent.kind,
        consent.version,
        consent.agreed_at,
        consent.application,
    ) == (
        user,
        ConsentKind.PRIVACY,
        PRIVACY_VERSION,
        MOMENT,
        None,
    )


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ko", ["개인정보 수집·이용에 동의합니다 (필수)", "보유 기간", "안내 전문 보기"]),
        ("en", ["I agree to the collection and use", "Kept until", "Read the full notice"]),
    ],
)
def test_the_sign_up_form_shows_the_notice_in_short_and_links_it(client, language, texts):
    page = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'name="privacy_consent"' in page and "required" in page
    assert 'href="/privacy/"' in page
    for text in texts:
        assert text in page


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ko", ["개인정보 수집·이용 안내", "수집 항목", "수집·이용 목적", "보유·이용 기간", "5년"]),
        ("en", ["Items collected", "Purpose", "Retention period", "five years"]),
    ],
)
def test_the_privacy_page_is_public_in_the_visitor_language(client, language, texts):
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    for text in [*texts, PRIVACY_VERSION]:
        assert text in page
    # Linked from every page's footer, with the terms.
    home = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'href="/privacy/"' in home and 'href="/terms/"' in home


def test_the_terms_page_is_public(client):
    page = client.get(reverse("terms"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "참가 약관" in page and TERMS_VERSION in page
    assert client.post(reverse("terms")).status_code == 405


# Confirming a place: the participation terms -------------------------------------------------


@pytest.fixture
def accepted():
    application = ApplicationFactory(pavilion=open_pavilion())
    member = MembershipFactory(company=application.company)
    services.application_submit(application=application, user=None)
    services.application_accept(application=application, user=None, notify=False)
    return application, member.user


def test_confirming_without_the_terms_is_refused(client, accepted):
    application, user = accepted
    client.force_login(user)
    url = reverse("exhibitors:application_respond", args=[application.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="accept_terms"' in page and 'href="/terms/"' in page
    assert "withdraw in the portal as soon as possible" in page  # the terms, on the page
    response = client.post(
        url, {"confirm": "1", "terms_version": TERMS_VERSION}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Please agree to the participation terms" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert not Consent.objects.exists()
    assert not Exhibitor.objects.exists()


def test_confirming_with_the_terms_records_who_when_and_which(client, accepted):
    application, user = accepted
    client.force_login(user)
    url = reverse("exhibitors:application_respond", args=[application.pk])
    with time_machine.travel(timezone.now(), tick=False):
        response = client.post(
            url, {"confirm": "1", "accept_terms": "on", "terms_version": TERMS_VERSION}
        )
        now = timezone.now()
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    consent = Consent.objects.get()
    assert (
        consent.user,
        consent.kind,
        consent.version,
        consent.application,
        consent.agreed_at,
    ) == (
        user,
        ConsentKind.TERMS,
        TERMS_VERSION,
        application,
        now,
    )


def test_terms_changed_since_the_page_was_shown_are_not_agreed_to(client, accepted):
    application, user = accepted
    with pytest.raises(services.ApplicationRefused):
        services.application_confirm(application=application, user=user, terms_version="2001-01")
    with pytest.raises(services.ApplicationRefused):
        services.application_confirm(application=application, user=user)
    client.force_login(user)
    client.post(
        reverse("exhibitors:application_respond", args=[application.pk]),
        {"confirm": "1", "accept_terms": "on", "terms_version": "2001-01"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and not Consent.objects.exists()


# The favicon -------------------------------------------------------------------------------


def test_every_page_and_the_admin_have_the_favicon(client, staff_client):
    assert finders.find("favicon.svg")
    link = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert link in client.get("/").content.decode()
    assert link in client.get(reverse("privacy")).content.decode()
    assert link in staff_client.get(reverse("admin:index")).content.decode()
    assert link in client.get("/no-such-page/").content.decode()

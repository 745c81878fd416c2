"""Mails lead where the user is: links from the request's own address when a page sends them,
from SITE_URL otherwise; subject, dates and sender's name in the company's language."""

import datetime
import io
import os
import re
import subprocess

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone, translation

from exhibitors.applications import services
from exhibitors.applications.models import ApplicationStatus
from exhibitors.companies.models import MembershipRole
from portal.mail import absolute_url, mail_origin, sender
from tests.exhibitors.applications.test_views import complete_post
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EventFactory,
    MembershipFactory,
    PavilionFactory,
    ThemeFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LINK = re.compile(r"https?://\S+")


def links(message):
    return LINK.findall(message.body)


def submit_on(client, host, *, language="en"):
    """A company user submits a complete application through the form on ``host``."""
    member = MembershipFactory(company=CompanyFactory(preferred_language=language))
    application = ApplicationFactory(pavilion=open_pavilion(), company=member.company)
    client.force_login(member.user)
    response = client.post(
        reverse("exhibitors:application_edit", args=[application.pk]),
        {**complete_post(application), "submit": "1"},
        HTTP_HOST=host,
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def test_the_receipt_links_to_the_server_the_submission_was_made_on(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://pavilion.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_on(client, "testserver:8123")
    [receipt] = mail.outbox
    assert links(receipt) == [f"http://testserver:8123/applications/{application.pk}/"]


def test_an_acceptance_sent_from_the_back_office_links_to_its_address(
    client, settings, django_capture_on_commit_callbacks
):
    """Staff release decisions in the admin on one address: the mail leads there too."""
    settings.SITE_URL = "https://pavilion.example.org"
    application = ApplicationFactory(pavilion=open_pavilion())
    MembershipFactory(company=application.company)
    services.application_submit(application=application, user=None)
    with mail_origin("http://localhost:8765"), django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, user=None)
    [accepted] = mail.outbox
    assert links(accepted) == [f"http://localhost:8765/applications/{application.pk}/"]
    assert (
        f'href="http://localhost:8765/applications/{application.pk}/"'
        in (accepted.alternatives[0][0])
    )


def test_without_a_request_links_start_with_site_url(settings, django_capture_on_commit_callbacks):
    """send_reminders runs from cron: no request, so SITE_URL."""
    settings.SITE_URL = "https://pavilion.example.org"
    now = timezone.now()
    event = EventFactory(starts_on=(now + 90 * DAY).date())
    ThemeFactory(event=event)
    pavilion = PavilionFactory(
        event=event,
        applications_open_at=now - 60 * DAY,
        applications_close_at=now - 5 * DAY,
        confirmation_deadline=now + DAY,
    )
    company = CompanyFactory(preferred_language="en")
    MembershipFactory(company=company, role=MembershipRole.OWNER)
    application = ApplicationFactory(pavilion=pavilion, company=company)
    services.application_submit(
        application=application, user=None, now=pavilion.applications_open_at + DAY
    )
    services.application_accept(application=application, user=None, now=now - 4 * DAY, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    [reminder] = mail.outbox
    assert links(reminder) == [f"https://pavilion.example.org/applications/{application.pk}/"]
    assert absolute_url("/x/") == "https://pavilion.example.org/x/"


@pytest.mark.parametrize(
    ("language", "subject", "name"),
    [
        ("ko", "접수 확인", "서울관"),
        ("en", "Receipt: your application to the Seoul Pavilion", "Seoul Pavilion"),
    ],
)
def test_the_receipt_speaks_the_company_language(
    client, language, subject, name, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        application = submit_on(client, "testserver", language=language)
    [receipt] = mail.outbox
    assert subject in receipt.subject
    assert receipt.from_email == f"{name} <noreply@pavilion.example>"
    # The sender's name is encoded for the wire, and decodes to the same name.
    assert "noreply@pavilion.example" in receipt.message()["From"]
    with translation.override(language):
        when = formats.date_format(timezone.localtime(application.submitted_at), "DATETIME_FORMAT")
    assert when in receipt.body
    if language == "ko":
        assert "년" in when and "접수" in receipt.body


def test_the_sender_keeps_the_configured_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Seoul Pavilion <pavilion@foundation.example>"
    assert sender("ko") == "서울관 <pavilion@foundation.example>"
    assert sender("en") == "Seoul Pavilion <pavilion@foundation.example>"
    settings.DEFAULT_FROM_EMAIL = '"Pavilion, Seoul" <p@f.example>'
    assert sender("en") == '"Pavilion, Seoul" <p@f.example>'
    settings.DEFAULT_FROM_EMAIL = "p@f.example"
    assert sender("ko") == "p@f.example"


def test_make_run_gives_the_server_its_own_address_as_site_url():
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    out = subprocess.run(
        ["make", "-n", "run", "HOST=localhost", "PORT=8123"],
        capture_output=True,
        text=True,
        check=True,
        env=environ,
        cwd=settings.BASE_DIR,
    ).stdout
    [runserver] = [line for line in out.splitlines() if "runserver" in line]
    assert runserver.strip() == (
        "SITE_URL=http://localhost:8123 .venv/bin/python manage.py runserver localhost:8123"
    )


@pytest.mark.parametrize(("language", "name"), [("ko", "서울관"), ("en", "Seoul Pavilion")])
def test_allauth_mails_are_signed_in_the_reader_language(
    client, language, name, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "new@startup.example",
                "password1": "a-long-Passw0rd!",
                "password2": "a-long-Passw0rd!",
                "privacy_consent": "on",
            },
            HTTP_ACCEPT_LANGUAGE=language,
            HTTP_HOST="localhost:8123",
        )
    [verification] = mail.outbox
    assert verification.from_email == f"{name} <noreply@pavilion.example>"
    assert "http://localhost:8123/accounts/confirm-email/" in verification.body

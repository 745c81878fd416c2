"""The company-facing pages, driven as a browser would (Django's test client)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Pavilion
from exhibitors.applications.models import Application, ApplicationStatus
from exhibitors.companies.models import Company, Membership
from tests.cached_pages import cached_no_queries
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def complete_post(application, **overrides):
    data = {
        "product_name_ko": "스마트 횡단보도",
        "product_name_en": "Smart crosswalk",
        "product_description_ko": "설명",
        "product_description_en": "Description",
        "theme": application.pavilion.event.themes.first().pk,
        "target_markets": ["ES", "JP"],
        "goals": "Distributors",
        "booth_preference": "corner",
        "introduction_pdf": SimpleUploadedFile("intro.pdf", PDF_BYTES, "application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# Company profile ---------------------------------------------------------------------------


def test_a_new_user_is_asked_for_the_company_first(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("exhibitors:applications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("exhibitors:company_create"))


def test_creating_the_company_makes_the_user_its_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("exhibitors:company_create") + "?next=/applications/",
        {
            "name_ko": "한빛",
            "name_en": "Hanbit",
            "registration_number": "123-45-67891",
            "representative": "유하준",
            "email": "a@hanbit.example",
            "preferred_language": "ko",
        },
    )
    assert response.status_code == 302 and response.url == "/applications/"
    membership = Membership.objects.get(user=user)
    assert membership.company.registration_number == "1234567891"
    assert membership.role == "owner"


def test_a_bad_registration_number_keeps_what_was_typed(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("exhibitors:company_create"),
        {
            "name_ko": "한빛",
            "name_en": "Hanbit",
            "registration_number": "123-45-67890",
            "representative": "유하준",
            "email": "a@hanbit.example",
            "preferred_language": "ko",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "check digit" in page
    assert 'value="한빛"' in page and 'value="유하준"' in page
    assert Company.objects.count() == 0


def test_a_user_edits_only_their_own_company(member_client, member):
    other = CompanyFactory(name_en="Other Co")
    response = member_client.get(reverse("exhibitors:company"))
    assert member.company.name_en.encode() in response.content
    assert b"Other Co" not in response.content
    other.refresh_from_db()


def test_a_colleague_is_invited_by_e_mail_and_joins(
    member_client, member, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("exhibitors:company_invite"), {"email": "colleague@example.com"}
        )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    colleague = UserFactory(username="colleague@example.com")
    # Only the holder of the invited address, verified, may accept.
    EmailAddress.objects.create(user=colleague, email="colleague@example.com", verified=True)
    client.force_login(colleague)
    path = link[link.index("/invitations/") :].strip()
    assert client.get(path).status_code == 200
    client.post(path)
    assert Membership.objects.get(user=colleague).company == member.company
    assert client.post(path).status_code == 302  # a used invitation does nothing more
    assert Membership.objects.filter(company=member.company).count() == 2


# The application -------------------------------------------------------------------------------


def test_apply_creates_a_draft_and_opens_the_form(member_client, member):
    pavilion = open_pavilion()
    url = reverse("exhibitors:application_start", args=[pavilion.event.slug, pavilion.slug])
    response = member_client.post(url)
    application = Application.objects.get()
    assert response.url == reverse("exhibitors:application_edit", args=[application.pk])
    assert (application.company, application.status) == (member.company, ApplicationStatus.DRAFT)
    response = member_client.post(url, follow=True)
    assert Application.objects.count() == 1
    assert b"already applied" in response.content


def test_a_draft_saves_whatever_is_filled_in(member_client, member):
    application = ApplicationFactory(company=member.company, goals="", introduction_pdf=None)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    response = member_client.post(url, {"product_name_en": "Only a name", "save_draft": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (
        application.product_name_en == "Only a name"
        and application.status == ApplicationStatus.DRAFT
    )


def test_an_incomplete_submission_shows_every_missing_field_and_keeps_the_draft(
    member_client, member
):
    application = ApplicationFactory(
        company=member.company, product_name_ko="", goals="", introduction_pdf=None
    )
    url = reverse("exhibitors:application_edit", args=[application.pk])
    response = member_client.post(url, {"product_name_en": "Typed name", "submit": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    for label in (
        "product name (Korean)",
        "what you want from the expo",
        "company introduction (PDF)",
        "exhibition theme",
        "target markets",
    ):
        assert f"Required to submit: {label}." in page
    assert 'value="Typed name"' in page
    application.refresh_from_db()
    assert (
        application.status == ApplicationStatus.DRAFT
        and application.product_name_en == "Typed name"
    )


def test_a_complete_submission_is_submitted_with_its_pdf(
    member_client, member, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(company=member.company, introduction_pdf=None)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, complete_post(application, submit="1"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.introduction_pdf.read().startswith(b"%PDF-")
    assert application.target_markets[0].code == "ES"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("intro.pdf", b"just text, not a pdf"), "not a PDF"),
        (SimpleUploadedFile("intro.exe", PDF_BYTES), "not allowed"),
        (SimpleUploadedFile("intro.pdf", b""), "empty"),
    ],
)
def test_bad_documents_are_refused_and_nothing_typed_is_lost(
    member_client, member, upload, message
):
    application = ApplicationFactory(company=member.company, introduction_pdf=None)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    response = member_client.post(
        url, complete_post(application, introduction_pdf=upload, product_name_en="Kept", submit="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Kept"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not application.introduction_pdf


def test_an_image_that_is_not_an_image_is_refused(member_client, member):
    application = ApplicationFactory(company=member.company)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    fake = SimpleUploadedFile("photo.png", b"not really a png")
    response = member_client.post(
        url, complete_post(application, product_image=fake, save_draft="1")
    )
    assert response.status_code == 200
    assert "The file is not an image the portal can read." in response.content.decode()


def test_an_over_long_field_is_refused_with_its_limit(member_client, member):
    application = ApplicationFactory(company=member.company)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    response = member_client.post(url, {"product_name_en": "x" * 201, "save_draft": "1"})
    assert "at most 200 characters" in response.content.decode()
    application.refresh_from_db()
    assert application.product_name_en == "Smart crosswalk"


def test_submitting_after_the_deadline_is_refused_with_a_message(member_client, member):
    application = ApplicationFactory(company=member.company)
    pavilion = application.pavilion
    pavilion.applications_close_at = timezone.now() - datetime.timedelta(seconds=1)
    pavilion.applications_open_at = pavilion.applications_close_at - datetime.timedelta(days=30)
    pavilion.save()
    url = reverse("exhibitors:application_edit", args=[application.pk])
    response = member_client.post(url, complete_post(application, submit="1"), follow=True)
    assert b"can no longer be changed" in response.content
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_withdrawal_asks_for_a_reason(member_client, member):
    application = ApplicationFactory(company=member.company)
    url = reverse("exhibitors:application_withdraw", args=[application.pk])
    response = member_client.post(url, {"reason": ""})
    assert response.status_code == 200 and b"This field is required" in response.content
    member_client.post(url, {"reason": "Budget cut"})
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == (
        ApplicationStatus.WITHDRAWN,
        "Budget cut",
    )


def test_an_accepted_company_confirms_and_becomes_an_exhibitor(member_client, member):
    from exhibitors.applications import services

    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=None)
    services.application_accept(application=application, user=None)
    page = member_client.get(reverse("exhibitors:applications")).content.decode()
    assert "Confirm participation" in page
    from exhibitors.applications.consents import TERMS_VERSION

    member_client.post(
        reverse("exhibitors:application_respond", args=[application.pk]),
        {"confirm": "1", "accept_terms": "on", "terms_version": TERMS_VERSION},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    assert member.company.exhibitions.filter(pavilion=application.pavilion).exists()


def test_an_accepted_company_may_decline(member_client, member):
    from exhibitors.applications import services

    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=None)
    services.application_accept(application=application, user=None)
    member_client.post(
        reverse("exhibitors:application_respond", args=[application.pk]),
        {"decline": "1", "reason": "Another expo"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED


def test_the_owner_downloads_the_document_as_an_attachment(member_client, member):
    application = ApplicationFactory(company=member.company)
    url = reverse("exhibitors:application_document", args=[application.pk, "introduction"])
    response = member_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_my_applications_lists_status_and_the_action_due(member_client, member):
    ApplicationFactory(company=member.company)
    page = member_client.get(reverse("exhibitors:applications")).content.decode()
    assert 'data-status="draft"' in page
    assert "Complete and submit your application by" in page


def test_my_applications_query_count_does_not_grow(
    member_client, member, django_assert_num_queries
):
    url = reverse("exhibitors:applications")
    ApplicationFactory(company=member.company)
    member_client.get(url)  # the session, the user and the page are cached from now on
    with django_assert_num_queries(0):  # the page from the cache (portal.pagecache)
        member_client.get(url)
    for _ in range(5):
        ApplicationFactory(company=member.company)
    # drawn again (the new applications made the copy stale): the applications only; the
    # session, the user and the membership come from the cache
    with django_assert_num_queries(1):
        response = member_client.get(url)
    assert response.content.decode().count('data-status="draft"') == 6
    with django_assert_num_queries(0):
        member_client.get(url)


def test_the_pavilion_page_offers_to_apply_then_shows_the_application(member_client, member):
    pavilion = open_pavilion()
    page = member_client.get(pavilion.get_absolute_url()).content.decode()
    assert "Apply now" in page and "data-countdown" in page
    ApplicationFactory(company=member.company, pavilion=pavilion)
    page = member_client.get(pavilion.get_absolute_url()).content.decode()
    assert "Your application" in page and "Apply now" not in page


def test_apply_without_a_company_comes_back_to_the_pavilion_after_creating_it(client):
    pavilion = open_pavilion()
    client.force_login(UserFactory())
    url = reverse("exhibitors:application_start", args=[pavilion.event.slug, pavilion.slug])
    response = client.post(url, HTTP_REFERER="http://testserver" + pavilion.get_absolute_url())
    assert response.url.startswith(reverse("exhibitors:company_create"))
    response = client.post(
        response.url,
        {
            "name_ko": "한빛",
            "name_en": "Hanbit",
            "registration_number": "123-45-67891",
            "representative": "유하준",
            "email": "a@hanbit.example",
            "preferred_language": "ko",
        },
    )
    assert response.url == pavilion.get_absolute_url()


def test_a_foreign_next_address_is_ignored(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("exhibitors:company_create") + "?next=https://evil.example/",
        {
            "name_ko": "한빛",
            "name_en": "Hanbit",
            "registration_number": "123-45-67891",
            "representative": "유하준",
            "email": "a@hanbit.example",
            "preferred_language": "ko",
        },
    )
    assert response.url == reverse("exhibitors:applications")


# Buttons come from the services' flags (application.next), never from the raw status ----------
# Each case is one the status alone would get wrong: the status allows the move, the dates not.


def _accepted(member, **accept):
    from exhibitors.applications import services

    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=None)
    services.application_accept(application=application, user=None, **accept)
    return application


def _pages(member_client, application):
    listed = member_client.get(reverse("exhibitors:applications")).content.decode()
    detail = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    return listed, detail.content.decode()


def test_an_acceptance_whose_deadline_passed_offers_no_confirmation(member_client, member):
    past = timezone.now() - datetime.timedelta(hours=1)
    application = _accepted(member, confirm_by=past)
    assert application.status == ApplicationStatus.ACCEPTED
    listed, detail = _pages(member_client, application)
    respond = reverse("exhibitors:application_respond", args=[application.pk])
    assert "Confirm participation" not in listed and respond not in listed
    assert "Confirm participation or decline" not in detail and respond not in detail
    assert "The confirmation deadline has passed." in listed


def test_an_acceptance_in_time_offers_the_confirmation(member_client, member):
    application = _accepted(member)
    listed, detail = _pages(member_client, application)
    respond = reverse("exhibitors:application_respond", args=[application.pk])
    assert respond in listed and "Confirm participation" in listed
    assert respond in detail and "Confirm participation or decline" in detail


def test_a_draft_whose_call_closed_offers_no_continue_nor_edit(member_client, member):
    now = timezone.now()
    pavilion = open_pavilion(
        applications_open_at=now - datetime.timedelta(days=20),
        applications_close_at=now - datetime.timedelta(days=1),
    )
    application = ApplicationFactory(company=member.company, pavilion=pavilion)
    assert application.status == ApplicationStatus.DRAFT
    listed, detail = _pages(member_client, application)
    edit = reverse("exhibitors:application_edit", args=[application.pk])
    assert "Continue" not in listed and edit not in listed
    assert "Edit and submit" not in detail and edit not in detail
    assert "The call has closed; this draft was not submitted." in listed


def test_an_open_draft_offers_continue_and_submit(member_client, member):
    application = ApplicationFactory(company=member.company)
    listed, detail = _pages(member_client, application)
    edit = reverse("exhibitors:application_edit", args=[application.pk])
    assert "Continue" in listed and edit in listed
    assert "Edit and submit" in detail
    form = member_client.get(edit).content.decode()
    assert 'name="submit"' in form and "Save draft" in form


def test_a_submission_after_the_call_closed_offers_no_change(member_client, member):
    from exhibitors.applications import services

    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=None)
    Pavilion.objects.filter(pk=application.pavilion_id).update(
        applications_close_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    _listed, detail = _pages(member_client, application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert reverse("exhibitors:application_edit", args=[application.pk]) not in detail
    assert "Change the application" not in detail


def test_a_submission_while_the_call_is_open_offers_a_change_but_no_submit(member_client, member):
    from exhibitors.applications import services

    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=None)
    _listed, detail = _pages(member_client, application)
    assert "Change the application" in detail and "Edit and submit" not in detail
    edit = reverse("exhibitors:application_edit", args=[application.pk])
    form = member_client.get(edit).content.decode()
    assert 'name="submit"' not in form and "Save changes" in form


def test_once_the_expo_started_nothing_offers_a_withdrawal(member_client, member):
    application = _accepted(member)
    today = timezone.localdate()
    Event.objects.filter(pk=application.pavilion.event_id).update(
        starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=1)
    )
    assert ApplicationStatus.WITHDRAWN in application.allowed_moves()  # the status would allow
    _listed, detail = _pages(member_client, application)
    assert reverse("exhibitors:application_withdraw", args=[application.pk]) not in detail


def test_before_the_expo_an_accepted_company_may_withdraw(member_client, member):
    application = _accepted(member)
    _listed, detail = _pages(member_client, application)
    assert reverse("exhibitors:application_withdraw", args=[application.pk]) in detail


def test_only_an_exhibitor_is_offered_its_outcome_report(member_client, member):
    from exhibitors.applications import services

    application = _accepted(member)
    report = reverse("exhibitors:application_report", args=[application.pk])
    assert report not in _pages(member_client, application)[1]
    services.application_confirm(application=application, user=None)
    assert report in _pages(member_client, application)[1]


# "My applications" from the cache (portal.pagecache) ------------------------------------------


def _my_applications(client):
    """The page, read again from the cache (no query), the same."""
    return cached_no_queries(client, reverse("exhibitors:applications"))


def test_my_applications_follows_a_status_move_and_a_pavilion_edit(member_client, member):
    from exhibitors.applications import services

    application = ApplicationFactory(
        company=member.company, pavilion=open_pavilion(name_en="North Hall")
    )
    page = _my_applications(member_client)
    assert 'data-status="draft"' in page and "North Hall" in page
    services.application_withdraw(application=application, user=member.user, reason="Plans changed")
    assert 'data-status="withdrawn"' in _my_applications(member_client)
    pavilion = application.pavilion
    pavilion.name_en = "South Hall"
    pavilion.save()
    assert "South Hall" in _my_applications(member_client)


def test_my_applications_follows_a_company_renamed(member_client, member):
    ApplicationFactory(company=member.company)
    _my_applications(member_client)
    member.company.name_en = "Renamed Mobility"
    member.company.save()
    assert "Renamed Mobility" in _my_applications(member_client)


def test_my_applications_is_kept_no_longer_than_the_call_is_open(member_client, member):
    """The draft's "Continue" and its deadline hold until the call closes: the copy is
    cached until then at most, and made again after."""
    from unittest import mock

    from portal import pagecache

    pavilion = open_pavilion(applications_close_at=timezone.now() + datetime.timedelta(minutes=5))
    ApplicationFactory(company=member.company, pavilion=pavilion)
    with mock.patch.object(pagecache.cache, "set", wraps=pagecache.cache.set) as stored:
        page = member_client.get(reverse("exhibitors:applications")).content.decode()
    timeouts = [call.args[2] for call in stored.call_args_list if "my-applications" in call.args[0]]
    assert timeouts and max(timeouts) <= 300
    assert "Continue" in page


def test_my_applications_is_cached_per_language_and_company(member_client, member):
    ApplicationFactory(company=member.company)
    english = _my_applications(member_client)
    member_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    korean = _my_applications(member_client)
    assert "My applications" in english and "My applications" not in korean
    other = MembershipFactory()
    member_client.force_login(other.user)
    member_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert (
        member.company.name
        not in member_client.get(reverse("exhibitors:applications")).content.decode()
    )

"""Submitting from the edit page (issue 17, deadline night): a draft submitted as it is saved
(the usual click on deadline night) is submitted without a save of nothing; a draft submitted
with changes is saved, then submitted; a page loaded before a newer save is refused either
way. (The PostgreSQL races, and that a submission does not wait for the pavilion's lock, are
in tests/exhibitors/test_concurrency.py.)"""

import pytest
from django.core import mail
from django.urls import reverse

from exhibitors.applications import services
from exhibitors.applications.models import Application, ApplicationStatus, StatusChange
from tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def as_stored(application, **overrides):
    """What the edit page posts for ``application`` as it is stored, with ``overrides``, and
    the submit button."""
    data = {
        "loaded_version": application.version,
        "product_name_ko": application.product_name_ko,
        "product_name_en": application.product_name_en,
        "product_description_ko": application.product_description_ko,
        "product_description_en": application.product_description_en,
        "theme": application.theme_id,
        "target_markets": [str(country) for country in application.target_markets],
        "goals": application.goals,
        "booth_preference": application.booth_preference,
        "submit": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_url(application):
    return reverse("exhibitors:application_edit", args=[application.pk])


def test_a_draft_submitted_as_it_is_is_submitted_without_a_save(
    member_client, member, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(company=member.company)
    versions = application.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(edit_url(application), as_stored(application))
    assert response.status_code == 302
    assert response["Location"] == reverse("exhibitors:application", args=[application.pk])
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.version) == (ApplicationStatus.SUBMITTED, 0)
    # One historical row, the submission's, by the member; no row for a save of nothing.
    assert application.history.count() == versions + 1
    assert application.history.first().history_user == member.user
    assert StatusChange.objects.filter(application=application, to_status="submitted").count() == 1
    assert [m.to for m in mail.outbox] == [[member.user.email]]


def test_a_draft_submitted_with_a_change_is_saved_then_submitted(
    member_client, member, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(company=member.company)
    versions = application.history.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            edit_url(application), as_stored(application, goals="Meet distributors in Spain")
        )
    assert response.status_code == 302
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.goals, stored.version) == (
        ApplicationStatus.SUBMITTED,
        "Meet distributors in Spain",
        1,
    )
    assert application.history.count() == versions + 2  # the save, then the submission
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("change", [{}, {"goals": "Old goals"}])
def test_a_stale_page_is_refused_with_or_without_a_change(member_client, member, change):
    """Loaded at version 0, posted after a colleague's save (version 1): nothing is saved and
    nothing is submitted, whether the page changes something or shows the colleague's text."""
    application = ApplicationFactory(company=member.company)
    application.goals = "The colleague's goals"
    application.version = 1
    application.save()

    response = member_client.post(
        edit_url(application), as_stored(application, loaded_version=0, **change)
    )
    assert response.status_code == 200
    assert "was changed elsewhere" in response.content.decode()
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.goals, stored.version) == (
        ApplicationStatus.DRAFT,
        "The colleague's goals",
        1,
    )


def test_the_service_refuses_a_submission_from_a_stale_page(member):
    application = ApplicationFactory(company=member.company)
    Application.objects.filter(pk=application.pk).update(version=1)
    with pytest.raises(services.ApplicationStale):
        services.application_submit(application=application, user=member.user, version=0)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    submitted = services.application_submit(application=application, user=member.user, version=1)
    assert submitted.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    "posted",
    [{"loaded_version": "x"}, {"theme": "999999"}, {"product_name_en": "x" * 500}],
    ids=["version", "theme", "too-long"],
)
def test_a_submission_with_anything_posted_wrong_is_checked_by_the_form(
    member_client, member, posted
):
    """Only a page posted exactly as stored skips the form's checks."""
    application = ApplicationFactory(company=member.company)
    response = member_client.post(edit_url(application), as_stored(application, **posted))
    assert response.status_code == 200
    assert "Please correct the fields marked below" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT

"""The application's life, through the services that are the only way to move it."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from exhibitors.applications import services
from exhibitors.applications.models import TRANSITIONS, Application, ApplicationStatus, StatusChange
from exhibitors.companies.models import Exhibitor, MembershipRole
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def member():
    return MembershipFactory(role=MembershipRole.OWNER)


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def submitted(**kwargs):
    application = ApplicationFactory(**kwargs)
    services.application_submit(application=application, user=None)
    return application


def test_every_status_has_its_moves_and_final_states_have_none():
    assert set(TRANSITIONS) == set(ApplicationStatus)
    for status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.DECLINED,
    ):
        assert TRANSITIONS[status] == set()


def test_start_makes_one_draft_per_company_and_pavilion(member):
    pavilion = open_pavilion()
    application = services.application_start(
        pavilion=pavilion, company=member.company, user=member.user
    )
    assert application.status == ApplicationStatus.DRAFT
    with pytest.raises(services.ApplicationRefused, match="already applied"):
        services.application_start(pavilion=pavilion, company=member.company, user=member.user)
    assert Application.objects.count() == 1
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "",
        ApplicationStatus.DRAFT,
        member.user,
    )


def test_no_new_application_after_the_call_closed(member):
    pavilion = open_pavilion()
    with pytest.raises(services.ApplicationRefused, match="closed"):
        services.application_start(
            pavilion=pavilion,
            company=member.company,
            user=member.user,
            now=pavilion.applications_close_at,
        )


def test_submission_lists_every_missing_field_at_once(member):
    application = services.application_start(
        pavilion=open_pavilion(), company=member.company, user=member.user
    )
    with pytest.raises(services.ApplicationRefused) as caught:
        services.application_submit(application=application, user=member.user)
    assert set(caught.value.errors) == set(Application.REQUIRED_FOR_SUBMISSION)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submission_records_the_move_and_sends_the_receipt_after_commit(
    member, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(company=member.company)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, user=member.user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at
    change = application.status_changes.get(to_status=ApplicationStatus.SUBMITTED)
    assert (change.from_status, change.changed_by) == (ApplicationStatus.DRAFT, member.user)
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert "Receipt" in mail.outbox[0].subject or "접수" in mail.outbox[0].subject


def test_submission_one_second_after_the_deadline_is_refused():
    application = ApplicationFactory()
    close = application.pavilion.applications_close_at
    with pytest.raises(services.ApplicationRefused, match="closed"):
        services.application_submit(application=application, user=None, now=close)
    services.application_submit(application=application, user=None, now=close - SECOND)
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_submission_before_the_call_opens_is_refused():
    application = ApplicationFactory()
    with pytest.raises(services.ApplicationRefused, match="opens"):
        services.application_submit(
            application=application,
            user=None,
            now=application.pavilion.applications_open_at - SECOND,
        )


def test_editing_rules_follow_the_deadline():
    application = ApplicationFactory()
    close = application.pavilion.applications_close_at
    assert services.can_edit(application, close - SECOND)
    assert not services.can_edit(application, close)
    services.application_submit(application=application, user=None)
    assert services.can_edit(application, close - SECOND)
    assert not services.can_edit(application, close)
    services.application_start_review(application=application, user=None)
    assert not services.can_edit(application, close - SECOND)


def test_withdrawal_needs_a_reason_and_ends_before_the_expo():
    application = submitted()
    with pytest.raises(services.ApplicationRefused):
        services.application_withdraw(application=application, user=None, reason="  ")
    starts = application.pavilion.event.starts_at
    with pytest.raises(services.ApplicationRefused, match="started"):
        services.application_withdraw(application=application, user=None, reason="x", now=starts)
    services.application_withdraw(application=application, user=None, reason="No budget")
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == (
        ApplicationStatus.WITHDRAWN,
        "No budget",
    )
    assert application.status_changes.last().note == "No budget"
    with pytest.raises(services.ApplicationRefused):
        services.application_withdraw(application=application, user=None, reason="again")


def test_a_final_status_cannot_move(staff):
    application = submitted()
    services.application_reject(application=application, user=staff)
    for move in (services.application_accept, services.application_waitlist):
        with pytest.raises(services.ApplicationRefused, match="cannot become"):
            move(application=application, user=staff)
    assert Application.objects.get().status == ApplicationStatus.REJECTED


def test_acceptance_mail_asks_for_action_and_differs_from_the_receipt(
    staff, member, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(company=member.company)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, user=member.user)
        services.application_accept(application=application, user=staff)
    receipt, acceptance = mail.outbox
    assert receipt.subject != acceptance.subject
    assert "[Action required]" in acceptance.subject or "[조치 필요]" in acceptance.subject
    deadline_year = str(application.pavilion.confirmation_deadline.year)
    assert deadline_year in acceptance.body
    html, mimetype = acceptance.alternatives[0]
    assert mimetype == "text/html"
    assert f"/applications/{application.pk}/" in html
    assert not receipt.alternatives


def test_mail_goes_out_in_the_company_language(member, django_capture_on_commit_callbacks):
    member.company.preferred_language = "en"
    member.company.save()
    application = ApplicationFactory(company=member.company)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, user=member.user)
    assert mail.outbox[0].subject.startswith("Receipt")
    assert member.company.name_en in mail.outbox[0].body


def test_a_failing_mail_server_loses_no_submission(settings, member):
    settings.EMAIL_BACKEND = "tests.exhibitors.broken_mail.BrokenBackend"
    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=member.user)
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_capacity_is_never_exceeded(staff):
    pavilion = open_pavilion(capacity=2)
    first, second, third = (submitted(pavilion=pavilion) for _ in range(3))
    services.application_accept(application=first, user=staff)
    services.application_accept(application=second, user=staff)
    with pytest.raises(services.ApplicationRefused, match="places"):
        services.application_accept(application=third, user=staff)
    assert Application.objects.holding_places().count() == 2


def test_confirmation_makes_an_exhibitor_by_the_deadline_only(staff):
    application = submitted()
    services.application_accept(application=application, user=staff)
    deadline = application.pavilion.confirmation_deadline
    assert services.can_respond(application, deadline)
    with pytest.raises(services.ApplicationRefused, match="deadline"):
        services.application_confirm(application=application, user=None, now=deadline + SECOND)
    services.application_confirm(application=application, user=None, now=deadline)
    exhibitor = Exhibitor.objects.get()
    assert (exhibitor.company, exhibitor.pavilion) == (application.company, application.pavilion)
    services.application_withdraw(application=application, user=None, reason="Cannot travel")
    assert Exhibitor.objects.count() == 0


def test_declining_gives_the_place_back(staff):
    pavilion = open_pavilion(capacity=1)
    first, second = submitted(pavilion=pavilion), submitted(pavilion=pavilion)
    services.application_accept(application=first, user=staff)
    services.application_decline(application=first, user=None, reason="Too expensive")
    services.application_accept(application=second, user=staff)
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.DECLINED
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.ACCEPTED


def test_only_the_services_write_the_status():
    """No module but the services assigns .status: applications/services/ for applications,
    outcomes/services/ for reports, buyers/meetings/ for meetings, buyers/services.py for
    buyers (the admin, views, imports, the booth page and the demo call them)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]  # the project: tests/exhibitors/applications/..
    assert (root / "manage.py").exists()
    offenders = [
        str(path.relative_to(root))
        for app in ("events", "exhibitors", "portal")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        and path.parent != root / "exhibitors" / "applications" / "services"
        and path.parent != root / "exhibitors" / "outcomes" / "services"
        and path.parent != root / "exhibitors" / "buyers" / "meetings"
        and str(path.relative_to(root)) != "exhibitors/buyers/services.py"
        and re.search(r"\.status\s*=[^=]", path.read_text())
    ]
    assert offenders == []


def test_a_second_start_for_the_same_company_is_a_clear_error():
    pavilion = open_pavilion()
    company = CompanyFactory()
    Application.objects.create(pavilion=pavilion, company=company)
    with pytest.raises(services.ApplicationRefused, match="already applied"):
        services.application_start(pavilion=pavilion, company=company, user=None)


def test_a_withdrawal_of_an_accepted_company_promotes_the_waiting_list(staff):
    pavilion = open_pavilion(capacity=1)
    first, second = submitted(pavilion=pavilion), submitted(pavilion=pavilion)
    services.application_accept(application=first, user=staff)
    services.application_waitlist(application=second, user=staff)
    services.application_withdraw(application=first, user=None, reason="Cannot travel")
    second.refresh_from_db()
    assert second.status == ApplicationStatus.ACCEPTED
    assert second.confirm_by > timezone.now()
    assert second.status_changes.last().note == "Promoted from the waiting list."


def test_a_promoted_company_sees_its_own_later_deadline(client, staff):
    pavilion = open_pavilion(capacity=1)
    member = MembershipFactory()
    first, second = (
        submitted(pavilion=pavilion),
        submitted(pavilion=pavilion, company=member.company),
    )
    services.application_accept(application=first, user=staff)
    services.application_waitlist(application=second, user=staff)
    late = pavilion.confirmation_deadline + datetime.timedelta(days=1)
    services.application_decline(application=first, user=None, now=late)
    second.refresh_from_db()
    assert second.confirm_by > pavilion.confirmation_deadline
    assert services.can_respond(second, late)
    client.force_login(member.user)
    page = client.get("/applications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirm participation" in page

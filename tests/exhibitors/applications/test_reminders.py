"""The daily reminders command: once per deadline, to the right people, in their language;
lapsed acceptances expire and the waiting list moves up."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import formats, timezone, translation

from exhibitors import roles
from exhibitors.applications import reviews, services
from exhibitors.applications.models import Application, ApplicationStatus, Reminder, StatusChange
from exhibitors.companies.models import MembershipRole
from exhibitors.outcomes.models import ReportStatus
from tests.exhibitors.reporting import filed
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def selection_pavilion(*, review_in=None, confirm_in=10 * DAY, capacity=15):
    """A pavilion whose call closed a few days ago: reviews due in ``review_in``, acceptances to
    be confirmed in ``confirm_in`` (negative: already passed)."""
    now = timezone.now()
    event = EventFactory(starts_on=(now + 90 * DAY).date())
    ThemeFactory(event=event, name_en="Mobility", name_ko="모빌리티")
    return PavilionFactory(
        event=event,
        capacity=capacity,
        applications_open_at=now - 60 * DAY,
        applications_close_at=min(now - 5 * DAY, now + confirm_in),
        review_deadline=now + review_in if review_in is not None else None,
        confirmation_deadline=now + confirm_in,
    )


def submitted(pavilion, *, language="ko", members=1):
    company = CompanyFactory(preferred_language=language)
    for _ in range(members):
        MembershipFactory(company=company, role=MembershipRole.OWNER)
    application = ApplicationFactory(pavilion=pavilion, company=company)
    services.application_submit(
        application=application, user=None, now=pavilion.applications_open_at + DAY
    )
    return application


def reviewer(name):
    user = UserFactory(username=f"{name}@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    return user


def scored(application, reviewer_user, value):
    """Assign and submit a review scoring ``value`` on every criterion."""
    review = reviews.reviewer_assign(application=application, reviewer=reviewer_user, user=None)
    criteria = application.pavilion.criteria.all()
    reviews.review_submit(review=review, user=reviewer_user, values={c.pk: value for c in criteria})
    return review


def accepted(pavilion, **kwargs):
    application = submitted(pavilion, **kwargs)
    close = pavilion.applications_close_at
    services.application_accept(application=application, user=None, now=close, notify=False)
    return application


def run(*args, capture):
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# Reviewers ---------------------------------------------------------------------------------


def test_a_reviewer_with_open_reviews_is_reminded_once_per_pavilion(capture):
    pavilion = selection_pavilion(review_in=2 * DAY)
    busy, done, conflicted = reviewer("busy"), reviewer("done"), reviewer("conflicted")
    for _ in range(3):
        reviews.reviewer_assign(application=submitted(pavilion), reviewer=busy, user=None)
    scored(submitted(pavilion), done, 7)
    review = reviews.reviewer_assign(application=submitted(pavilion), reviewer=busy, user=None)
    scored(review.application, busy, 8)  # one of busy's four is finished
    conflict = reviews.reviewer_assign(
        application=review.application, reviewer=conflicted, user=None
    )
    reviews.review_declare_conflict(review=conflict, user=conflicted, note="My brother's firm")

    output = run(capture=capture)

    assert [m.to for m in mail.outbox] == [["busy@example.com"]]
    message = mail.outbox[0]
    with translation.override("ko"):  # staff mail is written in the portal's language
        when = formats.date_format(timezone.localtime(pavilion.review_deadline), "DATETIME_FORMAT")
        short = formats.date_format(
            timezone.localtime(pavilion.review_deadline), "SHORT_DATE_FORMAT"
        )
    assert "심사 3건" in message.subject and pavilion.event.name_ko in message.subject
    assert short in message.subject
    assert "3건" in message.body and pavilion.name_ko in message.body and when in message.body
    assert "1 reminder to a reviewer" in output
    assert Reminder.objects.get().recipient == "busy@example.com"

    assert "0 reminders to reviewers" in run(capture=capture)
    assert len(mail.outbox) == 1


def test_no_review_reminder_for_a_passed_or_far_deadline(capture):
    busy = reviewer("busy")
    for review_in in (-HOUR, 10 * DAY, None):
        pavilion = selection_pavilion(review_in=review_in)
        reviews.reviewer_assign(application=submitted(pavilion), reviewer=busy, user=None)
    run(capture=capture)
    assert mail.outbox == []
    run("--days", "11", capture=capture)
    assert [m.to for m in mail.outbox] == [["busy@example.com"]]


def test_a_moved_review_deadline_gets_its_own_reminder(capture):
    pavilion = selection_pavilion(review_in=2 * DAY)
    reviews.reviewer_assign(application=submitted(pavilion), reviewer=reviewer("r"), user=None)
    run(capture=capture)
    pavilion.review_deadline += DAY
    pavilion.save(update_fields=["review_deadline"])
    run(capture=capture)
    run(capture=capture)
    assert len(mail.outbox) == 2


def test_withdrawn_applications_need_no_review(capture):
    pavilion = selection_pavilion(review_in=2 * DAY)
    review = reviews.reviewer_assign(
        application=submitted(pavilion), reviewer=reviewer("r"), user=None
    )
    services.application_withdraw(application=review.application, user=None, reason="Merged")
    run(capture=capture)
    assert mail.outbox == []


# Companies ---------------------------------------------------------------------------------


def test_accepted_companies_are_asked_to_confirm_in_their_language(capture):
    pavilion = selection_pavilion(confirm_in=2 * DAY)
    korean = accepted(pavilion, language="ko", members=2)
    english = accepted(pavilion, language="en")
    confirmed = accepted(pavilion)
    services.application_confirm(application=confirmed, user=None)

    output = run(capture=capture)

    sent = {tuple(m.to): m for m in mail.outbox}
    members = lambda application: tuple(  # noqa: E731
        sorted(m.user.email for m in application.company.memberships.all())
    )
    assert set(sent) == {members(korean), members(english)}
    deadline = timezone.localtime(pavilion.confirmation_deadline)
    with translation.override("ko"):
        action = translation.gettext("ACTION REQUIRED")
        when_ko = formats.date_format(deadline, "DATETIME_FORMAT")
    assert action != "ACTION REQUIRED"
    ko = sent[members(korean)]
    assert action in ko.body and when_ko in ko.body
    en = sent[members(english)]
    with translation.override("en"):
        when_en = formats.date_format(deadline, "DATETIME_FORMAT")
    assert "ACTION REQUIRED" in en.body and f"Confirm your participation by {when_en}" in en.body
    assert en.subject.startswith("[Action required] Reminder: confirm your place")
    assert f"/applications/{english.pk}/" in en.body
    assert "2 reminders to confirm participation" in output
    assert Reminder.objects.filter(kind="confirm").count() == 3  # one per address

    run(capture=capture)
    assert len(mail.outbox) == 2


def test_no_confirmation_reminder_for_a_far_or_passed_deadline(capture):
    far = accepted(selection_pavilion(confirm_in=10 * DAY))
    run(capture=capture)
    assert mail.outbox == []
    run("--days", "11", capture=capture)
    assert [m.to for m in mail.outbox] == [[far.company.memberships.get().user.email]]


def test_a_company_without_users_is_written_at_its_contact_address(capture):
    pavilion = selection_pavilion(confirm_in=2 * DAY)
    application = accepted(pavilion, members=0)
    application.company.email = "contact@nuri.example"
    application.company.save()
    run(capture=capture)
    assert [m.to for m in mail.outbox] == [["contact@nuri.example"]]


# Expiry and the waiting list ---------------------------------------------------------------


def test_a_lapsed_acceptance_expires_and_the_best_waitlisted_company_is_promoted(capture):
    pavilion = selection_pavilion(confirm_in=-HOUR, capacity=1)
    reviewer_user = reviewer("r")
    lapsed = submitted(pavilion)
    good, better = submitted(pavilion), submitted(pavilion)
    for application, value in [(lapsed, 9), (good, 7), (better, 8)]:
        scored(application, reviewer_user, value)
    close = pavilion.applications_close_at
    services.application_accept(application=lapsed, user=None, now=close, notify=False)
    for application in (good, better):
        services.application_waitlist(application=application, user=None, now=close, notify=False)

    output = run(capture=capture)

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        lapsed.pk: ApplicationStatus.EXPIRED,
        good.pk: ApplicationStatus.WAITLISTED,
        better.pk: ApplicationStatus.ACCEPTED,
    }
    change = StatusChange.objects.get(application=lapsed, to_status=ApplicationStatus.EXPIRED)
    assert change.changed_by is None and change.note
    better.refresh_from_db()
    assert better.confirm_by > timezone.now() + 6 * DAY
    assert [m.to for m in mail.outbox] == [[better.company.memberships.get().user.email]]
    with translation.override("ko"):  # the promoted company is told its own, later deadline
        when = formats.date_format(timezone.localtime(better.confirm_by), "DATETIME_FORMAT")
    assert when in mail.outbox[0].body
    assert "1 acceptance expired" in output

    assert "0 acceptances expired" in run(capture=capture)
    assert len(mail.outbox) == 1


def test_an_acceptance_is_not_expired_before_its_deadline(capture):
    application = accepted(selection_pavilion(confirm_in=HOUR))
    run(capture=capture)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


# Dry run -----------------------------------------------------------------------------------


def test_a_dry_run_sends_nothing_and_writes_nothing(capture):
    soon = selection_pavilion(review_in=DAY, confirm_in=2 * DAY)
    reviews.reviewer_assign(application=submitted(soon), reviewer=reviewer("r"), user=None)
    accepted(soon)
    lapsed = accepted(selection_pavilion(confirm_in=-HOUR))
    changes = StatusChange.objects.count()

    output = run("--dry-run", capture=capture)

    assert output.strip() == (
        "Dry run, nothing sent or changed: 1 acceptance expired, 0 booth offers expired, "
        "1 reminder to a reviewer, 0 reminders to file an outcome report, "
        "1 reminder to confirm participation, 0 meeting requests expired, "
        "0 schedules of tomorrow's meetings."
    )
    assert mail.outbox == []
    assert Reminder.objects.count() == 0
    assert StatusChange.objects.count() == changes
    lapsed.refresh_from_db()
    assert lapsed.status == ApplicationStatus.ACCEPTED

    run(capture=capture)
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_verbose_output_names_each_recipient(capture):
    pavilion = selection_pavilion(review_in=DAY)
    reviews.reviewer_assign(application=submitted(pavilion), reviewer=reviewer("r"), user=None)
    output = run("--dry-run", "--verbosity", "2", capture=capture)
    assert "r@example.com" in output


def test_negative_days_are_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", "-1", stdout=io.StringIO())


def test_the_daily_run_withdraws_expired_booth_offers():
    import datetime as dt
    import io

    from django.core.management import call_command

    from exhibitors.floor import services as booths
    from exhibitors.floor.models import Booth
    from tests.factories import ExhibitorFactory, PavilionFactory

    pavilion = PavilionFactory()
    exhibitor = ExhibitorFactory(pavilion=pavilion)
    booth = booths.booth_save(booth=Booth(pavilion=pavilion, code="A1", x=0, y=0, width=3, depth=3))
    now = timezone.now()
    booths.booth_offer(booth=booth, exhibitor=exhibitor, expires_at=now + dt.timedelta(hours=1))
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert Booth.objects.get().held_for == exhibitor  # not expired yet
    Booth.objects.update(hold_expires_at=now - dt.timedelta(minutes=1))
    call_command("send_reminders", stdout=out)
    assert Booth.objects.get().held_for is None
    assert "1 booth offer expired" in out.getvalue()


def test_exhibitors_are_reminded_to_file_their_report_once(django_capture_on_commit_callbacks):
    import datetime as dt

    from exhibitors.outcomes import services as outcomes
    from tests.factories import EventFactory, ExhibitorFactory, MembershipFactory, PavilionFactory

    now = timezone.now()
    event = EventFactory(starts_on=(now - dt.timedelta(days=20)).date())
    pavilion = PavilionFactory(event=event, report_deadline=now + dt.timedelta(days=2))
    late = ExhibitorFactory(pavilion=pavilion)
    member = MembershipFactory(company=late.company)
    done = ExhibitorFactory(pavilion=pavilion)
    MembershipFactory(company=done.company)
    report = outcomes.report_get_or_create(done)
    from exhibitors.outcomes.models import Consultation

    Consultation.objects.create(
        report=report,
        met_on=event.starts_on,
        buyer_organisation="B",
        buyer_country="ES",
        amount_usd=1,
    )
    outcomes.report_submit(report=report, user=None)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert f"/reports/{late.pk}/" in mail.outbox[0].body
    assert "1 reminder to file an outcome report" in out.getvalue()


# Outcome reports ---------------------------------------------------------------------------


def report_pavilion(*, due_in=2 * DAY, started_ago=20 * DAY):
    """A pavilion whose expo started ``started_ago`` and whose outcome reports are due in
    ``due_in``."""
    now = timezone.now()
    event = EventFactory(starts_on=(now - started_ago).date())
    return PavilionFactory(event=event, report_deadline=now + due_in)


def exhibitor_with(pavilion, status=None, *, language="ko"):
    """An exhibitor whose company has one user, with a report in ``status`` (None: never
    opened)."""
    company = CompanyFactory(preferred_language=language)
    MembershipFactory(company=company, role=MembershipRole.OWNER)
    exhibitor = ExhibitorFactory(pavilion=pavilion, company=company)
    if status is not None:
        filed(pavilion, [100], exhibitor=exhibitor, status=status)
    return exhibitor


def _address(exhibitor):
    return exhibitor.company.memberships.get().user.email


def test_only_reports_not_yet_submitted_are_reminded(capture):
    pavilion = report_pavilion()
    waiting = {
        status: exhibitor_with(pavilion, status)
        for status in (None, ReportStatus.DRAFT, ReportStatus.RETURNED)
    }
    for status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        exhibitor_with(pavilion, status)

    output = run(capture=capture)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(map(_address, waiting.values()))
    assert "3 reminders to file an outcome report" in output
    assert Reminder.objects.filter(kind="report").count() == 3
    run(capture=capture)
    assert len(mail.outbox) == 3  # once per deadline


def test_the_report_reminder_speaks_the_companys_language(capture):
    pavilion = report_pavilion()
    korean = exhibitor_with(pavilion, language="ko")
    english = exhibitor_with(pavilion, language="en")
    run(capture=capture)
    sent = {m.to[0]: m for m in mail.outbox}
    ko, en = sent[_address(korean)], sent[_address(english)]
    assert ko.subject.startswith("[알림]") and "성과 보고서" in ko.subject
    assert en.subject.startswith("Reminder: your outcome report for")
    assert f"/reports/{english.pk}/" in en.body and english.company.name_en in en.body
    with translation.override("en"):
        when = formats.date_format(timezone.localtime(pavilion.report_deadline), "DATETIME_FORMAT")
    assert when in en.body


def test_no_report_reminder_for_a_far_or_passed_deadline_or_before_the_expo(capture):
    exhibitor_with(report_pavilion(due_in=-HOUR))
    far = exhibitor_with(report_pavilion(due_in=10 * DAY))
    exhibitor_with(report_pavilion(due_in=2 * DAY, started_ago=-5 * DAY))  # expo not started
    run(capture=capture)
    assert mail.outbox == []
    run("--days", "11", capture=capture)
    assert [m.to for m in mail.outbox] == [[_address(far)]]


def test_a_moved_report_deadline_gets_its_own_reminder(capture):
    pavilion = report_pavilion(due_in=2 * DAY)
    exhibitor_with(pavilion)
    run(capture=capture)
    pavilion.report_deadline += DAY
    pavilion.save(update_fields=["report_deadline"])
    run(capture=capture)
    assert len(mail.outbox) == 2


def test_a_dry_run_counts_the_report_reminders_without_sending(capture):
    exhibitor_with(report_pavilion())
    output = run("--dry-run", capture=capture)
    assert "1 reminder to file an outcome report" in output
    assert mail.outbox == [] and Reminder.objects.count() == 0

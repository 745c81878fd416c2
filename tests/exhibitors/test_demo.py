import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from events.models import Event, Pavilion, SideEvent, Theme
from exhibitors import applications, registration, reviews, roles
from exhibitors.demo import ROLE_ACCOUNTS, upcoming_scewc_year
from exhibitors.models import (
    Application,
    ApplicationStatus,
    BoothPreference,
    Company,
    Criterion,
    Exhibitor,
    Membership,
    Review,
    StatusChange,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
S = ApplicationStatus
DAY = datetime.timedelta(days=1)

ALL_MODELS = [
    Event,
    Pavilion,
    Theme,
    SideEvent,
    Company,
    Exhibitor,
    Membership,
    User,
    User.groups.through,
    EmailAddress,
    Application,
    StatusChange,
    Criterion,
]


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def open_call():
    return Pavilion.objects.open_calls().get()


def test_seed_demo_twice_adds_nothing_the_second_time():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert "staff@example.com" in out.getvalue() and "company@example.com" in out.getvalue()
    for account in ROLE_ACCOUNTS:
        assert account.email in out.getvalue()


def test_the_demo_reproduces_the_2024_facts():
    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.get(slug="scewc-2024")
    assert (event.city_en, event.starts_on, event.ends_on) == (
        "Barcelona",
        datetime.date(2024, 11, 5),
        datetime.date(2024, 11, 7),
    )
    assert (event.headline_theme, event.participants, event.participant_countries) == (
        "LIVE BETTER",
        25_771,
        130,
    )
    assert list(event.themes.values_list("name_en", flat=True)) == [
        "Enabling Technologies",
        "Energy & Environment",
        "Mobility",
        "Governance & Economy",
        "Living & Inclusion",
        "Infrastructure & Buildings",
        "Blue Economy",
    ]
    pavilion = event.pavilions.get()
    assert pavilion.floor_area_m2 == 276
    assert pavilion.exhibitors.companies().count() == 15
    assert sorted(
        pavilion.exhibitors.co_exhibitors().values_list("company__name_en", flat=True)
    ) == [
        "Dongdaemun-gu, Seoul",
        "Gangnam-gu, Seoul",
        "Seocho-gu, Seoul",
    ]
    assert pavilion.side_events.count() == 4
    assert Event.objects.get(slug="scewc-2023").pavilions.get().exhibitors.companies().count() == 15
    assert Event.objects.get(slug="slw-2024").visitors == 30_000


def test_every_demo_object_passes_validation():
    call_command("seed_demo", stdout=io.StringIO())
    for model in [Event, Pavilion, Theme, SideEvent, Company, Exhibitor]:
        for obj in model.objects.all():
            obj.full_clean()


@pytest.mark.parametrize(
    "today", [datetime.date(2026, 11, 24), datetime.date(2027, 3, 1), datetime.date(2027, 7, 31)]
)
def test_there_is_always_an_open_call(today):
    from exhibitors.demo import seed_demo

    seed_demo(today=today)
    now = datetime.datetime.combine(today, datetime.time(12)).astimezone()
    open_calls = Pavilion.objects.open_calls(now)
    assert [p.event.slug for p in open_calls] == [f"scewc-{upcoming_scewc_year(today)}"]
    open_calls.get().full_clean()


def test_the_demo_accounts_can_log_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(username="staff@example.com", password="pavilion-demo-2024")
    assert client.get("/admin/").status_code == 200
    user = get_user_model().objects.get(username="company@example.com")
    assert user.membership.company.name_en == "Hanbit Smart Lab"


def test_the_open_call_has_40_submitted_applications_across_the_themes():
    call_command("seed_demo", stdout=io.StringIO())
    pavilion = open_call()
    submitted = pavilion.applications.filter(status=S.SUBMITTED).select_related("company")
    assert submitted.count() == 40
    assert pavilion.applications.filter(status=S.DRAFT).count() == 1  # the demo company's
    assert submitted.values("theme").distinct().count() == 7
    assert set(submitted.values_list("booth_preference", flat=True)) == set(BoothPreference)
    for application in submitted:
        assert registration.is_valid(application.company.registration_number)
        assert application.missing_for_submission() == {}
        assert (
            pavilion.applications_open_at
            < application.submitted_at
            < min(pavilion.applications_close_at, datetime.datetime.now(datetime.UTC))
        )
        assert application.status_changes.filter(to_status=S.SUBMITTED).exists()
    assert pavilion.review_deadline == pavilion.applications_close_at + 14 * DAY
    assert pavilion.criteria.count() == 4


def test_each_role_has_a_demo_account(client):
    call_command("seed_demo", stdout=io.StringIO())
    for account in ROLE_ACCOUNTS:
        user = User.objects.get(username=account.email)
        assert list(user.groups.values_list("name", flat=True)) == [account.group]
        assert user.is_staff and not user.is_superuser
        assert EmailAddress.objects.get(user=user).verified
        assert client.login(username=account.email, password="pavilion-demo-2024")
        assert client.get("/admin/").status_code == 200
    emails = {a.email for a in ROLE_ACCOUNTS}
    for name, expected in [(roles.REVIEWER, 3), (roles.PROGRAMME_MANAGER, 1)]:
        assert User.objects.filter(groups__name=name, email__in=emails).count() == expected


def test_staff_take_the_open_call_to_15_accepted_and_a_waitlist(
    django_capture_on_commit_callbacks,
):
    """The selection of issue 4 on the demo data, through the services and the role accounts."""
    call_command("seed_demo", stdout=io.StringIO())
    pavilion = open_call()
    after = pavilion.applications_close_at + DAY
    manager = User.objects.get(username="manager@example.com")
    reviewers = list(User.objects.filter(groups__name=roles.REVIEWER).order_by("username"))
    reviews.reviewers_assign_evenly(
        applications=list(pavilion.applications.filter(status=S.SUBMITTED)),
        reviewers=reviewers,
        per_application=2,
        user=manager,
        now=after,
    )
    criteria = list(pavilion.criteria.all())
    open_reviews = Review.objects.filter(application__pavilion=pavilion).select_related("reviewer")
    assert open_reviews.count() == 80
    for n, review in enumerate(open_reviews):
        values = {c.pk: (3 * n + 5 * i) % 11 for i, c in enumerate(criteria)}
        reviews.review_submit(review=review, user=review.reviewer, values=values, now=after + DAY)

    assert applications.decisions_bulk(
        pavilion=pavilion, accept=15, waitlist=10, user=manager, now=after + 2 * DAY
    ) == (15, 10)
    with django_capture_on_commit_callbacks(execute=True):
        released = applications.decisions_release(
            pavilion=pavilion, user=manager, now=after + 3 * DAY
        )

    assert released == 25
    by_status = {
        status: pavilion.applications.filter(status=status).count()
        for status in (S.ACCEPTED, S.WAITLISTED, S.UNDER_REVIEW)
    }
    assert by_status == {S.ACCEPTED: 15, S.WAITLISTED: 10, S.UNDER_REVIEW: 15}
    moves = StatusChange.objects.filter(
        application__pavilion=pavilion, to_status__in=[S.ACCEPTED, S.WAITLISTED]
    )
    assert {(m.changed_by, m.changed_at) for m in moves} == {(manager, after + 3 * DAY)}
    assert len(mail.outbox) == 25

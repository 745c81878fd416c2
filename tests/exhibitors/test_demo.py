import datetime
import io
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Pavilion, SideEvent, Theme
from exhibitors import roles
from exhibitors.applications import reviews
from exhibitors.applications import services as applications
from exhibitors.applications.models import (
    Application,
    ApplicationStatus,
    BoothPreference,
    Criterion,
    Review,
    StatusChange,
)
from exhibitors.companies import registration
from exhibitors.companies.models import Company, Exhibitor, ExhibitorRole, Membership
from exhibitors.demo import (
    BUYERS,
    DEMO_EXHIBITOR,
    RETURNED_COMMENT,
    RETURNED_CONSULTATIONS,
    ROLE_ACCOUNTS,
    seed_demo,
    split_exactly,
    upcoming_scewc_year,
)
from exhibitors.floor.models import Booth, BoothKind
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import pavilion_figures
from exhibitors.outcomes.models import (
    Consultation,
    ConsultationStage,
    FollowUp,
    Mou,
    OnSiteContract,
    OutcomeReport,
    ReportStatus,
)
from exhibitors.outcomes.wording import summary_en, summary_ko

pytestmark = pytest.mark.django_db
User = get_user_model()
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
    OutcomeReport,
    Consultation,
    Mou,
    OnSiteContract,
    FollowUp,
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
    for model in [
        Event,
        Pavilion,
        Theme,
        SideEvent,
        Company,
        Exhibitor,
        OutcomeReport,
        Consultation,
        Mou,
        OnSiteContract,
    ]:
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
    submitted = pavilion.applications.exclude(status=ApplicationStatus.DRAFT).select_related(
        "company"
    )
    assert submitted.count() == 40
    # The review has begun on some of them (see test_reviewers_have_scored_and_open_reviews).
    assert set(submitted.values_list("status", flat=True)) == {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
    }
    assert (
        pavilion.applications.filter(status=ApplicationStatus.DRAFT).count() == 1
    )  # the demo company's
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
        assert application.status_changes.filter(to_status=ApplicationStatus.SUBMITTED).exists()
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
        applications=list(pavilion.applications.exclude(status=ApplicationStatus.DRAFT)),
        reviewers=reviewers,
        per_application=2,
        user=manager,
        now=after,
    )
    criteria = list(pavilion.criteria.all())
    every_review = Review.objects.filter(application__pavilion=pavilion)
    assert every_review.count() == 80
    open_reviews = every_review.filter(submitted_at__isnull=True).select_related("reviewer")
    for n, review in enumerate(open_reviews):
        values = {c.pk: (3 * n + 5 * i) % 11 for i, c in enumerate(criteria)}
        reviews.review_submit(review=review, user=review.reviewer, values=values, now=after + DAY)

    assert applications.decisions_record_top(
        pavilion=pavilion, accept=15, waitlist=10, user=manager, now=after + 2 * DAY
    ) == (15, 10)
    with django_capture_on_commit_callbacks(execute=True):
        released = applications.decisions_release(
            pavilion=pavilion, user=manager, now=after + 3 * DAY
        )

    assert released == 25
    by_status = {
        status: pavilion.applications.filter(status=status).count()
        for status in (
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.UNDER_REVIEW,
        )
    }
    assert by_status == {
        ApplicationStatus.ACCEPTED: 15,
        ApplicationStatus.WAITLISTED: 10,
        ApplicationStatus.UNDER_REVIEW: 15,
    }
    moves = StatusChange.objects.filter(
        application__pavilion=pavilion,
        to_status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED],
    )
    assert {(m.changed_by, m.changed_at) for m in moves} == {(manager, after + 3 * DAY)}
    assert len(mail.outbox) == 25


# Outcome reports: the published figures of MISSION.md ------------------------------------------


def figures(slug, **kwargs):
    pavilion = Pavilion.objects.with_event().get(event__slug=slug, slug="seoul")
    return pavilion_figures(pavilion, **kwargs)


def test_the_demo_reports_give_the_published_figures():
    seed_demo()
    this, last = figures("scewc-2024"), figures("scewc-2023")
    assert (this.consultations, this.consultation_amount_usd) == (407, Decimal(3_150_000))
    assert (last.consultations, last.consultation_amount_usd) == (346, Decimal(2_210_000))
    assert this.previous.pavilion == last.pavilion
    assert this.consultations_delta == 61
    assert this.amount_ratio == Decimal("1.43")
    assert this.consultation_amount_krw == 3_150_000 * this.event.usd_krw_rate == 4_400_550_000
    assert last.consultation_amount_krw == 2_210_000 * last.event.usd_krw_rate == 2_899_520_000
    # 2024: the demo exhibitor's report is returned, so 17 approved reports make the 407.
    assert (this.exhibitors, this.co_exhibitors, this.reports_approved) == (15, 3, 17)
    assert (last.exhibitors, last.co_exhibitors, last.reports_approved) == (15, 3, 18)

    korean = summary_ko(this)
    for fragment in ("수출 상담 407건", "315만 달러", "약 44억 원", "61건 늘고", "1.4배"):
        assert fragment in korean
    english = summary_en(this)
    for fragment in (
        "407 export consultations",
        "USD 3.15 million",
        "KRW 4.4 billion",
        "61 more",
        "1.4 times",
    ):
        assert fragment in english
    assert "221만 달러" in summary_ko(last) and "약 29억 원" in summary_ko(last)
    assert "USD 2.21 million" in summary_en(last)


def test_every_exhibitor_and_district_filed_an_approved_report_through_the_services():
    seed_demo()
    staff = User.objects.get(username="staff@example.com")
    for slug in ("scewc-2023", "scewc-2024"):
        pavilion = Pavilion.objects.get(event__slug=slug)
        event = pavilion.event
        reports = OutcomeReport.objects.filter(exhibitor__pavilion=pavilion)
        assert reports.count() == pavilion.exhibitors.count() == 18
        for report in reports:
            if report.exhibitor.company.registration_number == DEMO_EXHIBITOR.registration_number:
                assert slug == "scewc-2024" and report.status == ReportStatus.RETURNED
                continue
            assert report.status == ReportStatus.APPROVED
            assert report.approved_by == staff
            assert event.ends_on < report.submitted_at.date() < report.approved_at.date()
            assert report.submitted_at < pavilion.report_deadline
            assert report.consultations.exists()


def test_the_demo_consultations_are_spread_like_a_real_pavilion():
    seed_demo()
    for slug, contracts in (("scewc-2023", 2), ("scewc-2024", 3)):
        table = figures(slug, tables=True)
        event = table.event
        rows = Consultation.objects.filter(
            report__exhibitor__pavilion=table.pavilion, report__status=ReportStatus.APPROVED
        )
        # Companies are busier than the districts, and no booth takes the lion's share.
        by_role = {ExhibitorRole.COMPANY: [], ExhibitorRole.CO_EXHIBITOR: []}
        for row in table.by_exhibitor:
            if row["exhibitor"].company.registration_number != DEMO_EXHIBITOR.registration_number:
                by_role[row["exhibitor"].role].append(row["consultations"])
        assert len(by_role[ExhibitorRole.COMPANY]) == (14 if slug == "scewc-2024" else 15)
        assert len(by_role[ExhibitorRole.CO_EXHIBITOR]) == 3
        assert min(by_role[ExhibitorRole.COMPANY]) > max(by_role[ExhibitorRole.CO_EXHIBITOR])
        assert max(by_role[ExhibitorRole.COMPANY]) < table.consultations * 0.15
        # Buyers from the expo's markets, Spain (the host) most often.
        countries = [row["buyer_country"] for row in table.by_country]
        assert set(countries) <= set(BUYERS) and len(countries) >= 10
        assert countries[0] == "ES"
        # Whole dollars, every one positive; dates during the expo.
        amounts = list(rows.values_list("amount_usd", flat=True))
        assert all(a > 0 and a == a.to_integral_value() for a in amounts)
        assert len(set(amounts)) > 50
        days = set(rows.values_list("met_on", flat=True))
        assert days == {event.starts_on + datetime.timedelta(days=d) for d in range(3)}
        # Buyer types, stages, expected contracts and a few contracts signed on site.
        assert len(set(rows.values_list("buyer_type", flat=True))) == 5
        assert set(rows.values_list("stage", flat=True)) == set(ConsultationStage)
        assert 0 < table.expected_contract_usd < table.consultation_amount_usd
        assert rows.filter(expected_contract_usd__gt=0).count() < rows.count() / 2
        assert table.onsite_contracts == contracts
        assert rows.filter(stage=ConsultationStage.CONTRACTED).count() == contracts
        for contract in OnSiteContract.objects.filter(report__exhibitor__pavilion=table.pavilion):
            assert contract.report.consultations.filter(
                stage=ConsultationStage.CONTRACTED,
                buyer_organisation=contract.partner,
                buyer_country=contract.country,
                expected_contract_usd=contract.amount_usd,
            ).exists()
        # The tables add up to the totals; the districts have no theme.
        assert sum(r["n"] for r in table.by_theme) == table.consultations
        assert sum(r["amount"] for r in table.by_theme) == table.consultation_amount_usd
        assert [r["exhibitors"] for r in table.by_theme if r["theme"] is None] == [3]
        for row in rows:
            assert outcomes.report_date_refusals(table.pavilion, row.met_on) is None


def test_the_ai_healthcare_exhibitor_signed_two_mous_in_2024():
    seed_demo()
    mous = Mou.objects.filter(report__exhibitor__pavilion__event__slug="scewc-2024")
    assert mous.count() == 2 == figures("scewc-2024").mous
    assert ("Polish Logistics Association", "PL") in {(m.partner, m.country) for m in mous}
    assert {m.country for m in mous} == {"PL", "JP"}
    event = Event.objects.get(slug="scewc-2024")
    for mou in mous.select_related("report__exhibitor__company"):
        company = mou.report.exhibitor.company
        assert (company.name_en, company.sector) == ("MediAI Health", "AI healthcare")
        assert event.starts_on <= mou.signed_on <= event.ends_on
        # Each MOU grew out of a meeting at the booth.
        assert mou.report.consultations.filter(
            buyer_organisation=mou.partner, buyer_country=mou.country
        ).exists()
    assert not Mou.objects.filter(report__exhibitor__pavilion__event__slug="scewc-2023").exists()


def test_seeding_twice_adds_no_reports_and_mails_no_one(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    first = counts(), figures("scewc-2024"), figures("scewc-2023")
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    again = counts(), figures("scewc-2024"), figures("scewc-2023")
    assert again[0] == first[0]
    for before, after in zip(first[1:], again[1:], strict=True):
        assert (before.consultations, before.consultation_amount_usd, before.mous) == (
            after.consultations,
            after.consultation_amount_usd,
            after.mous,
        )
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("total", "weights", "minimum"),
    [(407, [30, 12, 40, 5, 7], 3), (10, [1, 1, 1], 0), (346, [1] * 18, 3), (5, [9, 1], 2)],
)
def test_split_exactly_adds_up(total, weights, minimum):
    shares = split_exactly(total, weights, minimum=minimum)
    assert sum(shares) == total and min(shares) >= minimum and len(shares) == len(weights)


# Every role has something to try first -----------------------------------------------------------


def demo_exhibitor():
    return Exhibitor.objects.select_related("pavilion__event", "company", "report").get(
        pavilion__event__slug="scewc-2024",
        company__registration_number=DEMO_EXHIBITOR.registration_number,
    )


def test_the_exhibitor_login_has_its_booth_and_a_returned_report(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(username="exhibitor@example.com", password="pavilion-demo-2024")
    user = User.objects.get(username="exhibitor@example.com")
    assert EmailAddress.objects.get(user=user).verified
    exhibitor = demo_exhibitor()
    assert user.membership.company == exhibitor.company
    assert exhibitor.role == ExhibitorRole.COMPANY
    application = Application.objects.get(pavilion=exhibitor.pavilion, company=exhibitor.company)
    assert application.status == ApplicationStatus.CONFIRMED
    booth = Booth.objects.get(holder=exhibitor, kind=BoothKind.COMPANY)
    page = client.get(
        reverse("exhibitors:application", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f">{booth.code}<" in page

    # The report: filed after the expo, returned by the Reporting role with its comment,
    # through the services (the audit trail says who), and open for the missing row.
    report = exhibitor.report
    assert report.status == ReportStatus.RETURNED
    assert report.staff_comment == RETURNED_COMMENT
    assert report.consultations.count() == len(RETURNED_CONSULTATIONS)
    assert report.submitted_at.date() > exhibitor.pavilion.event.ends_on
    reporting = User.objects.get(username="reporting@example.com")
    assert report.history.first().history_user == reporting
    assert [h.status for h in report.history.order_by("history_date")][-2:] == [
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
    ]
    page = client.get(
        reverse("exhibitors:report", args=[exhibitor.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The foundation asks you to change your report" in page
    assert "Delta Water (Netherlands) on 6 November is missing" in page
    assert outcomes.report_edit_refusals(report) is None


def test_the_published_figures_hold_until_the_returned_report_is_filed_again():
    seed_demo()
    exhibitor = demo_exhibitor()
    report = exhibitor.report
    user = User.objects.get(username="exhibitor@example.com")
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on + DAY,
        buyer_organisation="Delta Water",
        buyer_country="NL",
        buyer_type="distributor",
        product="CarbonZero platform",
        amount_usd=Decimal(20_000),
        expected_contract_usd=Decimal(0),
        stage=ConsultationStage.CONSULTED,
    )
    outcomes.report_submit(report=report, user=user)
    submitted = figures("scewc-2024")
    assert (submitted.consultations, submitted.consultation_amount_usd) == (407, 3_150_000)
    outcomes.report_approve(report=report, user=User.objects.get(username="reporting@example.com"))
    approved = figures("scewc-2024")
    extra = sum(row[-1] for row in RETURNED_CONSULTATIONS) + 20_000
    assert approved.consultations == 407 + len(RETURNED_CONSULTATIONS) + 1
    assert approved.consultation_amount_usd == 3_150_000 + extra
    assert approved.reports_approved == 18


def test_reviewers_have_scored_and_open_reviews_on_the_open_call(client):
    call_command("seed_demo", stdout=io.StringIO())
    pavilion = open_call()
    reviewers = [a for a in ROLE_ACCOUNTS if a.group == roles.REVIEWER]
    applications_reviewed = set()
    for account in reviewers:
        user = User.objects.get(username=account.email)
        own = Review.objects.filter(reviewer=user, application__pavilion=pavilion)
        scored = own.filter(submitted_at__isnull=False)
        unscored = own.filter(submitted_at__isnull=True)
        assert (own.count(), scored.count(), unscored.count()) == (8, 5, 3)
        for review in scored:
            assert review.total is not None and review.comment
            assert review.scores.count() == pavilion.criteria.count()
            assert review.assigned_at < review.submitted_at < timezone.now()
        for review in unscored.select_related("application"):
            assert reviews.can_score(review=review, user=user)
        applications_reviewed |= set(own.values_list("application", flat=True))
        assert client.login(username=account.email, password="pavilion-demo-2024")
        listing = client.get(reverse("admin:exhibitors_review_changelist"))
        assert listing.status_code == 200
    assert len(applications_reviewed) == 12
    assert (
        pavilion.applications.filter(
            pk__in=applications_reviewed, status=ApplicationStatus.UNDER_REVIEW
        ).count()
        == 12
    )

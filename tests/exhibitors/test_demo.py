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
from exhibitors.buyers import meetings
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    Buyer,
    BuyerStatus,
    Catalogue,
    CatalogueEntry,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
    MeetingStatus,
)
from exhibitors.companies import registration
from exhibitors.companies.models import Company, Exhibitor, ExhibitorRole, Membership
from exhibitors.demo import (
    BUYER_ACCOUNTS,
    BUYER_EMAIL,
    BUYERS,
    DEMO_BUYER_ORGANISATION,
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
    BuyerType,
    Consultation,
    ConsultationSource,
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
    Buyer,
    Catalogue,
    CatalogueEntry,
    MeetingSettings,
    MeetingSlot,
    MeetingPlace,
    Meeting,
    Buyer.history.model,
    CatalogueEntry.history.model,
    Meeting.history.model,
    Consultation.history.model,
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
        Buyer,
        Catalogue,
        CatalogueEntry,
        MeetingSettings,
        MeetingSlot,
        MeetingPlace,
        Meeting,
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


# Meet the buyers (issue 16): the 2024 catalogue, buyers and meetings -----------------------------


def scewc_2024():
    return Pavilion.objects.select_related("event").get(event__slug="scewc-2024")


def test_the_2024_catalogue_was_published_before_the_expo_in_both_languages():
    seed_demo()
    pavilion = scewc_2024()
    event = pavilion.event
    assert event.time_zone == "Europe/Madrid"
    assert Event.objects.get(slug=open_call().event.slug).time_zone == "Europe/Madrid"
    expo_starts = datetime.datetime.combine(event.starts_on, datetime.time(), event.zone)
    catalogue = Catalogue.objects.get(pavilion=pavilion)
    assert catalogue.published_at < expo_starts and catalogue.is_published()
    assert catalogue.published_by == User.objects.get(username="staff@example.com")
    entries = CatalogueEntry.objects.filter(exhibitor__pavilion=pavilion)
    assert entries.count() == pavilion.exhibitors.count() == 18
    for entry in entries.select_related("exhibitor__company"):
        assert entry.agreed_at < catalogue.published_at
        assert all([entry.product_ko, entry.product_en, entry.summary_ko, entry.summary_en])
        assert entry.target_markets and set(entry.partner_types) <= set(BuyerType.values)
        assert entry.product_en != entry.product_ko
    assert 15 <= entries.filter(show_logo=True, show_website=True).count() < 18
    # The demo exhibitor agreed itself; its entry is what it sells.
    own = entries.get(exhibitor=demo_exhibitor())
    assert own.agreed_by == User.objects.get(username="exhibitor@example.com")
    assert own.product_en == "CarbonZero Building Ledger"
    # The side events at their local hours in Barcelona.
    for side_event in pavilion.side_events.all():
        assert 9 <= side_event.starts_at.astimezone(event.zone).hour <= 20


def test_the_2024_meeting_slots_and_places():
    seed_demo()
    pavilion = scewc_2024()
    event = pavilion.event
    settings = MeetingSettings.objects.get(pavilion=pavilion)
    assert (settings.meeting_minutes, settings.requests_open) == (30, False)
    local = [
        (s.starts_at.astimezone(event.zone), s.ends_at.astimezone(event.zone))
        for s in MeetingSlot.objects.filter(pavilion=pavilion)
    ]
    times = ["10:00", "10:30", "11:00", "11:30", "14:00", "14:30", "15:00", "15:30", "16:00"]
    times.append("16:30")
    expected = {
        (event.starts_on + datetime.timedelta(days=d), datetime.time.fromisoformat(t))
        for d in range(3)
        for t in times
    }
    assert {(starts.date(), starts.time()) for starts, _ in local} == expected
    assert len(local) == 30
    assert all(ends - starts == datetime.timedelta(minutes=30) for starts, ends in local)
    places = MeetingPlace.objects.filter(pavilion=pavilion).select_related("booth")
    booths = places.filter(kind=MeetingPlaceKind.BOOTH)
    assert {p.booth.holder_id for p in booths} == set(
        pavilion.exhibitors.values_list("pk", flat=True)
    )
    assert all(p.label == f"Booth {p.booth.code}" for p in booths)
    assert places.filter(kind=MeetingPlaceKind.LOUNGE).count() == 6


def test_the_demo_buyers_come_from_the_2024_markets_and_the_buyer_can_log_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    buyer = Buyer.objects.select_related("user").get(user__username=BUYER_EMAIL)
    assert (buyer.organisation, buyer.country, buyer.status) == (
        DEMO_BUYER_ORGANISATION,
        "ES",
        BuyerStatus.APPROVED,
    )
    assert client.login(username=BUYER_EMAIL, password="pavilion-demo-2024")
    approved = Buyer.objects.filter(status=BuyerStatus.APPROVED).select_related("user")
    assert approved.count() == len(BUYER_ACCOUNTS)
    published = Catalogue.objects.get(pavilion=scewc_2024()).published_at
    for each in approved:
        assert each.organisation in BUYERS[each.country][1]
        assert each.decided_by.username == "staff@example.com"
        assert each.created_at < each.decided_at < published
        assert EmailAddress.objects.get(user=each.user, email=each.user.email).verified
        assert not each.user.is_staff and not Membership.objects.filter(user=each.user).exists()
    pending = Buyer.objects.filter(status=BuyerStatus.PENDING).select_related("user")
    assert pending.count() == 2
    for each in pending:
        assert each.country in BUYERS and each.decided_at is None
        assert EmailAddress.objects.get(user=each.user).verified
        assert each.created_at.date() > published.date()


def test_each_held_meeting_is_one_2024_consultation_on_its_day():
    seed_demo()
    pavilion = scewc_2024()
    zone = pavilion.event.zone
    held = Meeting.objects.filter(pavilion=pavilion, status=MeetingStatus.HELD).select_related(
        "buyer", "slot", "consultation__report"
    )
    assert held.count() > 60
    for meeting in held:
        row = meeting.consultation
        assert row.report.exhibitor_id == meeting.exhibitor_id
        assert row.met_on == meeting.slot.starts_at.astimezone(zone).date()
        assert (row.buyer_organisation, row.buyer_country, row.buyer_type) == (
            meeting.buyer.organisation,
            meeting.buyer.country,
            meeting.buyer.buyer_type,
        )
        assert (row.source, row.buyer, row.needs_confirmation) == (
            ConsultationSource.MEETING,
            meeting.buyer,
            False,
        )
    rows = Consultation.objects.filter(report__exhibitor__pavilion=pavilion)
    assert rows.filter(source=ConsultationSource.MEETING).count() == held.count()
    assert rows.filter(meeting__isnull=False).count() == held.count()
    assert not Consultation.objects.filter(meeting__status__in=set(MeetingStatus) - {"held"})
    # Both demo logins have held meetings; the published figures did not move.
    assert held.filter(buyer__user__username=BUYER_EMAIL).count() >= 2
    assert held.filter(exhibitor=demo_exhibitor()).count() >= 3
    this = figures("scewc-2024")
    assert (this.consultations, this.consultation_amount_usd) == (407, Decimal(3_150_000))


def test_the_2024_meetings_keep_the_booking_rules_and_nothing_is_left_open():
    seed_demo()
    pavilion = scewc_2024()
    event = pavilion.event
    expo_starts = datetime.datetime.combine(event.starts_on, datetime.time(), event.zone)
    all_meetings = Meeting.objects.filter(pavilion=pavilion).select_related(
        "buyer__user", "exhibitor__company", "slot", "place__booth", "pavilion__event"
    )
    statuses = set(all_meetings.values_list("status", flat=True))
    assert statuses == {"held", "no_show", "declined", "expired", "cancelled"}
    booked = [m for m in all_meetings if m.status in BOOKED_STATUSES]
    for key in ("exhibitor_id", "buyer_id", "place_id"):
        pairs = [(m.slot_id, getattr(m, key)) for m in booked]
        assert len(pairs) == len(set(pairs)), f"{key} booked twice in a slot"
    before = expo_starts - DAY
    for meeting in booked:
        # What the service would say on the eve of the expo, the others booked as they are.
        assert (
            meetings.meeting_booking_refusals(
                buyer=meeting.buyer,
                exhibitor=meeting.exhibitor,
                slot=meeting.slot,
                place=meeting.place,
                exclude=meeting,
                now=before,
            )
            == []
        )
    for meeting in all_meetings:
        assert meeting.requested_at < expo_starts
        assert meeting.requested_at <= meeting.changed_at
        assert meeting.buyer.status == BuyerStatus.APPROVED
        steps = meetings.meeting_next_steps(meeting, side=meetings.STAFF)
        assert steps.is_closed and not steps.can_cancel
        if meeting.status == MeetingStatus.EXPIRED:
            assert meeting.expires_at == meeting.changed_at < expo_starts
        if meeting.status == MeetingStatus.DECLINED:
            assert meeting.answer
    # The demo buyer sees a bit of everything.
    own = set(
        all_meetings.filter(buyer__user__username=BUYER_EMAIL).values_list("status", flat=True)
    )
    assert own == {"held", "no_show", "declined", "expired"}

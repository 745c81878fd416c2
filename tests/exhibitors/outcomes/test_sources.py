"""Into the report: the consultations made at the expo (meetings held, booth logs) are rows of
the exhibitor's outcome report, marked by where they came from; the exhibitor confirms or
corrects their amounts before submitting, and a consultation-log spreadsheet that repeats one
of them updates it instead of counting it twice."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exhibitors.buyers import booth_log
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import pavilion_figures
from exhibitors.outcomes.models import (
    Consultation,
    ConsultationSource,
    OutcomeReport,
    ReportStatus,
)
from portal import pagecache
from tests.exhibitors.buyers.booth_factories import booth_buyer, booth_meeting
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.exhibitors.outcomes.test_resources import csv_bytes, row, staff_import, upload
from tests.exhibitors.outcomes.test_views import consultation, report_post
from tests.exhibitors.reporting import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibitor():
    return confirmed_exhibitor(started_pavilion(days_ago=1, slug="expo-2031"))


@pytest.fixture
def member(exhibitor):
    return member_of(exhibitor.company)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _report_url(exhibitor, **query):
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _held_meeting(exhibitor, member, organisation="Warsaw Logistics", country="PL"):
    """A meeting with a registered buyer, marked as held an hour after it started: a row of
    the report from the meeting, amount 0, to confirm."""
    buyer = booth_buyer(organisation=organisation, country=country)
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting = booth_meeting(exhibitor, buyer, starts_at)
    booth_log.meeting_mark_held(meeting=meeting, by=member, version=meeting.version)
    return Consultation.objects.get(meeting=meeting)


def _booth_log(exhibitor, member, organisation="Rhein Mobility", country="DE", amount="5000"):
    return booth_log.booth_consultation_log(
        exhibitor=exhibitor,
        buyer=None,
        organisation=organisation,
        country=country,
        amount_usd=Decimal(amount),
        by=member,
    )


# Where each row came from ------------------------------------------------------------------


def test_each_row_of_the_report_says_where_it_came_from(member_client, exhibitor, member):
    meeting_row = _held_meeting(exhibitor, member)
    booth_row = _booth_log(exhibitor, member)
    # a row typed on the report's form
    data = report_post(
        consultations=[consultation(exhibitor, buyer_organisation="Typed Buyer")],
        save_draft="1",
    )
    assert member_client.post(_report_url(exhibitor), data).status_code == 302
    typed = Consultation.objects.get(buyer_organisation="Typed Buyer")
    # a row of an uploaded spreadsheet
    log = csv_bytes([row(exhibitor, buyer_organisation="Uploaded Buyer")])
    assert upload(member_client, exhibitor, log).status_code == 302
    uploaded = Consultation.objects.get(buyer_organisation="Uploaded Buyer")
    assert typed.source == ConsultationSource.FORM and not typed.needs_confirmation
    assert uploaded.source == ConsultationSource.SPREADSHEET and not uploaded.needs_confirmation

    page = member_client.get(_report_url(exhibitor)).content.decode()
    for found, label in [
        (typed, "Entered on the report"),
        (uploaded, "Uploaded spreadsheet"),
        (meeting_row, "Scheduled meeting"),
        (booth_row, "Logged at the booth"),
    ]:
        start = page.index(f'<tr data-consultation="{found.pk}">')
        cells = page[start : page.index("</tr>", start)]
        assert f'data-source="{found.source}">{label}</span>' in cells
        assert ("data-to-confirm" in cells) == (found in (meeting_row, booth_row))
    # in Korean too
    korean = member_client.get(_report_url(exhibitor), HTTP_ACCEPT_LANGUAGE="ko").content
    assert "Scheduled meeting" not in korean.decode()

    # the admin's page of the report shows the source as well
    client = member_client
    client.force_login(staff())
    admin_page = client.get(
        reverse("admin:exhibitors_outcomereport_change", args=[typed.report_id])
    ).content.decode()
    assert "Logged at the booth" in admin_page and "Uploaded spreadsheet" in admin_page


# Confirming --------------------------------------------------------------------------------


def test_saving_a_row_from_the_expo_corrects_and_confirms_it(member_client, exhibitor, member):
    meeting_row = _held_meeting(exhibitor, member)
    url = reverse("exhibitors:report_consultation", args=[exhibitor.pk, meeting_row.pk])
    page = member_client.get(url).content.decode()
    assert "Saving confirms them" in page and "Confirm and save" in page
    values = consultation(
        exhibitor,
        met_on=meeting_row.met_on.isoformat(),
        buyer_organisation=meeting_row.buyer_organisation,
        buyer_country="PL",
        amount_usd="42000",
    )
    response = member_client.post(url, {**values, "confirm": "1"})
    assert response.status_code == 302 and response.url.endswith("?confirm=1")
    meeting_row.refresh_from_db()
    assert meeting_row.amount_usd == Decimal("42000") and not meeting_row.needs_confirmation
    assert meeting_row.source == ConsultationSource.MEETING and meeting_row.meeting_id
    message = member_client.get(response.url).content.decode()
    assert "The consultation is saved and its amounts confirmed." in message


def test_confirm_all_as_they_are_confirms_only_the_rows_waiting(member_client, exhibitor, member):
    waiting = [_held_meeting(exhibitor, member), _booth_log(exhibitor, member)]
    page = member_client.get(_report_url(exhibitor)).content.decode()
    assert 'data-to-confirm-count="2"' in page and "Confirm all as they are" in page
    # the link to them lists them alone
    only = member_client.get(_report_url(exhibitor, confirm=1)).content.decode()
    assert only.count("<tr data-consultation=") == 2
    response = member_client.post(reverse("exhibitors:report_confirm_all", args=[exhibitor.pk]))
    assert response.status_code == 302
    assert not Consultation.objects.filter(needs_confirmation=True).exists()
    for found in waiting:
        found.refresh_from_db()
        latest = found.history.first()
        assert latest.history_user == member and latest.history_type == "~"
        assert latest.history_change_reason == "amounts confirmed"
    assert waiting[1].amount_usd == Decimal("5000")  # as it was
    page = member_client.get(response.url).content.decode()
    assert "2 consultations confirmed as they were." in page
    assert "data-to-confirm-count" not in page
    assert outcomes.consultations_confirm(report=waiting[0].report, user=member) == 0


def test_confirming_a_submitted_report_is_refused(member_client, exhibitor, member):
    row_ = _held_meeting(exhibitor, member)
    outcomes.consultations_confirm(report=row_.report, user=member)
    outcomes.report_submit(report=row_.report, user=member)
    Consultation.objects.filter(pk=row_.pk).update(needs_confirmation=True)
    with pytest.raises(outcomes.ReportRefused):
        outcomes.consultations_confirm(report=row_.report, user=member)
    member_client.post(reverse("exhibitors:report_confirm_all", args=[exhibitor.pk]))
    assert Consultation.objects.get(pk=row_.pk).needs_confirmation


# Submitting --------------------------------------------------------------------------------


def test_submitting_is_refused_while_rows_wait_with_how_many_and_a_link(
    member_client, exhibitor, member
):
    _held_meeting(exhibitor, member)
    _booth_log(exhibitor, member)
    expected = (
        "2 consultations from the expo wait for you to confirm their amounts: confirm or "
        "correct them before submitting the report."
    )
    page = member_client.get(_report_url(exhibitor)).content.decode()
    # the button is greyed out, with the same words the submission refuses with
    assert 'name="submit" class="btn btn-primary" disabled' in page
    assert expected in page and 'href="' + _report_url(exhibitor, confirm=1) in page
    report = outcomes.report_get_or_create(exhibitor)
    assert outcomes.report_submit_refusals(report) == expected
    with pytest.raises(outcomes.ReportRefused, match="2 consultations from the expo"):
        outcomes.report_submit(report=report, user=member)
    # sent anyway
    response = member_client.post(_report_url(exhibitor), report_post(submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert expected in member_client.get(response.url).content.decode()
    # one confirmed on its own page, one still waiting: the count follows
    outcomes.consultation_save(
        report=report, consultation=Consultation.objects.filter(report=report).first(), user=None
    )
    assert outcomes.report_submit_refusals(report).startswith(
        "1 consultation from the expo waits for you to confirm its amounts"
    )
    outcomes.consultations_confirm(report=report, user=member)
    page = member_client.get(_report_url(exhibitor)).content.decode()
    assert 'name="submit" class="btn btn-primary">' in page and "data-submit-refusal" not in page
    response = member_client.post(_report_url(exhibitor), report_post(submit="1"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# No double counting ------------------------------------------------------------------------


def test_a_log_repeating_two_expo_rows_adds_one_and_updates_two(member_client, exhibitor, member):
    meeting_row = _held_meeting(exhibitor, member, organisation="Warsaw Logistics", country="PL")
    booth_row = _booth_log(exhibitor, member, organisation="Rhein Mobility", country="DE")
    day = meeting_row.met_on.isoformat()
    log = csv_bytes(
        [
            # the meeting's buyer, written otherwise (case and spaces)
            row(
                exhibitor,
                met_on=day,
                buyer_organisation="WARSAW  logistics",
                buyer_country="PL",
                amount_usd="30000",
                expected_contract_usd="9000",
                stage="negotiating",
                product="AI triage",
            ),
            row(exhibitor, met_on=day, buyer_organisation="New Buyer", buyer_country="JP"),
            row(
                exhibitor,
                met_on=day,
                buyer_organisation="RheinMobility",
                buyer_country="DE",
                amount_usd="7000",
            ),
        ]
    )
    response = upload(member_client, exhibitor, log)
    assert response.status_code == 302
    report = meeting_row.report
    assert report.consultations.count() == 3
    new = report.consultations.get(source=ConsultationSource.SPREADSHEET)
    assert new.buyer_organisation == "New Buyer"
    meeting_row.refresh_from_db()
    booth_row.refresh_from_db()
    assert (meeting_row.amount_usd, meeting_row.expected_contract_usd) == (
        Decimal("30000"),
        Decimal("9000"),
    )
    assert meeting_row.stage == "negotiating" and meeting_row.product == "AI triage"
    assert meeting_row.buyer_organisation == "Warsaw Logistics"  # the registered name stays
    assert booth_row.amount_usd == Decimal("7000")
    assert not meeting_row.needs_confirmation and not booth_row.needs_confirmation
    assert booth_row.history.first().history_type == "~"
    page = member_client.get(response.url).content.decode()
    assert "1 consultation imported." in page
    assert (
        f"Row 2 matches the meeting with Warsaw Logistics on {day}: its amounts were updated, "
        "no new consultation." in page
    )
    assert (
        f"Row 4 matches the consultation logged at the booth with Rhein Mobility on {day}" in page
    )
    # the figures count 3, not 5
    outcomes.report_submit(report=report, user=member)
    outcomes.report_approve(report=report, user=staff())
    figures = pavilion_figures(exhibitor.pavilion)
    assert figures.consultations == 3
    assert figures.consultation_amount_usd == Decimal("38000")  # 30,000 + 1,000 + 7,000


def test_a_repeated_row_matches_once_and_other_days_or_countries_do_not(exhibitor, member):
    meeting_row = _held_meeting(exhibitor, member, organisation="Warsaw Logistics", country="PL")
    day = meeting_row.met_on
    problems = staff_import(
        [
            row(exhibitor, met_on=day.isoformat(), buyer_organisation="Warsaw Logistics",
                buyer_country="PL"),
            # the same again: the meeting is matched already, this is another consultation
            row(exhibitor, met_on=day.isoformat(), buyer_organisation="Warsaw Logistics",
                buyer_country="PL"),
            # another day, another country
            row(exhibitor, met_on=(day - datetime.timedelta(days=1)).isoformat(),
                buyer_organisation="Warsaw Logistics", buyer_country="PL"),
            row(exhibitor, met_on=day.isoformat(), buyer_organisation="Warsaw Logistics",
                buyer_country="CZ"),
        ]
    )  # fmt: skip
    assert problems == []
    assert Consultation.objects.count() == 4
    assert Consultation.objects.filter(source=ConsultationSource.SPREADSHEET).count() == 3
    meeting_row.refresh_from_db()
    assert meeting_row.amount_usd == Decimal("1000") and not meeting_row.needs_confirmation


def test_a_bad_row_in_a_log_that_matches_writes_nothing(member_client, exhibitor, member):
    booth_row = _booth_log(exhibitor, member, organisation="Rhein Mobility", country="DE")
    day = booth_row.met_on.isoformat()
    log = csv_bytes(
        [
            row(exhibitor, met_on=day, buyer_organisation="Rhein Mobility", amount_usd="9"),
            row(exhibitor, met_on=day, buyer_organisation="Other", amount_usd="-1"),
        ]
    )
    response = upload(member_client, exhibitor, log)
    assert response.status_code == 200 and "Row 3, column amount_usd:" in response.content.decode()
    booth_row.refresh_from_db()
    assert booth_row.amount_usd == Decimal("5000") and booth_row.needs_confirmation
    assert Consultation.objects.count() == 1


def test_replacing_keeps_the_rows_from_the_expo(member_client, exhibitor, member):
    booth_row = _booth_log(exhibitor, member, organisation="Rhein Mobility", country="DE")
    upload(member_client, exhibitor, csv_bytes([row(exhibitor, buyer_organisation="Old")]))
    day = booth_row.met_on.isoformat()
    log = csv_bytes([row(exhibitor, met_on=day, buyer_organisation="Rhein Mobility")])
    assert upload(member_client, exhibitor, log, replace="on").status_code == 302
    assert list(Consultation.objects.values_list("pk", flat=True)) == [booth_row.pk]
    booth_row.refresh_from_db()
    assert booth_row.amount_usd == Decimal("1000") and not booth_row.needs_confirmation


# Query counts ------------------------------------------------------------------------------


def test_the_report_page_with_rows_to_confirm_keeps_its_query_count(
    member_client, exhibitor, member, django_assert_num_queries
):
    for n in range(3):
        _booth_log(exhibitor, member, organisation=f"Buyer {n}")
    url = _report_url(exhibitor)
    member_client.get(url)  # the session and the user are cached from now on
    pagecache.written(OutcomeReport)  # the page's cached copy is stale: made again below
    # (the session, the user and the membership from the cache) exhibitor, report, the consultations (the counts, one page)
    # and the other three tables: as without rows to confirm
    with django_assert_num_queries(7):
        page = member_client.get(url).content.decode()
    assert 'data-to-confirm-count="3"' in page
    # Then from the cache (exhibitors/outcomes/views/report.py): no query.
    with django_assert_num_queries(0):
        assert 'data-to-confirm-count="3"' in member_client.get(url).content.decode()
    for n in range(3, 60):
        _booth_log(exhibitor, member, organisation=f"Buyer {n}")
    with django_assert_num_queries(7):
        page = member_client.get(url).content.decode()
    assert 'data-to-confirm-count="60"' in page and page.count("<tr data-consultation=") == 50
    with django_assert_num_queries(7):
        page = member_client.get(_report_url(exhibitor, confirm=1, page=2)).content.decode()
    assert page.count("<tr data-consultation=") == 10

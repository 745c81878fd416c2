"""An exhibitor files its outcome report on the portal: the tables (formsets), draft and
submit, read-only once submitted or approved, the staff comment when returned, every bad
value refused with nothing half-saved, and who may open what."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exhibitors import outcomes
from exhibitors.forms_reports import ReportForm, report_formsets
from exhibitors.models import (
    Consultation,
    FollowUp,
    Mou,
    OnSiteContract,
    OutcomeReport,
    ReportStatus,
)
from tests.exhibitors.exhibiting import (
    confirmed_exhibitor,
    district_exhibitor,
    member_of,
    started_pavilion,
)
from tests.factories import PDF_BYTES, MembershipFactory

pytestmark = pytest.mark.django_db
R = ReportStatus
PREFIXES = ("consultations", "mous", "contracts", "follow_ups")


@pytest.fixture
def exhibitor():
    return confirmed_exhibitor(started_pavilion())


@pytest.fixture
def member_client(client, exhibitor):
    client.force_login(member_of(exhibitor.company))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _url(exhibitor, **query):
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    return url + "".join(f"?{k}={v}" for k, v in query.items())


def consultation(exhibitor, **overrides):
    row = {
        "met_on": exhibitor.pavilion.event.starts_on.isoformat(),
        "buyer_organisation": "Rhein Mobility",
        "buyer_country": "DE",
        "buyer_type": "distributor",
        "product": "Parking sensor",
        "amount_usd": "12000",
        "expected_contract_usd": "3000",
        "stage": "negotiating",
        "note": "",
    }
    return {**row, **overrides}


def mou(exhibitor, **overrides):
    row = {
        "partner": "Polish Logistics Association",
        "country": "PL",
        "signed_on": exhibitor.pavilion.event.starts_on.isoformat(),
        "scope": "Pilot in Warsaw",
    }
    return {**row, **overrides}


def contract(**overrides):
    return {"partner": "Madrid City", "country": "ES", "amount_usd": "50000", **overrides}


def follow_up(**overrides):
    return {"months": "3", "contracts": "2", "amount_usd": "80000", "note": "", **overrides}


def report_post(*, consultations=(), mous=(), contracts=(), follow_ups=(), initial=None, **extra):
    """The report page's form as a browser sends it: each table's rows (dicts; an ``id`` key
    marks a row already saved), its management form, the survey, and the button."""
    initial = initial or {}
    data = {
        "satisfaction_support": "4",
        "satisfaction_booth": "5",
        "satisfaction_matching": "",
        "survey_comment": "",
        "would_return": "true",
    }
    for prefix, rows in zip(PREFIXES, (consultations, mous, contracts, follow_ups), strict=True):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial.get(prefix, 0))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    data.update(extra)
    return data


def saved_report(exhibitor, *, consultations=1):
    report = outcomes.report_for(exhibitor)
    for n in range(consultations):
        Consultation.objects.create(
            report=report,
            met_on=exhibitor.pavilion.event.starts_on,
            buyer_organisation=f"Buyer {n}",
            buyer_country="ES",
            amount_usd=1000,
        )
    return report


# Filing ------------------------------------------------------------------------------------


def test_a_report_is_filed_with_every_kind_of_row(member_client, exhibitor):
    url = _url(exhibitor)
    page = member_client.get(url).content.decode()
    assert 'name="consultations-TOTAL_FORMS" value="3"' in page  # three empty rows to fill in
    assert 'name="follow_ups-0-months"' in page and 'name="follow_ups-3-months"' not in page
    response = member_client.post(
        url,
        report_post(
            consultations=[consultation(exhibitor), consultation(exhibitor, buyer_country="JP")],
            mous=[mou(exhibitor)],
            contracts=[contract()],
            follow_ups=[follow_up()],
            publish_amounts="on",
            survey_comment="Great matching",
            save_draft="1",
        ),
    )
    assert response.status_code == 302 and response.url == url
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    assert report.status == R.DRAFT
    assert sorted(report.consultations.values_list("buyer_country", flat=True)) == ["DE", "JP"]
    assert report.mous.get().partner == "Polish Logistics Association"
    assert report.contracts.get().amount_usd == Decimal("50000")
    assert (report.follow_ups.get().months, report.follow_ups.get().contracts) == (3, 2)
    assert report.publish_amounts and report.satisfaction_booth == 5 and report.would_return
    assert report.survey_comment == "Great matching"
    page = member_client.get(url).content.decode()
    assert "Your report is saved as a draft." in page
    assert 'value="Rhein Mobility"' in page


def test_rows_are_changed_and_removed(member_client, exhibitor):
    report = saved_report(exhibitor, consultations=2)
    first, second = report.consultations.order_by("pk")
    data = report_post(
        consultations=[
            {**consultation(exhibitor, amount_usd="777"), "id": first.pk},
            {**consultation(exhibitor), "id": second.pk, "DELETE": "on"},
        ],
        initial={"consultations": 2},
        save_draft="1",
    )
    assert member_client.post(_url(exhibitor), data).status_code == 302
    assert list(report.consultations.values_list("pk", "amount_usd")) == [
        (first.pk, Decimal("777"))
    ]


def test_more_empty_rows_without_javascript(member_client, exhibitor):
    response = member_client.post(
        _url(exhibitor), report_post(consultations=[consultation(exhibitor)], more_rows="1")
    )
    assert response.status_code == 302 and response.url == _url(exhibitor, rows=8)
    page = member_client.get(response.url).content.decode()
    # the saved row and eight empty ones; the page still works with ?rows out of range
    assert 'name="consultations-TOTAL_FORMS" value="9"' in page
    assert member_client.get(_url(exhibitor, rows=99999)).status_code == 200
    page = member_client.get(_url(exhibitor, rows="x")).content.decode()
    assert 'name="consultations-TOTAL_FORMS" value="4"' in page


def test_the_page_adds_rows_with_a_static_script_and_no_inline_script(member_client, exhibitor):
    page = member_client.get(_url(exhibitor)).content.decode()
    assert '<template id="consultations-empty-row">' in page
    assert 'name="consultations-__prefix__-amount_usd"' in page
    assert 'data-add-row="consultations"' in page and "js/formset-rows.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers


def test_the_follow_ups_offer_each_period_once(member_client, exhibitor):
    report = saved_report(exhibitor)
    FollowUp.objects.create(report=report, months=3, contracts=1, amount_usd=10)
    page = member_client.get(_url(exhibitor)).content.decode()
    assert 'name="follow_ups-TOTAL_FORMS" value="3"' in page  # 3 months saved, 6 and 12 to go
    twice = report_post(follow_ups=[follow_up(months="6"), follow_up(months="6")], save_draft="1")
    response = member_client.post(_url(exhibitor), twice)
    assert response.status_code == 200 and "Please correct the duplicate data" in (
        response.content.decode()
    )
    assert report.follow_ups.count() == 1


def test_submit_saves_and_submits_then_the_page_is_read_only(member_client, exhibitor):
    url = _url(exhibitor)
    member_client.post(url, report_post(consultations=[consultation(exhibitor)], submit="1"))
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    assert report.status == R.SUBMITTED and report.consultations.count() == 1
    page = member_client.get(url).content.decode()
    assert "Your report is submitted. Thank you!" in page
    assert "the foundation is reviewing it" in page
    assert 'name="save_draft"' not in page and "Upload your consultation log" not in page
    assert 'name="consultations-0-buyer_organisation"' in page and "disabled" in page
    response = member_client.post(url, report_post(consultations=[consultation(exhibitor)]))
    assert response.status_code == 302
    assert report.consultations.count() == 1
    page = member_client.get(url).content.decode()
    assert "it can be changed again only if the foundation returns it" in page


def test_an_empty_report_cannot_be_submitted_and_stays_a_draft(member_client, exhibitor):
    member_client.post(_url(exhibitor), report_post(submit="1"))
    page = member_client.get(_url(exhibitor)).content.decode()
    assert "Add at least one consultation, MOU or contract before submitting." in page
    assert OutcomeReport.objects.get(exhibitor=exhibitor).status == R.DRAFT


def test_an_approved_report_is_read_only_and_refuses_changes(member_client, exhibitor):
    report = saved_report(exhibitor)
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    url = _url(exhibitor)
    page = member_client.get(url).content.decode()
    assert "Your report is approved; it counts in the pavilion" in page
    assert 'name="save_draft"' not in page and 'name="consultations-0-DELETE"' not in page
    response = member_client.post(
        url,
        report_post(
            consultations=[{**consultation(exhibitor), "id": report.consultations.get().pk}],
            initial={"consultations": 1},
            publish_amounts="on",
            save_draft="1",
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == R.APPROVED and not report.publish_amounts
    assert report.consultations.get().buyer_organisation == "Buyer 0"
    page = member_client.get(url).content.decode()
    assert "This report is approved and can no longer be changed." in page


def test_a_returned_report_shows_the_comment_and_can_be_changed_and_resubmitted(
    member_client, exhibitor
):
    report = saved_report(exhibitor)
    outcomes.report_submit(report=report, user=None)
    outcomes.report_return(report=report, user=None, comment="Please give the amounts in USD")
    url = _url(exhibitor)
    page = member_client.get(url).content.decode()
    assert "The foundation asks you to change your report:" in page
    assert "Please give the amounts in USD" in page and 'name="submit"' in page
    row = {**consultation(exhibitor, amount_usd="2500"), "id": report.consultations.get().pk}
    member_client.post(
        url, report_post(consultations=[row], initial={"consultations": 1}, submit="1")
    )
    report.refresh_from_db()
    assert report.status == R.SUBMITTED
    assert report.consultations.get().amount_usd == Decimal("2500")
    assert report.staff_comment == "Please give the amounts in USD"  # a stale form keeps it


def test_a_report_approved_meanwhile_is_not_written_to(exhibitor):
    """The page was loaded while the report was a draft; staff approved it before the save:
    the save locks the row, sees the approval and refuses."""
    report = saved_report(exhibitor)
    stale = OutcomeReport.objects.get(pk=report.pk)
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    data = report_post(consultations=[consultation(exhibitor)], publish_amounts="on")
    form = ReportForm(data, instance=stale)
    formsets = report_formsets(stale, exhibitor=exhibitor, data=data)
    assert form.is_valid() and all(formset.is_valid() for formset in formsets)
    with pytest.raises(outcomes.ReportError, match="approved"):
        outcomes.report_save(report=stale, form=form, formsets=formsets, user=None)
    report.refresh_from_db()
    assert report.status == R.APPROVED and report.consultations.count() == 1
    assert not report.publish_amounts


# Bad input ---------------------------------------------------------------------------------


def _last_day(exhibitor):
    return outcomes.report_period(exhibitor.pavilion)[1]


@pytest.mark.parametrize(
    ("prefix", "bad", "message"),
    [
        ("consultations", {"amount_usd": "-5"}, "greater than or equal to 0"),
        ("consultations", {"expected_contract_usd": "-1"}, "greater than or equal to 0"),
        ("consultations", {"amount_usd": "lots"}, "Enter a number."),
        ("consultations", {"buyer_country": "XX"}, "Select a valid choice"),
        ("consultations", {"met_on": "2001-01-01"}, "The date must lie between"),
        ("consultations", {"met_on": "after"}, "Enter a valid date."),
        ("consultations", {"stage": "maybe"}, "Select a valid choice"),
        ("mous", {"signed_on": "2001-01-01"}, "The date must lie between"),
        ("mous", {"country": "Atlantis"}, "Select a valid choice"),
        ("contracts", {"amount_usd": "-100"}, "greater than or equal to 0"),
        ("follow_ups", {"amount_usd": "abc"}, "Enter a number."),
        ("follow_ups", {"contracts": "-1"}, "greater than or equal to 0"),
    ],
)
def test_a_bad_value_is_refused_nothing_is_saved_and_what_was_typed_comes_back(
    member_client, exhibitor, prefix, bad, message
):
    good = {
        "consultations": consultation(exhibitor, buyer_organisation="Typed buyer"),
        "mous": mou(exhibitor, partner="Typed partner"),
        "contracts": contract(partner="Typed partner"),
        "follow_ups": follow_up(note="Typed note"),
    }
    rows = {key: [row] for key, row in good.items()}
    rows[prefix] = [good[prefix], {**good[prefix], **bad}]
    response = member_client.post(
        _url(exhibitor), report_post(**rows, publish_amounts="on", save_draft="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Please correct the rows marked below; nothing was saved yet." in page
    for value in ("Typed buyer", "Typed partner", "Typed note"):
        assert f'value="{value}"' in page
    assert f'value="{next(iter(bad.values()))}"' in page or next(iter(bad.values())) in page
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    assert not report.publish_amounts
    for model in (Consultation, Mou, OnSiteContract, FollowUp):
        assert not model.objects.exists()


def test_the_dates_of_the_expo_and_the_year_after_are_accepted(member_client, exhibitor):
    first = exhibitor.pavilion.event.starts_on
    last = _last_day(exhibitor)
    assert last == exhibitor.pavilion.event.ends_on + datetime.timedelta(days=366)
    rows = [
        consultation(exhibitor, met_on=first.isoformat()),
        consultation(exhibitor, met_on=last.isoformat()),
    ]
    assert member_client.post(_url(exhibitor), report_post(consultations=rows)).status_code == 302
    too_late = (last + datetime.timedelta(days=1)).isoformat()
    too_early = (first - datetime.timedelta(days=1)).isoformat()
    for date in (too_late, too_early):
        response = member_client.post(
            _url(exhibitor), report_post(consultations=[consultation(exhibitor, met_on=date)])
        )
        assert "The date must lie between" in response.content.decode()
    assert Consultation.objects.count() == 2


def test_the_page_speaks_korean(client, exhibitor):
    client.force_login(member_of(exhibitor.company))
    response = client.get(_url(exhibitor), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200 and '<html lang="ko">' in response.content.decode()


# MOU scans ---------------------------------------------------------------------------------


def test_an_mou_scan_is_kept_and_downloaded_only_by_its_company(member_client, exhibitor):
    scan = SimpleUploadedFile("mou.pdf", PDF_BYTES, "application/pdf")
    data = report_post(mous=[{**mou(exhibitor), "scan": scan}], save_draft="1")
    assert member_client.post(_url(exhibitor), data).status_code == 302
    saved = Mou.objects.get()
    download = reverse("exhibitors:report_scan", args=[exhibitor.pk, saved.pk])
    page = member_client.get(_url(exhibitor)).content.decode()
    assert download in page and saved.scan.url not in page  # never the storage's address
    response = member_client.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    other = Client()
    other.force_login(MembershipFactory().user)
    assert other.get(download).status_code == 404


def test_a_scan_that_is_not_a_pdf_is_refused_by_its_content(member_client, exhibitor):
    fake = SimpleUploadedFile("mou.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = member_client.post(
        _url(exhibitor), report_post(mous=[{**mou(exhibitor), "scan": fake}], save_draft="1")
    )
    assert "The file is not a PDF document." in response.content.decode()
    assert not Mou.objects.exists()


# Who may open what -------------------------------------------------------------------------


def test_the_report_opens_when_the_expo_starts(client):
    pavilion = started_pavilion(days_ago=-30)  # the expo starts in 30 days
    exhibitor = confirmed_exhibitor(pavilion)
    client.force_login(member_of(exhibitor.company))
    response = client.get(_url(exhibitor), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response.url == reverse("exhibitors:reports")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The outcome report opens when the expo starts" in page
    assert "Opens when the expo starts" in page
    assert client.post(_url(exhibitor), report_post(save_draft="1")).status_code == 302
    assert not OutcomeReport.objects.exists()


def _report_urls(exhibitor, mou_pk):
    return [
        _url(exhibitor),
        reverse("exhibitors:report_upload", args=[exhibitor.pk]),
        reverse("exhibitors:report_template", args=[exhibitor.pk]),
        reverse("exhibitors:report_scan", args=[exhibitor.pk, mou_pk]),
    ]


def test_another_company_gets_a_404_and_a_visitor_the_login_page(client, exhibitor):
    report = saved_report(exhibitor)
    scan = Mou.objects.create(
        report=report,
        partner="Secret partner",
        country="PL",
        signed_on=exhibitor.pavilion.event.starts_on,
        scan=SimpleUploadedFile("mou.pdf", PDF_BYTES),
    )
    urls = _report_urls(exhibitor, scan.pk)
    for url in urls:
        response = client.post(url) if url.endswith("/upload/") else client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    # another company, also one exhibiting in the same pavilion
    neighbour = confirmed_exhibitor(exhibitor.pavilion)
    client.force_login(member_of(neighbour.company))
    for url in urls:
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, report_post(save_draft="1")).status_code == 404
    assert b"Secret partner" not in client.get(reverse("exhibitors:reports")).content
    assert report.consultations.count() == 1 and report.mous.count() == 1
    # the company's own scan, but asked for under the neighbour's exhibitor id
    assert client.get(_report_urls(neighbour, scan.pk)[3]).status_code == 404


def test_a_district_co_exhibitor_files_its_report(client):
    pavilion = started_pavilion()
    district = district_exhibitor(pavilion)
    client.force_login(member_of(district.company))
    page = client.get(reverse("exhibitors:reports"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Co-exhibitor" in page and _url(district) in page
    client.post(_url(district), report_post(consultations=[consultation(district)], submit="1"))
    report = OutcomeReport.objects.get(exhibitor=district)
    assert report.status == R.SUBMITTED and report.consultations.count() == 1


def test_the_application_page_of_a_confirmed_company_links_to_its_report(client, exhibitor):
    client.force_login(member_of(exhibitor.company))
    application = exhibitor.company.applications.get()
    page = client.get(reverse("exhibitors:application", args=[application.pk])).content.decode()
    link = reverse("exhibitors:application_report", args=[application.pk])
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response.status_code == 302 and response.url == _url(exhibitor)
    # another company's application, or one that is not an exhibition: 404
    neighbour = confirmed_exhibitor(exhibitor.pavilion)
    other = neighbour.company.applications.get()
    assert client.get(reverse("exhibitors:application_report", args=[other.pk])).status_code == 404
    client.force_login(member_of(neighbour.company))
    assert client.get(link).status_code == 404


# Query counts ------------------------------------------------------------------------------


def test_my_outcome_reports_query_count_does_not_grow(
    member_client, exhibitor, django_assert_num_queries
):
    url = reverse("exhibitors:reports")
    saved_report(exhibitor, consultations=3)
    with django_assert_num_queries(4):  # session, user, membership, exhibitions
        page = member_client.get(url).content.decode()
    assert page.count("Open the report") == 1
    for _ in range(4):
        report = saved_report(
            confirmed_exhibitor(started_pavilion(), exhibitor.company), consultations=2
        )
        outcomes.report_submit(report=report, user=None)
    with django_assert_num_queries(4):
        page = member_client.get(url).content.decode()
    assert page.count("Open the report") == 5 and page.count('data-status="submitted"') == 4


def _fill(report, exhibitor, n, follow_ups):
    starts_on = exhibitor.pavilion.event.starts_on
    for i in range(n):
        Consultation.objects.create(
            report=report,
            met_on=starts_on,
            buyer_organisation=f"B{i}",
            buyer_country="ES",
            amount_usd=1,
        )
        Mou.objects.create(report=report, partner=f"P{i}", country="PL", signed_on=starts_on)
        OnSiteContract.objects.create(report=report, partner=f"C{i}", country="JP", amount_usd=1)
    for months in follow_ups:
        FollowUp.objects.create(report=report, months=months)


def test_the_report_page_query_count_does_not_grow(
    member_client, exhibitor, django_assert_num_queries
):
    report = outcomes.report_for(exhibitor)
    _fill(report, exhibitor, 1, follow_ups=[3])
    url = _url(exhibitor)
    # session, user, membership, exhibitor, report, and one per table
    with django_assert_num_queries(9):
        assert member_client.get(url).status_code == 200
    _fill(report, exhibitor, 12, follow_ups=[6, 12])
    with django_assert_num_queries(9):
        page = member_client.get(url).content.decode()
    assert page.count('name="consultations-') > 13 * 9

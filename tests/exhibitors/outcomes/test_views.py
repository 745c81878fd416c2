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

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.forms import ReportForm, report_changes, report_formsets
from exhibitors.outcomes.models import (
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
    report = outcomes.report_get_or_create(exhibitor)
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
    assert report.status == ReportStatus.DRAFT
    assert sorted(report.consultations.values_list("buyer_country", flat=True)) == ["DE", "JP"]
    assert report.mous.get().partner == "Polish Logistics Association"
    assert report.contracts.get().amount_usd == Decimal("50000")
    assert (report.follow_ups.get().months, report.follow_ups.get().contracts) == (3, 2)
    assert report.publish_amounts and report.satisfaction_booth == 5 and report.would_return
    assert report.survey_comment == "Great matching"
    page = member_client.get(url).content.decode()
    assert "Your report is saved as a draft." in page
    assert "<td>Rhein Mobility</td>" in page  # in the table of saved consultations
    assert 'name="consultations-TOTAL_FORMS" value="3"' in page  # and new empty rows again


def _row_url(exhibitor, consultation, *, delete=False):
    name = "exhibitors:report_consultation_delete" if delete else "exhibitors:report_consultation"
    return reverse(name, args=[exhibitor.pk, consultation.pk])


def test_rows_are_changed_and_removed_one_at_a_time(member_client, exhibitor):
    report = saved_report(exhibitor, consultations=2)
    first, second = report.consultations.order_by("pk")
    page = member_client.get(_url(exhibitor)).content.decode()
    assert _row_url(exhibitor, first) in page and _row_url(exhibitor, second, delete=True) in page
    edit = member_client.get(_row_url(exhibitor, first)).content.decode()
    assert 'value="Buyer 0"' in edit
    response = member_client.post(
        _row_url(exhibitor, first), consultation(exhibitor, amount_usd="777")
    )
    assert response.status_code == 302 and response.url == _url(exhibitor)
    # a bad value: nothing saved, the row's page comes back with what was typed
    response = member_client.post(
        _row_url(exhibitor, first), consultation(exhibitor, met_on="2001-01-01", note="typed")
    )
    assert response.status_code == 200 and "The date must lie between" in response.content.decode()
    assert 'value="typed"' in response.content.decode()
    # removing asks first (GET), then removes (POST)
    confirm = member_client.get(_row_url(exhibitor, second, delete=True))
    assert confirm.status_code == 200 and "Buyer 1" in confirm.content.decode()
    assert report.consultations.count() == 2
    response = member_client.post(_row_url(exhibitor, second, delete=True), {"page": "3"})
    assert response.status_code == 302 and response.url == _url(exhibitor, page=3)
    assert list(report.consultations.values_list("pk", "amount_usd", "note")) == [
        (first.pk, Decimal("777"), "")
    ]


def test_a_saved_row_cannot_be_changed_through_the_reports_form(member_client, exhibitor):
    """The report's form carries new rows only: a saved row's id sent there is refused."""
    report = saved_report(exhibitor)
    row = report.consultations.get()
    data = report_post(
        consultations=[{**consultation(exhibitor, amount_usd="5"), "id": row.pk}],
        initial={"consultations": 1},
        save_draft="1",
    )
    member_client.post(_url(exhibitor), data)
    assert list(report.consultations.values_list("pk", "amount_usd")) == [(row.pk, 1000)]


def test_a_row_is_changed_only_in_an_open_report_of_the_own_company(client, exhibitor):
    report = saved_report(exhibitor)
    row = report.consultations.get()
    neighbour = confirmed_exhibitor(exhibitor.pavilion)
    client.force_login(member_of(neighbour.company))
    for url in (_row_url(exhibitor, row), _row_url(exhibitor, row, delete=True)):
        assert client.get(url).status_code == 404
        assert client.post(url, consultation(exhibitor)).status_code == 404
    # the neighbour's own report, but another report's row: 404 too
    saved_report(neighbour)
    assert client.get(_row_url(neighbour, row)).status_code == 404
    assert client.post(_row_url(neighbour, row, delete=True)).status_code == 404
    # the company itself, once the report is submitted: refused with why, nothing changed
    client.force_login(member_of(exhibitor.company))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    outcomes.report_submit(report=report, user=None)
    response = client.post(_row_url(exhibitor, row), consultation(exhibitor, amount_usd="9"))
    assert response.status_code == 302 and response.url == _url(exhibitor)
    response = client.post(_row_url(exhibitor, row, delete=True))
    assert response.status_code == 302
    page = client.get(_url(exhibitor), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "it can be changed again only if the foundation returns it" in page
    assert _row_url(exhibitor, row) not in page
    assert list(report.consultations.values_list("amount_usd", flat=True)) == [1000]


def test_more_empty_rows_without_javascript(member_client, exhibitor):
    response = member_client.post(
        _url(exhibitor), report_post(consultations=[consultation(exhibitor)], more_rows="1")
    )
    assert response.status_code == 302 and response.url == _url(exhibitor, rows=8)
    page = member_client.get(response.url).content.decode()
    # eight empty rows (the saved row is in the table); ?rows out of range: at most 20
    assert 'name="consultations-TOTAL_FORMS" value="8"' in page
    page = member_client.get(_url(exhibitor, rows=99999)).content.decode()
    assert 'name="consultations-TOTAL_FORMS" value="20"' in page
    page = member_client.get(_url(exhibitor, rows="x")).content.decode()
    assert 'name="consultations-TOTAL_FORMS" value="3"' in page


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
    assert report.status == ReportStatus.SUBMITTED and report.consultations.count() == 1
    page = member_client.get(url).content.decode()
    assert "Your report is submitted. Thank you!" in page
    assert "the foundation is reviewing it" in page
    assert 'name="save_draft"' not in page and "Upload your consultation log" not in page
    assert "<td>Rhein Mobility</td>" in page and 'name="consultations-TOTAL_FORMS"' not in page
    assert "/consultations/" not in page  # no row to change or remove
    response = member_client.post(url, report_post(consultations=[consultation(exhibitor)]))
    assert response.status_code == 302
    assert report.consultations.count() == 1
    page = member_client.get(url).content.decode()
    assert "it can be changed again only if the foundation returns it" in page


def test_an_empty_report_cannot_be_submitted_and_stays_a_draft(member_client, exhibitor):
    member_client.post(_url(exhibitor), report_post(submit="1"))
    page = member_client.get(_url(exhibitor)).content.decode()
    assert "Add at least one consultation, MOU or contract before submitting." in page
    assert OutcomeReport.objects.get(exhibitor=exhibitor).status == ReportStatus.DRAFT


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
    assert report.status == ReportStatus.APPROVED and not report.publish_amounts
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
    row_url = _row_url(exhibitor, report.consultations.get())
    member_client.post(row_url, consultation(exhibitor, amount_usd="2500"))
    member_client.post(url, report_post(submit="1"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
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
    with pytest.raises(outcomes.ReportRefused, match="approved"):
        outcomes.report_save(report=stale, **report_changes(form, formsets), user=None)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.consultations.count() == 1
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
    assert report.status == ReportStatus.SUBMITTED and report.consultations.count() == 1


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
    member_client.get(url)  # the session and the user are cached from now on
    with django_assert_num_queries(1):  # the exhibitions (session, user, membership cached)
        page = member_client.get(url).content.decode()
    assert page.count("Open the report") == 1
    for _ in range(4):
        report = saved_report(
            confirmed_exhibitor(started_pavilion(), exhibitor.company), consultations=2
        )
        outcomes.report_submit(report=report, user=None)
    with django_assert_num_queries(1):
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


def _many(report, exhibitor, n, **values):
    starts_on = exhibitor.pavilion.event.starts_on
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=starts_on,
            buyer_organisation=f"Buyer {i:05d}",
            buyer_country="ES",
            amount_usd=1000,
            **values,
        )
        for i in range(n)
    )


#: The report page's HTML, whatever the number of consultations: one page of 50 rows, the
#: upload's guide with its 250 countries, and the form (empty rows, a dozen MOUs and
#: contracts, each with its list of countries).
PAGE_BYTES = 600_000


def test_the_report_page_query_count_and_size_do_not_grow(
    member_client, exhibitor, django_assert_num_queries
):
    report = outcomes.report_get_or_create(exhibitor)
    _fill(report, exhibitor, 12, follow_ups=[3])
    url = _url(exhibitor)
    member_client.get(url)  # the session and the user are cached from now on
    from portal import pagecache

    pagecache.written(Consultation)  # the page's cached copy is stale: made again below
    # (the session, the user and the membership from the cache) exhibitor, report, the
    # consultations (count, one page) and the other three tables
    with django_assert_num_queries(7):
        small = member_client.get(url).content.decode()
    assert small.count("<tr data-consultation=") == 12
    # Then from the cache (exhibitors/outcomes/views/report.py): no query.
    with django_assert_num_queries(0):
        assert member_client.get(url).content.decode().count("<tr data-consultation=") == 12
    _many(report, exhibitor, 5_000 - 12)
    pagecache.written(Consultation)  # as an import does after writing in bulk
    with django_assert_num_queries(7):
        page = member_client.get(url).content.decode()
    with django_assert_num_queries(0):
        member_client.get(url)
    assert "5,000 consultations saved" in page and "Page 1 of 100" in page
    assert page.count("<tr data-consultation=") == 50
    # 38 rows more in the table, about 400 bytes each; nothing else grows
    assert len(page.encode()) < PAGE_BYTES and len(page) < len(small) + 38 * 600
    # a page far down and a search: the same queries
    with django_assert_num_queries(7):
        last = member_client.get(_url(exhibitor, page=100)).content.decode()
    assert "Page 100 of 100" in last and last.count("<tr data-consultation=") == 50
    with django_assert_num_queries(7):
        found = member_client.get(url + "?q=Buyer+0498").content.decode()
    assert found.count("<tr data-consultation=") == 8  # Buyer 04980 … 04987
    assert f'action="{url}#consultations"' in found  # the search, also from the upload's page
    assert 'value="Buyer 0498"' in found and "8 consultations found" in found


def test_the_admins_report_page_query_count_and_size_do_not_grow(
    client, exhibitor, django_assert_num_queries
):
    from tests.exhibitors.reporting import staff

    report = outcomes.report_get_or_create(exhibitor)
    _many(report, exhibitor, 10)
    outcomes.report_submit(report=report, user=None)
    client.force_login(staff())
    url = reverse("admin:exhibitors_outcomereport_change", args=[report.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import pagecache

    with CaptureQueriesContext(connection) as queries:
        small = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert small.count("<tr data-consultation=") == 10
    # From the cache (exhibitors/outcomes/admin/reports.py), with the session and the user (a
    # superuser: no permission to read): no query.
    with django_assert_num_queries(0):
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    _many(report, exhibitor, 4_990)
    pagecache.written(Consultation)  # as an import does after writing in bulk
    with django_assert_num_queries(len(queries)):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("<tr data-consultation=") == 50 and "Page 1 of 100" in page
    with django_assert_num_queries(0):
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert len(page.encode()) < PAGE_BYTES and len(page) < len(small) + 40 * 600
    last = client.get(url + "?page=100", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page 100 of 100" in last and "Buyer 04989" in last


def test_a_report_of_150_consultations_saves_and_submits(member_client, exhibitor):
    """12 fields a row used to put a report of 78 rows past Django's 1,000 fields a request:
    the form now carries the new rows only, whatever the number saved."""
    report = outcomes.report_get_or_create(exhibitor)
    _many(report, exhibitor, 149)
    url = _url(exhibitor)
    page = member_client.get(url).content.decode()
    fields = len(set(re.findall(r'name="([^"]+)"', page)))
    assert fields < 400
    data = report_post(
        consultations=[consultation(exhibitor, buyer_organisation="The 150th")],
        mous=[mou(exhibitor)],
        survey_comment="Busy days",
        save_draft="1",
    )
    response = member_client.post(url, data)
    assert response.status_code == 302
    assert report.consultations.count() == 150
    report.refresh_from_db()
    assert report.survey_comment == "Busy days"
    response = member_client.post(url, report_post(submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.consultations.count() == 150
    assert report.mous.count() == 1


def test_the_mous_and_contracts_are_capped(member_client, exhibitor):
    from exhibitors.outcomes.forms import MAX_CONTRACTS, MAX_MOUS

    data = report_post(
        mous=[mou(exhibitor, partner=f"P{i}") for i in range(MAX_MOUS + 1)],
        contracts=[contract(partner=f"C{i}") for i in range(MAX_CONTRACTS)],
        save_draft="1",
    )
    response = member_client.post(_url(exhibitor), data)
    assert response.status_code == 200
    assert f"Please submit at most {MAX_MOUS} forms." in response.content.decode()
    assert not Mou.objects.exists() and not OnSiteContract.objects.exists()

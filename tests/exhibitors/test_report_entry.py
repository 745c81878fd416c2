"""An exhibitor files its outcome report on the portal."""

import datetime

import pytest
from django.urls import reverse

from exhibitors import outcomes
from exhibitors.models import Consultation, ReportStatus
from tests.factories import EventFactory, ExhibitorFactory, MembershipFactory, PavilionFactory

pytestmark = pytest.mark.django_db
R = ReportStatus


@pytest.fixture
def exhibitor():
    event = EventFactory(starts_on=datetime.date.today() - datetime.timedelta(days=10))
    exhibitor = ExhibitorFactory(pavilion=PavilionFactory(event=event))
    return exhibitor


@pytest.fixture
def member_client(client, exhibitor):
    member = MembershipFactory(company=exhibitor.company)
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post(exhibitor, rows, **extra):
    data = {}
    for prefix in ("mous", "contracts", "follow_ups"):
        data.update(_management(prefix, 0))
    data.update(_management("consultations", len(rows)))
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"consultations-{index}-{key}"] = value
    data.update(extra)
    return data


def _row(exhibitor, **overrides):
    row = {
        "met_on": exhibitor.pavilion.event.starts_on.isoformat(),
        "buyer_organisation": "Rhein",
        "buyer_country": "DE",
        "buyer_type": "distributor",
        "product": "Sensor",
        "amount_usd": "12000",
        "expected_contract_usd": "3000",
        "stage": "consulted",
    }
    row.update(overrides)
    return row


def test_a_report_is_saved_then_submitted(member_client, exhibitor):
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    assert member_client.get(url).status_code == 200
    member_client.post(
        url,
        _post(exhibitor, [_row(exhibitor), _row(exhibitor, buyer_country="JP")], save_draft="1"),
    )
    report = exhibitor.report
    assert report.status == R.DRAFT and report.consultations.count() == 2
    member_client.post(url, _post(exhibitor, [], submit="1"))
    report.refresh_from_db()
    assert report.status == R.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount_usd": "-5"}, "greater than or equal to 0"),
        ({"amount_usd": "lots"}, "Enter a number"),
        ({"buyer_country": "XX"}, "Select a valid choice"),
        ({"met_on": "2001-01-01"}, "The date must lie between"),
    ],
)
def test_bad_rows_are_refused_and_nothing_is_saved(member_client, exhibitor, overrides, message):
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    response = member_client.post(
        url,
        _post(
            exhibitor,
            [_row(exhibitor), _row(exhibitor, buyer_organisation="Kept", **overrides)],
            save_draft="1",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'value="Kept"' in page
    assert Consultation.objects.count() == 0


def test_an_approved_report_cannot_be_changed(member_client, exhibitor):
    report = outcomes.report_for(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="A",
        buyer_country="ES",
        amount_usd=1,
    )
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    member_client.post(url, _post(exhibitor, [_row(exhibitor)], save_draft="1"))
    assert Consultation.objects.count() == 1
    assert "approved" in member_client.get(url).content.decode()


def test_a_returned_report_shows_the_comment_and_is_editable(member_client, exhibitor):
    report = outcomes.report_for(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="A",
        buyer_country="ES",
        amount_usd=1,
    )
    outcomes.report_submit(report=report, user=None)
    outcomes.report_return(report=report, user=None, comment="Amounts in USD please")
    page = member_client.get(reverse("exhibitors:report", args=[exhibitor.pk])).content.decode()
    assert "Amounts in USD please" in page and "Submit the report" in page


def test_the_report_opens_when_the_expo_starts(member_client, exhibitor):
    event = exhibitor.pavilion.event
    event.starts_on = datetime.date.today() + datetime.timedelta(days=30)
    event.ends_on = event.starts_on + datetime.timedelta(days=2)
    event.save()
    response = member_client.get(reverse("exhibitors:report", args=[exhibitor.pk]))
    assert response.status_code == 302
    assert not outcomes.OutcomeReport.objects.filter(exhibitor=exhibitor).exists()


def test_another_company_gets_a_404(client, exhibitor):
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("exhibitors:report", args=[exhibitor.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("exhibitors:report", args=[exhibitor.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_list_of_reports_queries_do_not_grow(
    member_client, exhibitor, django_assert_num_queries
):
    url = reverse("exhibitors:reports")
    with django_assert_num_queries(4):
        member_client.get(url)
    for _ in range(4):
        ExhibitorFactory(company=exhibitor.company)
    with django_assert_num_queries(4):
        response = member_client.get(url)
    assert response.content.decode().count("Open the report") == 5


def test_the_report_page_queries_do_not_grow(member_client, exhibitor, django_assert_num_queries):
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    member_client.post(url, _post(exhibitor, [_row(exhibitor)], save_draft="1"))
    member_client.get(url)
    with django_assert_num_queries(9):
        member_client.get(url)
    member_client.post(url, _post(exhibitor, [_row(exhibitor)] * 8, save_draft="1"))
    with django_assert_num_queries(9):
        member_client.get(url)

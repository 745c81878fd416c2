"""The pavilion's outcome dashboard in the back office."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from exhibitors import outcomes
from exhibitors.models import Consultation
from tests.factories import (
    EventFactory,
    ExhibitorFactory,
    PavilionFactory,
    SeriesFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _staff(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _report(pavilion, amounts, approve=True):
    report = outcomes.report_for(ExhibitorFactory(pavilion=pavilion))
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=pavilion.event.starts_on,
            buyer_organisation="B",
            buyer_country="PL",
            amount_usd=a,
        )
        for a in amounts
    )
    outcomes.report_submit(report=report, user=None)
    if approve:
        outcomes.report_approve(report=report, user=None)
    return report


@pytest.fixture
def pavilions():
    series = SeriesFactory()
    old = PavilionFactory(event=EventFactory(series=series, starts_on=datetime.date(2029, 11, 5)))
    new = PavilionFactory(
        event=EventFactory(
            series=series, starts_on=datetime.date(2030, 11, 5), usd_krw_rate=Decimal("1400.00")
        )
    )
    _report(old, [1000])
    return old, new


def test_the_dashboard_changes_by_exactly_the_approved_report(client, pavilions):
    _old, new = pavilions
    client.force_login(_staff("Reporting"))
    url = reverse("admin:events_pavilion_dashboard", args=[new.pk])
    _report(new, [2000, 3000])
    pending = _report(new, [500], approve=False)
    before = client.get(url).context["figures"]
    assert (before.consultations, before.consultation_amount_usd) == (2, 5000)
    outcomes.report_approve(report=pending, user=None)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    after = page.context["figures"]
    assert (after.consultations, after.consultation_amount_usd) == (3, 5500)
    html = page.content.decode()
    assert "7,700,000" in html  # 5,500 USD at 1,400 KRW/USD
    assert page.context["data"]["yoy"] == {"consultations_delta": 2, "amount_ratio": "5.50"}
    assert 'id="edition-chart-data"' in html and "<script>" not in html.split("</head>")[1]


def test_the_dashboard_exports_xlsx(client, pavilions):
    _old, new = pavilions
    _report(new, [2000])
    client.force_login(_staff("Reporting"))
    response = client.get(reverse("admin:events_pavilion_dashboard_xlsx", args=[new.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(values_only=True)}
    assert totals["consultations"] == 1 and totals["consultation_amount_usd"] == "2000"


def test_only_reporting_and_superusers_open_it(client, pavilions):
    _old, new = pavilions
    url = reverse("admin:events_pavilion_dashboard", args=[new.pk])
    client.force_login(_staff("Reviewer"))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_the_dashboard_queries_do_not_grow(client, pavilions, django_assert_num_queries):
    _old, new = pavilions
    client.force_login(_staff("Reporting"))
    url = reverse("admin:events_pavilion_dashboard", args=[new.pk])
    _report(new, [10])
    client.get(url)
    with django_assert_num_queries(14):
        client.get(url)
    for _ in range(8):
        _report(new, [5] * 40)
    with django_assert_num_queries(14):
        client.get(url)

"""The pavilion's outcome dashboard in the back office."""

import datetime
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exhibitors.companies.models import Company
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, ReportStatus
from exhibitors.outcomes.wording import summary_en, summary_ko
from tests.exhibitors.reporting import filed, staff, two_editions
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    ExhibitorFactory,
    PavilionFactory,
    SeriesFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _staff(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _report(pavilion, amounts, approve=True):
    report = outcomes.report_get_or_create(ExhibitorFactory(pavilion=pavilion))
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
    response = client.get(
        reverse("admin:events_pavilion_dashboard_xlsx", args=[new.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(values_only=True)}
    assert totals["Export consultations"] == 1 and totals["Consultation amount (USD)"] == 2000


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
    client.get(url)
    _report(new, [10])
    # Made again after the write: 14 for the figures, 4 for the meetings funnel
    # (exhibitors.buyers.funnel); then read from the cache: the session, the user and the
    # user's permissions.
    with django_assert_num_queries(18):
        client.get(url)
    with django_assert_num_queries(4):
        client.get(url)
    for _ in range(8):
        _report(new, [5] * 40)
    with django_assert_num_queries(18):
        client.get(url)
    with django_assert_num_queries(4):
        client.get(url)


# With the helpers of tests/exhibitors/reporting.py -----------------------------------------


def _dashboard(client, pavilion, user=None, language="en"):
    client.force_login(user or staff("Reporting"))
    return client.get(
        reverse("admin:events_pavilion_dashboard", args=[pavilion.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_every_total_changes_by_exactly_the_report_approved(client):
    _previous, pavilion = two_editions()
    filed(pavilion, [1000, 2000], expected=100, mous=["PL"], contracts=[300])
    pending = filed(
        pavilion,
        [400, 600],
        expected=50,
        mous=["JP", "JP"],
        contracts=[70],
        status=ReportStatus.SUBMITTED,
    )
    before = _dashboard(client, pavilion).context["figures"]
    outcomes.report_approve(report=pending, user=None)
    after = _dashboard(client, pavilion).context["figures"]
    change = {
        name: getattr(after, name) - getattr(before, name)
        for name in (
            "consultations",
            "consultation_amount_usd",
            "expected_contract_usd",
            "onsite_contracts",
            "onsite_contract_usd",
            "mous",
            "reports_approved",
        )
    }
    assert change == {
        "consultations": 2,
        "consultation_amount_usd": 1000,
        "expected_contract_usd": 100,
        "onsite_contracts": 1,
        "onsite_contract_usd": 70,
        "mous": 2,
        "reports_approved": 1,
    }
    assert after.consultation_amount_krw - before.consultation_amount_krw == 1000 * 1400


def test_only_approved_reports_count_and_krw_is_at_the_events_rate(client):
    _previous, pavilion = two_editions(rate=Decimal("1397.00"))
    filed(pavilion, [1_000_000, 2_150_000], mous=["PL"])
    for status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        filed(pavilion, [999_999], mous=["JP"], contracts=[5], status=status)
    page = _dashboard(client, pavilion)
    figures = page.context["figures"]
    assert (figures.consultations, figures.consultation_amount_usd) == (2, 3_150_000)
    assert (figures.mous, figures.onsite_contracts, figures.reports_approved) == (1, 0, 1)
    assert figures.exhibitors == 4
    html = page.content.decode()
    assert "4,400,550,000" in html  # USD 3,150,000 at 1,397 KRW/USD
    assert "1397.00 per USD" in html
    assert "From the approved reports only: 1 of 4" in html


def test_year_on_year_against_the_previous_edition_of_the_same_pavilion(client):
    previous, pavilion = two_editions()
    filed(previous, [1000] * 4)
    other = PavilionFactory(slug="busan", event=previous.event)  # another pavilion, same expo
    filed(other, [50_000] * 10)
    filed(pavilion, [1400] * 5)
    page = _dashboard(client, pavilion)
    assert page.context["data"]["previous_event"] == previous.event.slug
    assert page.context["data"]["yoy"] == {"consultations_delta": 1, "amount_ratio": "1.75"}
    assert "+1 consultations, amount × 1.75" in page.content.decode()


def test_no_comparison_without_a_previous_edition(client):
    pavilion = PavilionFactory()
    filed(pavilion, [10])
    page = _dashboard(client, pavilion)
    assert page.context["figures"].previous is None
    assert page.context["data"]["yoy"] == {"consultations_delta": None, "amount_ratio": None}
    assert 'data-figure="yoy"' not in page.content.decode()


def test_the_press_summaries_in_korean_and_english(client):
    previous, pavilion = two_editions(rate=Decimal("1397.00"))
    filed(previous, [2_210_000 / 346] * 346)
    for _ in range(15):
        filed(pavilion, [3_150_000 / 15 / 27] * 27)
    filed(pavilion, [0] * 2, mous=["PL", "JP"])
    page = _dashboard(client, pavilion, language="ko")
    html = page.content.decode()
    figures = page.context["figures"]
    assert figures.consultations == 407
    assert summary_ko(figures) in html and summary_en(figures) in html
    assert "수출 상담 407건, 상담금액 315만 달러(약 44억 원)" in html
    assert "작년보다 상담 건수가 61건 늘고 상담 금액은 1.4배 증가했다." in html
    assert "407 export consultations worth USD 3.15 million (about KRW 4.4 billion)" in html
    assert "61 more consultations than last year, and 1.4 times the amount" in html


def test_the_tables_add_up_to_the_totals_with_country_and_theme_names(client):
    pavilion = PavilionFactory()
    mobility = ThemeFactory(event=pavilion.event, name_en="Mobility", name_ko="모빌리티")
    company = ApplicationFactory(pavilion=pavilion, theme=mobility).company
    filed(
        pavilion,
        [100, 200],
        country="PL",
        exhibitor=ExhibitorFactory(pavilion=pavilion, company=company),
    )
    filed(pavilion, [50], country="JP")
    page = _dashboard(client, pavilion)
    context = page.context
    assert sum(row["consultations"] for row in context["exhibitors"]) == 3
    assert {row["name"]: row["n"] for row in context["by_country"]} == {"Poland": 2, "Japan": 1}
    assert {row["name"]: row["amount"] for row in context["by_theme"]} == {
        "Mobility": 300,
        None: 50,
    }
    html = page.content.decode()
    assert "Poland (PL)" in html and "Mobility" in html
    korean = _dashboard(client, pavilion, language="ko").content.decode()
    assert "폴란드" in korean and "모빌리티" in korean


def test_the_chart_shows_the_editions_of_this_pavilion_up_to_this_one(client):
    previous, pavilion = two_editions()
    filed(previous, [100])
    filed(pavilion, [300, 300])
    later = PavilionFactory(
        slug=pavilion.slug,
        event=EventFactory(series=pavilion.event.series, starts_on=datetime.date(2031, 11, 5)),
    )
    PavilionFactory(slug="busan", event=pavilion.event)
    page = _dashboard(client, pavilion)
    html = page.content.decode()
    data = json.loads(
        html.split('id="edition-chart-data" type="application/json">')[1].split("<")[0]
    )
    assert data["labels"] == [previous.event.name_en, pavilion.event.name_en]
    assert data["consultations"] == [1, 2] and data["amounts"] == [100.0, 600.0]
    assert later.event.name_en not in data["labels"]
    # every script of the page is a file or the JSON data: nothing for a CSP to refuse
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/dashboard-chart.js" in html


def test_the_xlsx_export_neutralises_formulas(client):
    pavilion = PavilionFactory()
    report = filed(pavilion, [1234.5], country="PL")
    Company.objects.filter(pk=report.exhibitor.company_id).update(name_en="=HYPERLINK(1)")
    client.force_login(_staff("Reporting"))
    response = client.get(
        reverse("admin:events_pavilion_dashboard_xlsx", args=[pavilion.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Totals",
        "Exhibitors",
        "Buyer countries",
        "Themes",
        "Funnel by exhibitor",
        "Funnel by country",
    ]
    name = book["Exhibitors"]["A2"]
    # a text cell (not a formula), marked as text, without an apostrophe in its value
    assert (name.value, name.data_type, name.quotePrefix) == ("=HYPERLINK(1)", "s", True)
    assert book["Exhibitors"]["C2"].value == 1
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(values_only=True)}
    assert totals["Export consultations"] == 1
    assert totals["Press summary (Korean)"].startswith(pavilion.event.name_ko)


@pytest.mark.parametrize(
    ("role", "status"),
    [("Reporting", 200), ("Programme manager", 200), ("Floor manager", 403), ("Reviewer", 403)],
)
def test_who_may_open_the_dashboard_and_its_export(client, role, status):
    pavilion = PavilionFactory()
    client.force_login(_staff(role))
    assert (
        client.get(reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])).status_code
        == status
    )
    xlsx = reverse("admin:events_pavilion_dashboard_xlsx", args=[pavilion.pk])
    assert client.get(xlsx).status_code == status


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    pavilion = PavilionFactory()
    response = client.get(reverse("admin:events_pavilion_dashboard", args=[pavilion.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_pavilion_page_and_list_lead_to_the_dashboard(client):
    pavilion = PavilionFactory()
    url = reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])
    change = reverse("admin:events_pavilion_change", args=[pavilion.pk])
    changelist = reverse("admin:events_pavilion_changelist")
    client.force_login(_staff("Reporting"))
    assert url in client.get(change).content.decode()
    assert url in client.get(changelist).content.decode()
    client.force_login(_staff("Floor manager"))
    assert url not in client.get(change).content.decode()
    assert url not in client.get(changelist).content.decode()


def test_the_xlsx_export_queries_do_not_grow(client, django_assert_num_queries):
    previous, pavilion = two_editions()
    filed(previous, [10])
    filed(pavilion, [10])
    client.force_login(_staff("Reporting"))
    url = reverse("admin:events_pavilion_dashboard_xlsx", args=[pavilion.pk])
    client.get(url)
    # 12 for the figures, 4 for the meetings funnel's sheets
    with django_assert_num_queries(16) as small:
        client.get(url)
    for _ in range(6):
        filed(pavilion, [5] * 50, country="JP", mous=["PL"], contracts=[1])
        filed(previous, [5] * 30)
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_the_pavilion_list_with_its_outcomes_column_queries_do_not_grow(
    client, django_assert_num_queries
):
    PavilionFactory(results_published_at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))
    client.force_login(_staff("Reporting"))
    url = reverse("admin:events_pavilion_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for year in range(2020, 2026):
        PavilionFactory(
            event=EventFactory(starts_on=datetime.date(year, 11, 5)),
            results_published_at=datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC),
        )
    with django_assert_num_queries(len(small)):
        html = client.get(url).content.decode()
    assert html.count("/dashboard/") == 7 and html.count("/results/") == 6


@pytest.mark.parametrize(
    ("language", "sheets", "headers", "labels"),
    [
        (
            "en",
            [
                "Totals",
                "Exhibitors",
                "Buyer countries",
                "Themes",
                "Funnel by exhibitor",
                "Funnel by country",
            ],
            ["Exhibitor", "Theme", "consultations", "amount (USD)"],
            {
                "consultations": "Export consultations",
                "amount": "Consultation amount (USD)",
                "krw": "Consultation amount (KRW)",
                "delta": "Consultations compared with the previous edition",
                "ratio": "Amount compared with the previous edition (ratio)",
            },
        ),
        (
            "ko",
            ["합계", "참가 기업별", "바이어 국가별", "주제별", "퍼널(참가 기업별)", "퍼널(국가별)"],
            ["참가 기업", "주제", "상담 건수", "금액 (USD)"],
            {
                "consultations": "수출 상담",
                "amount": "상담 금액 (USD)",
                "krw": "상담 금액 (원)",
                "delta": "이전 회차 대비 상담 건수 증감",
                "ratio": "이전 회차 대비 상담 금액 (배)",
            },
        ),
    ],
)
def test_the_xlsx_export_has_numbers_with_formats_and_headers_in_the_users_language(
    client, language, sheets, headers, labels
):
    previous, pavilion = two_editions()
    filed(previous, [1000] * 4)
    filed(pavilion, ["1234.50", 1000], country="PL", expected=100, mous=["PL"])
    client.force_login(_staff("Reporting"))
    response = client.get(
        reverse("admin:events_pavilion_dashboard_xlsx", args=[pavilion.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == sheets
    assert [cell.value for cell in book[sheets[1]][1]][:4] == headers
    totals = {row[0].value: row[1] for row in book[sheets[0]].iter_rows(min_row=2)}
    expected = {
        "consultations": (2, "#,##0"),
        "amount": (2234.5, "#,##0"),
        "krw": (3128300, "#,##0"),  # at 1,400 KRW/USD
        "delta": (-2, "+#,##0;-#,##0;0"),
        "ratio": (0.56, "0.00"),
    }
    for key, (value, number_format) in expected.items():
        cell = totals[labels[key]]
        assert (cell.value, cell.data_type, cell.number_format) == (value, "n", number_format)
    exhibitor = list(book[sheets[1]].iter_rows(min_row=2))[0]
    assert (exhibitor[2].value, exhibitor[2].number_format) == (2, "#,##0")
    assert (exhibitor[3].value, exhibitor[3].data_type) == (2234.5, "n")
    country = list(book[sheets[2]].iter_rows(min_row=2, values_only=True))[0]
    assert country[1:] == ("PL", 2, 2234.5, 200)
    # no cell anywhere is a formula or carries a stray apostrophe
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith("'"))

"""Outcome reports and the published figures: only approved reports count."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from exhibitors import outcomes
from exhibitors.models import Consultation, ExhibitorRole, Mou, OnSiteContract, ReportStatus
from tests.factories import EventFactory, ExhibitorFactory, PavilionFactory, SeriesFactory

pytestmark = pytest.mark.django_db
R = ReportStatus


def _pavilion(year, series):
    event = EventFactory(
        series=series,
        slug=f"expo-{year}",
        starts_on=datetime.date(year, 11, 5),
        usd_krw_rate=Decimal("1400.00"),
    )
    return PavilionFactory(event=event)


def _report(pavilion, rows, *, approve=True, mous=0, role=ExhibitorRole.COMPANY):
    exhibitor = ExhibitorFactory(pavilion=pavilion, role=role)
    report = outcomes.report_for(exhibitor)
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=pavilion.event.starts_on,
            buyer_organisation=f"B{k}",
            buyer_country="ES" if k % 2 else "JP",
            amount_usd=amount,
            expected_contract_usd=amount // 2,
        )
        for k, amount in enumerate(rows)
    )
    for k in range(mous):
        Mou.objects.create(
            report=report, partner=f"P{k}", country="PL", signed_on=pavilion.event.starts_on
        )
    outcomes.report_submit(report=report, user=None)
    if approve:
        outcomes.report_approve(report=report, user=None)
    return report


@pytest.fixture
def series():
    return SeriesFactory()


def test_only_approved_reports_count(series):
    pavilion = _pavilion(2030, series)
    _report(pavilion, [1000, 2000])
    submitted = _report(pavilion, [5000], approve=False)
    figures = outcomes.pavilion_figures(pavilion)
    assert (figures.consultations, figures.consultation_amount_usd) == (2, 3000)
    outcomes.report_approve(report=submitted, user=None)
    figures = outcomes.pavilion_figures(pavilion)
    assert (figures.consultations, figures.consultation_amount_usd) == (3, 8000)
    assert figures.expected_contract_usd == 500 + 1000 + 2500
    outcomes.report_return(report=submitted, user=None, comment="Check the amounts")
    assert outcomes.pavilion_figures(pavilion).consultations == 2


def test_krw_and_year_on_year(series):
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, [1_000_000, 1_210_000])
    _report(second, [3_150_000, 0, 0], mous=2)
    figures = outcomes.pavilion_figures(second)
    assert figures.consultation_amount_krw == 3_150_000 * 1400
    assert figures.previous.pavilion == first
    assert figures.consultations_delta == 1
    assert figures.amount_ratio == Decimal("1.43")
    assert outcomes.pavilion_figures(first).previous is None


def test_report_json_has_exactly_the_published_keys(series):
    pavilion = _pavilion(2030, series)
    _report(pavilion, [100])
    data = outcomes.report_json(outcomes.pavilion_figures(pavilion))
    assert set(data) == {
        "event",
        "exhibitors",
        "consultations",
        "consultation_amount_usd",
        "consultation_amount_krw",
        "expected_contract_usd",
        "onsite_contracts",
        "onsite_contract_usd",
        "mous",
        "previous_event",
        "yoy",
        "summary_ko",
        "summary_en",
    }
    assert set(data["yoy"]) == {"consultations_delta", "amount_ratio"}
    assert data["consultation_amount_usd"] == "100" and data["previous_event"] is None


def test_tables_per_exhibitor_and_country_and_fixed_queries(series, django_assert_num_queries):
    pavilion = _pavilion(2030, series)
    _report(pavilion, [10, 20])
    with django_assert_num_queries(6):
        small = outcomes.pavilion_figures(pavilion, tables=True)
    for _ in range(10):
        _report(pavilion, [5] * 30)
    with django_assert_num_queries(6):
        large = outcomes.pavilion_figures(pavilion, tables=True)
    assert [(r["buyer_country"], r["n"], r["amount"]) for r in small.by_country] == [
        ("ES", 1, Decimal("20")),
        ("JP", 1, Decimal("10")),
    ]
    assert large.consultations == 302
    assert sum(row["consultations"] for row in large.by_exhibitor) == 302


@pytest.mark.parametrize(
    ("function", "amount", "text"),
    [
        (outcomes.usd_korean, 3_150_000, "315만 달러"),
        (outcomes.usd_korean, 2_210_000, "221만 달러"),
        (outcomes.krw_korean, 4_400_550_000, "44억 원"),
        (outcomes.krw_korean, 2_899_520_000, "29억 원"),
        (outcomes.usd_english, 3_150_000, "USD 3.15 million"),
        (outcomes.krw_english, 4_400_550_000, "KRW 4.4 billion"),
        (outcomes.usd_english, 9_500, "USD 9,500"),
    ],
)
def test_money_in_words(function, amount, text):
    assert function(Decimal(amount)) == text


def test_a_decrease_is_worded_as_one(series):
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, [100, 100, 100])
    _report(second, [400])
    figures = outcomes.pavilion_figures(second)
    assert "2건 줄고" in outcomes.summary_ko(figures)
    assert "2 fewer consultations" in outcomes.summary_en(figures)


def test_the_report_moves(series):
    pavilion = _pavilion(2030, series)
    report = outcomes.report_for(ExhibitorFactory(pavilion=pavilion))
    with pytest.raises(outcomes.ReportError, match="at least one"):
        outcomes.report_submit(report=report, user=None)
    with pytest.raises(outcomes.ReportError, match="cannot become"):
        outcomes.report_approve(report=report, user=None)
    OnSiteContract.objects.create(report=report, partner="X", country="ES", amount_usd=10)
    outcomes.report_submit(report=report, user=None)
    with pytest.raises(outcomes.ReportError):
        outcomes.report_return(report=report, user=None, comment=" ")
    outcomes.report_return(report=report, user=None, comment="Add the buyer's country")
    assert outcomes.can_edit(report)
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    assert report.status == R.APPROVED and not outcomes.can_edit(report)


def test_the_command_on_the_demo_data(tmp_path):
    from exhibitors.demo import seed_demo

    seed_demo()
    out = io.StringIO()
    call_command("pavilion_report", "scewc-2024", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["consultations"] == 407
    assert data["consultation_amount_usd"] == "3150000"
    assert data["consultation_amount_krw"] == str(3_150_000 * 1397)
    assert data["mous"] == 2 and data["previous_event"] == "scewc-2023"
    assert data["yoy"] == {"consultations_delta": 61, "amount_ratio": "1.43"}
    for fragment in ("수출 상담 407건", "315만 달러", "약 44억 원", "61건 늘고", "1.4배"):
        assert fragment in data["summary_ko"]
    for fragment in (
        "407 export consultations",
        "USD 3.15 million",
        "KRW 4.4 billion",
        "61 more",
        "1.4 times",
    ):
        assert fragment in data["summary_en"]
    out = io.StringIO()
    call_command("pavilion_report", "scewc-2023", stdout=out)
    assert "346" in out.getvalue() and "221만 달러" in out.getvalue()
    target = tmp_path / "report.xlsx"
    call_command(
        "pavilion_report",
        "scewc-2024",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    book = openpyxl.load_workbook(target)
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(values_only=True)}
    assert totals["consultations"] == 407
    mou_partners = set(
        Mou.objects.filter(report__exhibitor__pavilion__event__slug="scewc-2024").values_list(
            "country", flat=True
        )
    )
    assert mou_partners == {"PL", "JP"}

"""The pavilion's figures: only approved reports count, the year-on-year change, the tables
and the totals the pages show (``figures_totals``)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.companies.models import ExhibitorRole
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import (
    figures_totals,
    pavilion_figures,
    previous_pavilion,
    series_figures,
)
from exhibitors.outcomes.models import (
    ReportStatus,
)
from tests.exhibitors.reporting import edition_pavilion, file_report, new_exhibitor, new_report
from tests.factories import (
    ApplicationFactory,
    SeriesFactory,
    ThemeFactory,
    UserFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db


def _totals(figures):
    return {
        "consultations": figures.consultations,
        "amount": figures.consultation_amount_usd,
        "expected": figures.expected_contract_usd,
        "krw": figures.consultation_amount_krw,
        "contracts": figures.onsite_contracts,
        "contract_usd": figures.onsite_contract_usd,
        "mous": figures.mous,
        "approved": figures.reports_approved,
    }


@pytest.fixture
def series():
    return SeriesFactory()


@pytest.fixture
def pavilion(series):
    return edition_pavilion(2030, series)


# Only approved reports count ------------------------------------------------------------------


def test_only_approved_reports_count(pavilion):
    new_report(pavilion, [1000, 2000], mous=1, contracts=[500])
    for status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        new_report(pavilion, [5000, 7000], mous=2, contracts=[900], status=status)
    new_exhibitor(pavilion, role=ExhibitorRole.CO_EXHIBITOR)  # no report at all
    figures = pavilion_figures(pavilion, tables=True)
    assert _totals(figures) == {
        "consultations": 2,
        "amount": 3000,
        "expected": 0,
        "krw": 3000 * 1400,
        "contracts": 1,
        "contract_usd": 500,
        "mous": 1,
        "approved": 1,
    }
    assert (figures.exhibitors, figures.co_exhibitors) == (4, 1)
    assert sum(row["consultations"] for row in figures.by_exhibitor) == 2
    assert sum(row["n"] for row in figures.by_country) == 2
    assert sum(row["n"] for row in figures.by_theme) == 2


def test_approving_a_report_changes_each_total_by_exactly_that_report(pavilion):
    new_report(pavilion, [(1000, "ES", 300), (2500, "DE", 0)], mous=1)
    staff = UserFactory(is_staff=True)
    pending = new_report(
        pavilion,
        [(4000, "PL", 1000), (600, "JP", 0), (75, "JP", 25)],
        mous=2,
        contracts=[1200, 800],
        status=ReportStatus.SUBMITTED,
    )
    before = _totals(pavilion_figures(pavilion))
    outcomes.report_approve(report=pending, user=staff)
    after = _totals(pavilion_figures(pavilion))
    assert {key: after[key] - before[key] for key in after} == {
        "consultations": 3,
        "amount": 4675,
        "expected": 1025,
        "krw": 4675 * 1400,
        "contracts": 2,
        "contract_usd": 2000,
        "mous": 2,
        "approved": 1,
    }
    # Staff reopen it to correct it: it counts no longer.
    outcomes.report_return(report=pending, user=staff, comment="The Polish amount is in EUR")
    assert _totals(pavilion_figures(pavilion)) == before


def test_krw_is_at_the_events_rate_rounded_to_the_won(series):
    pavilion = edition_pavilion(2030, series, rate="1312.55")
    new_report(pavilion, [Decimal("1000.01"), Decimal("0.50")])
    figures = pavilion_figures(pavilion)
    # 1000.51 × 1312.55 = 1313219.4005 won
    assert figures.consultation_amount_krw == Decimal(1_313_219)
    other = edition_pavilion(2031, series, rate="1397.00")
    new_report(other, [3_150_000])
    assert pavilion_figures(other).consultation_amount_krw == 4_400_550_000
    assert pavilion_figures(edition_pavilion(2032, series)).consultation_amount_krw == 0


# The previous edition -------------------------------------------------------------------------


def test_the_previous_edition_is_the_last_earlier_event_of_the_series_with_that_pavilion(
    series,
):
    first = edition_pavilion(2026, series)
    without = edition_pavilion(2027, series, slug="busan")  # no Seoul pavilion in 2027
    third = edition_pavilion(2028, series)
    fourth = edition_pavilion(2029, series)
    edition_pavilion(2028, SeriesFactory())  # another series: never compared with
    assert previous_pavilion(first) is None
    assert previous_pavilion(without) is None
    assert previous_pavilion(third) == first
    assert previous_pavilion(fourth) == third


def test_year_on_year_change(series):
    first, second = edition_pavilion(2029, series), edition_pavilion(2030, series)
    new_report(first, [1_000_000, 1_210_000])
    new_report(second, [3_150_000, 0, 0], mous=2)
    figures = pavilion_figures(second)
    assert figures.previous.pavilion == first
    assert (figures.previous.consultations, figures.previous.consultation_amount_usd) == (
        2,
        2_210_000,
    )
    assert figures.consultations_delta == 1
    assert figures.amount_ratio == Decimal("1.43")
    first_figures = pavilion_figures(first)
    assert first_figures.previous is None
    assert first_figures.consultations_delta is None and first_figures.amount_ratio is None


def test_no_ratio_when_the_previous_amount_was_zero(series):
    first, second = edition_pavilion(2029, series), edition_pavilion(2030, series)
    new_report(first, [0, 0])
    new_report(second, [1000])
    figures = pavilion_figures(second)
    assert figures.previous.pavilion == first
    assert figures.consultations_delta == -1
    assert figures.amount_ratio is None
    data = figures_totals(figures)
    assert data["previous_event"] == first.event.slug
    assert data["yoy"] == {"consultations_delta": -1, "amount_ratio": None}
    assert "작년" not in data["summary_ko"] and "last year" not in data["summary_en"]


# The tables -----------------------------------------------------------------------------------


def test_the_tables_per_exhibitor_buyer_country_and_theme(pavilion):
    mobility = ThemeFactory(
        event=pavilion.event, name_en="Mobility", name_ko="모빌리티", position=3
    )
    energy = ThemeFactory(event=pavilion.event, name_en="Energy", name_ko="에너지", position=2)
    bus = new_exhibitor(pavilion, theme=mobility)
    # Its application to another pavilion under another theme does not count here.
    elsewhere = open_pavilion()
    ApplicationFactory(
        pavilion=elsewhere,
        company=bus.company,
        theme=ThemeFactory(event=elsewhere.event, name_en="Blue Economy"),
    )
    car = new_exhibitor(pavilion, theme=mobility)
    solar = new_exhibitor(pavilion, theme=energy)
    district = new_exhibitor(pavilion, role=ExhibitorRole.CO_EXHIBITOR)
    idle = new_exhibitor(pavilion, theme=energy)  # nothing approved
    file_report(bus, [(1000, "ES", 100), (2000, "ES", 0), (500, "JP", 50)], mous=1)
    file_report(car, [(4000, "DE", 1000)], contracts=[1500])
    file_report(solar, [(300, "JP", 0)], mous=2)
    file_report(district, [(700, "ES", 0), (100, "PL", 0)])
    file_report(idle, [(9999, "US", 9999)], status=ReportStatus.SUBMITTED)

    figures = pavilion_figures(pavilion, tables=True)

    table = {row["exhibitor"]: row for row in figures.by_exhibitor}
    assert set(table) == {bus, car, solar, district, idle}
    assert {
        key: table[bus][key]
        for key in ("consultations", "amount_usd", "expected_usd", "mous", "theme")
    } == {
        "consultations": 3,
        "amount_usd": 3500,
        "expected_usd": 150,
        "mous": 1,
        "theme": "Mobility",
    }
    assert (table[car]["contracts"], table[car]["contract_usd"]) == (1, 1500)
    assert (table[district]["consultations"], table[district]["theme"]) == (2, None)
    assert (table[idle]["consultations"], table[idle]["amount_usd"]) == (0, 0)
    assert [row["exhibitor"] for row in figures.by_exhibitor][:4] == [car, bus, district, solar]

    assert [
        (row["buyer_country"], row["n"], row["amount"], row["expected"])
        for row in figures.by_country
    ] == [
        ("ES", 3, 3700, 100),
        ("JP", 2, 800, 50),
        ("DE", 1, 4000, 1000),
        ("PL", 1, 100, 0),
    ]
    assert [
        (row["theme"], row["theme_ko"], row["exhibitors"], row["n"], row["amount"])
        for row in figures.by_theme
    ] == [
        ("Mobility", "모빌리티", 2, 4, 7500),
        (None, None, 1, 2, 800),
        ("Energy", "에너지", 2, 1, 300),
    ]
    for table in (figures.by_country, figures.by_theme):
        assert sum(row["n"] for row in table) == figures.consultations == 7
        assert sum(row["amount"] for row in table) == figures.consultation_amount_usd == 8600
    assert figures.expected_contract_usd == 1150


def test_the_totals_are_the_same_with_and_without_the_tables(series):
    first, second = edition_pavilion(2029, series), edition_pavilion(2030, series)
    new_report(first, [(100, "ES", 10), (200, "DE", 20)], mous=1, contracts=[50])
    new_report(second, [(1000, "ES", 300), (2000, "JP", 0)], mous=2, contracts=[700])
    new_report(second, [(5000, "PL", 0)], status=ReportStatus.SUBMITTED)
    plain, full = pavilion_figures(second), pavilion_figures(second, tables=True)
    assert _totals(plain) == _totals(full)
    assert _totals(plain.previous) == _totals(full.previous)
    assert figures_totals(plain) == figures_totals(full)


@pytest.mark.parametrize(("tables", "queries"), [(False, 5), (True, 7)])
def test_the_figures_take_a_fixed_number_of_queries(
    series, tables, queries, django_assert_num_queries
):
    """Two editions; 10 consultations from 2 exhibitors, then 500 from 10, with MOUs and
    contracts: the same number of queries."""
    first, second = edition_pavilion(2029, series), edition_pavilion(2030, series)
    theme = ThemeFactory(event=second.event)
    new_report(first, [100] * 5)
    for _ in range(2):
        file_report(new_exhibitor(second, theme=theme), [10] * 5, mous=1, contracts=[5])
    with django_assert_num_queries(queries):
        small = pavilion_figures(second, tables=tables)
    for k in range(8):
        exhibitor = new_exhibitor(second, theme=theme if k % 2 else None)
        file_report(exhibitor, [(k + 1, ["ES", "DE", "PL", "JP", "US"][k % 5], 1)] * 61, mous=k % 3)
    new_report(first, [100] * 100)
    with django_assert_num_queries(queries):
        large = pavilion_figures(second, tables=tables)
    assert (small.consultations, large.consultations) == (10, 498)
    assert large.previous.consultations == 105
    if tables:
        assert len(large.by_exhibitor) == 10 and len(large.by_country) == 5


def test_the_first_edition_takes_a_query_less_with_the_tables(pavilion):
    new_report(pavilion, [10, 20])
    with CaptureQueriesContext(connection) as queries:
        pavilion_figures(pavilion, tables=True)
    assert len(queries) == 6


def test_series_figures_give_every_edition_in_order(series):
    first, second = edition_pavilion(2029, series), edition_pavilion(2030, series)
    new_report(first, [100, 200])
    new_report(second, [1000])
    new_report(second, [5000], status=ReportStatus.SUBMITTED)
    rows = series_figures(series)
    assert [(row["pavilion"], row["consultations"], row["amount_usd"]) for row in rows] == [
        (first, 2, 300),
        (second, 1, 1000),
    ]


# What the command and the dashboard print -----------------------------------------------------


def test_report_json_has_exactly_the_published_keys(series):
    first, second = edition_pavilion(2029, series, rate="1312.00"), edition_pavilion(2030, series)
    new_report(first, [1000])
    new_report(
        second,
        [(Decimal("2000.40"), "ES", Decimal("500.50")), (1000, "JP", 0)],
        mous=1,
        contracts=[Decimal("250.49")],
    )
    data = figures_totals(pavilion_figures(second))
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
    assert data == {
        **data,
        "event": second.event.slug,
        "exhibitors": 1,
        "consultations": 2,
        "consultation_amount_usd": "3000",
        "consultation_amount_krw": str(round(Decimal("3000.40") * 1400)),
        "expected_contract_usd": "501",
        "onsite_contracts": 1,
        "onsite_contract_usd": "250",
        "mous": 1,
        "previous_event": first.event.slug,
        "yoy": {"consultations_delta": 1, "amount_ratio": "3.00"},
    }
    json.dumps(data)  # plain JSON: no Decimal, no date

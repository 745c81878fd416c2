"""Outcome reports and the published figures: only approved reports count, the year-on-year
change, the tables, the press summaries in words, and the report's status moves."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.models import Pavilion
from exhibitors.companies.models import ExhibitorRole, OrganisationKind
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import (
    figures_totals,
    pavilion_figures,
    previous_pavilion,
    series_figures,
)
from exhibitors.outcomes.models import (
    REPORT_TRANSITIONS,
    Consultation,
    Mou,
    OnSiteContract,
    ReportStatus,
)
from exhibitors.outcomes.wording import (
    krw_english,
    krw_korean,
    summary_en,
    summary_ko,
    usd_english,
    usd_korean,
)
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    PavilionFactory,
    SeriesFactory,
    ThemeFactory,
    UserFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db


def _pavilion(year, series, *, slug="seoul", rate="1400.00"):
    event = EventFactory(
        series=series,
        slug=f"{series.slug}-{year}-{slug}",
        starts_on=datetime.date(year, 11, 5),
        usd_krw_rate=Decimal(rate),
    )
    return Pavilion.objects.with_event().get(pk=PavilionFactory(event=event, slug=slug).pk)


def _exhibitor(pavilion, *, theme=None, role=ExhibitorRole.COMPANY):
    """An exhibitor; a company with ``theme`` applied to the pavilion under that theme."""
    if role == ExhibitorRole.CO_EXHIBITOR:
        company = CompanyFactory(kind=OrganisationKind.DISTRICT)
    else:
        company = CompanyFactory()
    exhibitor = ExhibitorFactory(pavilion=pavilion, company=company, role=role)
    if theme is not None:
        ApplicationFactory(pavilion=pavilion, company=company, theme=theme)
    return exhibitor


def _file(
    exhibitor,
    rows,
    *,
    status=ReportStatus.APPROVED,
    mous=0,
    contracts=(),
    staff=None,
):
    """A report filed the way exhibitors and staff do it: opened, rows added, submitted, then
    approved or returned (or left as it is). ``rows``: amounts, or (amount, country, expected)."""
    pavilion = exhibitor.pavilion
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=pavilion.event.starts_on,
            buyer_organisation=f"Buyer {k}",
            buyer_country=row[1] if isinstance(row, tuple) else ("ES" if k % 2 else "JP"),
            amount_usd=row[0] if isinstance(row, tuple) else row,
            expected_contract_usd=row[2] if isinstance(row, tuple) else 0,
        )
        for k, row in enumerate(rows)
    )
    Mou.objects.bulk_create(
        Mou(report=report, partner=f"Partner {k}", country="PL", signed_on=pavilion.event.starts_on)
        for k in range(mous)
    )
    OnSiteContract.objects.bulk_create(
        OnSiteContract(report=report, partner=f"Buyer {k}", country="JP", amount_usd=amount)
        for k, amount in enumerate(contracts)
    )
    if status == ReportStatus.DRAFT:
        return report
    outcomes.report_submit(report=report, user=None)
    if status == ReportStatus.APPROVED:
        outcomes.report_approve(report=report, user=staff)
    elif status == ReportStatus.RETURNED:
        outcomes.report_return(report=report, user=staff, comment="Add the buyers' countries")
    return report


def _report(pavilion, rows, **kwargs):
    return _file(_exhibitor(pavilion), rows, **kwargs)


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
    return _pavilion(2030, series)


# Only approved reports count ------------------------------------------------------------------


def test_only_approved_reports_count(pavilion):
    _report(pavilion, [1000, 2000], mous=1, contracts=[500])
    for status in (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        _report(pavilion, [5000, 7000], mous=2, contracts=[900], status=status)
    _exhibitor(pavilion, role=ExhibitorRole.CO_EXHIBITOR)  # no report at all
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
    _report(pavilion, [(1000, "ES", 300), (2500, "DE", 0)], mous=1)
    staff = UserFactory(is_staff=True)
    pending = _report(
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
    pavilion = _pavilion(2030, series, rate="1312.55")
    _report(pavilion, [Decimal("1000.01"), Decimal("0.50")])
    figures = pavilion_figures(pavilion)
    # 1000.51 × 1312.55 = 1313219.4005 won
    assert figures.consultation_amount_krw == Decimal(1_313_219)
    other = _pavilion(2031, series, rate="1397.00")
    _report(other, [3_150_000])
    assert pavilion_figures(other).consultation_amount_krw == 4_400_550_000
    assert pavilion_figures(_pavilion(2032, series)).consultation_amount_krw == 0


# The previous edition -------------------------------------------------------------------------


def test_the_previous_edition_is_the_last_earlier_event_of_the_series_with_that_pavilion(
    series,
):
    first = _pavilion(2026, series)
    without = _pavilion(2027, series, slug="busan")  # no Seoul pavilion in 2027
    third = _pavilion(2028, series)
    fourth = _pavilion(2029, series)
    _pavilion(2028, SeriesFactory())  # another series: never compared with
    assert previous_pavilion(first) is None
    assert previous_pavilion(without) is None
    assert previous_pavilion(third) == first
    assert previous_pavilion(fourth) == third


def test_year_on_year_change(series):
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, [1_000_000, 1_210_000])
    _report(second, [3_150_000, 0, 0], mous=2)
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
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, [0, 0])
    _report(second, [1000])
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
    bus = _exhibitor(pavilion, theme=mobility)
    # Its application to another pavilion under another theme does not count here.
    elsewhere = open_pavilion()
    ApplicationFactory(
        pavilion=elsewhere,
        company=bus.company,
        theme=ThemeFactory(event=elsewhere.event, name_en="Blue Economy"),
    )
    car = _exhibitor(pavilion, theme=mobility)
    solar = _exhibitor(pavilion, theme=energy)
    district = _exhibitor(pavilion, role=ExhibitorRole.CO_EXHIBITOR)
    idle = _exhibitor(pavilion, theme=energy)  # nothing approved
    _file(bus, [(1000, "ES", 100), (2000, "ES", 0), (500, "JP", 50)], mous=1)
    _file(car, [(4000, "DE", 1000)], contracts=[1500])
    _file(solar, [(300, "JP", 0)], mous=2)
    _file(district, [(700, "ES", 0), (100, "PL", 0)])
    _file(idle, [(9999, "US", 9999)], status=ReportStatus.SUBMITTED)

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
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, [(100, "ES", 10), (200, "DE", 20)], mous=1, contracts=[50])
    _report(second, [(1000, "ES", 300), (2000, "JP", 0)], mous=2, contracts=[700])
    _report(second, [(5000, "PL", 0)], status=ReportStatus.SUBMITTED)
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
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    theme = ThemeFactory(event=second.event)
    _report(first, [100] * 5)
    for _ in range(2):
        _file(_exhibitor(second, theme=theme), [10] * 5, mous=1, contracts=[5])
    with django_assert_num_queries(queries):
        small = pavilion_figures(second, tables=tables)
    for k in range(8):
        exhibitor = _exhibitor(second, theme=theme if k % 2 else None)
        _file(exhibitor, [(k + 1, ["ES", "DE", "PL", "JP", "US"][k % 5], 1)] * 61, mous=k % 3)
    _report(first, [100] * 100)
    with django_assert_num_queries(queries):
        large = pavilion_figures(second, tables=tables)
    assert (small.consultations, large.consultations) == (10, 498)
    assert large.previous.consultations == 105
    if tables:
        assert len(large.by_exhibitor) == 10 and len(large.by_country) == 5


def test_the_first_edition_takes_a_query_less_with_the_tables(pavilion):
    _report(pavilion, [10, 20])
    with CaptureQueriesContext(connection) as queries:
        pavilion_figures(pavilion, tables=True)
    assert len(queries) == 6


def test_series_figures_give_every_edition_in_order(series):
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, [100, 200])
    _report(second, [1000])
    _report(second, [5000], status=ReportStatus.SUBMITTED)
    rows = series_figures(series)
    assert [(row["pavilion"], row["consultations"], row["amount_usd"]) for row in rows] == [
        (first, 2, 300),
        (second, 1, 1000),
    ]


# What the command and the dashboard print -----------------------------------------------------


def test_report_json_has_exactly_the_published_keys(series):
    first, second = _pavilion(2029, series, rate="1312.00"), _pavilion(2030, series)
    _report(first, [1000])
    _report(
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
    for key in (
        "consultation_amount_usd",
        "consultation_amount_krw",
        "expected_contract_usd",
        "onsite_contract_usd",
    ):
        assert Decimal(data[key]) >= 0
    json.dumps(data)  # plain JSON: no Decimal, no date


@pytest.mark.parametrize(
    ("function", "amount", "text"),
    [
        (usd_korean, 3_150_000, "315만 달러"),
        (usd_korean, 2_210_000, "221만 달러"),
        (usd_korean, 12_345, "1만 달러"),
        (usd_korean, 9_500, "9,500 달러"),
        (usd_korean, 0, "0 달러"),
        (usd_korean, 99_999_999, "1억 달러"),
        (usd_korean, 150_000_000, "1.5억 달러"),
        (krw_korean, 4_400_550_000, "44억 원"),
        (krw_korean, 2_899_520_000, "29억 원"),
        (krw_korean, 13_970_000, "1397만 원"),
        (krw_korean, 99_999_999, "1억 원"),
        (krw_korean, 5_000, "5,000 원"),
        (krw_korean, 1_250_000_000_000, "1.3조 원"),
        (usd_english, 3_150_000, "USD 3.15 million"),
        (usd_english, 2_210_000, "USD 2.21 million"),
        (usd_english, 1_000_000, "USD 1 million"),
        (usd_english, 999_999, "USD 999,999"),
        (usd_english, 9_500, "USD 9,500"),
        (usd_english, 1_500_000_000, "USD 1.5 billion"),
        (krw_english, 4_400_550_000, "KRW 4.4 billion"),
        (krw_english, 2_899_520_000, "KRW 2.9 billion"),
        (krw_english, 13_970_000, "KRW 14 million"),
        (krw_english, 999_999_999, "KRW 1 billion"),
        (krw_english, 500_000, "KRW 500,000"),
    ],
)
def test_money_in_words(function, amount, text):
    assert function(Decimal(amount)) == text


def _two_editions(series, first_rows, second_rows):
    first, second = _pavilion(2029, series), _pavilion(2030, series)
    _report(first, first_rows)
    _report(second, second_rows)
    return pavilion_figures(second)


def test_the_summaries_say_what_the_press_release_says(series):
    figures = _two_editions(series, [1_000_000, 1_210_000], [3_150_000, 0, 0])
    korean, english = summary_ko(figures), summary_en(figures)
    assert "수출 상담 3건, 상담금액 315만 달러(약 44억 원)" in korean
    assert "작년보다 상담 건수가 1건 늘고 상담 금액은 1.4배 증가했다." in korean
    assert "3 export consultations worth USD 3.15 million (about KRW 4.4 billion)" in english
    assert "1 more consultation than last year, and 1.4 times the amount." in english


def test_a_decrease_is_worded_as_one(series):
    figures = _two_editions(series, [100, 100, 100], [400])
    assert "작년보다 상담 건수가 2건 줄고" in summary_ko(figures)
    assert "2 fewer consultations than last year" in summary_en(figures)
    figures = _two_editions(SeriesFactory(), [100, 100], [40, 40, 40])
    assert "상담 건수가 1건 늘고 상담 금액은 40% 감소했다" in summary_ko(figures)
    assert "1 more consultation than last year, and an amount 40% lower" in (summary_en(figures))


def test_the_same_as_last_year(series):
    figures = _two_editions(series, [100, 100], [101, 100])
    assert "상담 건수는 작년과 같고 상담 금액은 작년 수준이었다." in summary_ko(figures)
    assert "as many consultations as last year, and about the same amount" in (summary_en(figures))


def test_the_ratio_in_words_is_rounded_once(series):
    """1.449 is "1.4 times", although to two decimals it is 1.45."""
    figures = _two_editions(series, [1000], [1449])
    assert figures.amount_ratio == Decimal("1.45")
    assert "1.4배" in summary_ko(figures)
    assert "1.4 times" in summary_en(figures)


# The report's status moves ----------------------------------------------------------------------


def test_the_table_of_moves():
    assert {
        ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
        ReportStatus.SUBMITTED: {ReportStatus.APPROVED, ReportStatus.RETURNED},
        ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
        ReportStatus.APPROVED: {ReportStatus.RETURNED},
    } == REPORT_TRANSITIONS


MOVES = {
    ReportStatus.SUBMITTED: lambda report, staff: outcomes.report_submit(report=report, user=None),
    ReportStatus.APPROVED: lambda report, staff: outcomes.report_approve(report=report, user=staff),
    ReportStatus.RETURNED: lambda report, staff: outcomes.report_return(
        report=report, user=staff, comment="Please check"
    ),
}


@pytest.mark.parametrize("to_status", list(MOVES))
@pytest.mark.parametrize("from_status", list(ReportStatus))
def test_each_move_is_allowed_or_refused_by_the_table(pavilion, from_status, to_status):
    staff = UserFactory(is_staff=True)
    report = _report(pavilion, [100], status=from_status, staff=staff)
    assert report.status == from_status
    if to_status in REPORT_TRANSITIONS[from_status]:
        MOVES[to_status](report, staff)
        report.refresh_from_db()
        assert report.status == to_status
    else:
        with pytest.raises(outcomes.ReportRefused, match="cannot become"):
            MOVES[to_status](report, staff)
        report.refresh_from_db()
        assert report.status == from_status


def test_submitting_needs_at_least_one_row(pavilion):
    empty = outcomes.report_get_or_create(_exhibitor(pavilion))
    with pytest.raises(outcomes.ReportRefused, match="at least one"):
        outcomes.report_submit(report=empty, user=None)
    empty.refresh_from_db()
    assert empty.status == ReportStatus.DRAFT and empty.submitted_at is None
    for kwargs in ({"rows": [10]}, {"rows": [], "mous": 1}, {"rows": [], "contracts": [10]}):
        report = _report(pavilion, status=ReportStatus.SUBMITTED, **kwargs)
        assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None


def test_returning_needs_a_comment(pavilion):
    report = _report(pavilion, [100], status=ReportStatus.SUBMITTED)
    for comment in ("", "   ", None):
        with pytest.raises(outcomes.ReportRefused, match="what to change"):
            outcomes.report_return(report=report, user=None, comment=comment)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.staff_comment == ""


def test_approval_is_recorded_and_cleared_when_staff_reopen_the_report(pavilion):
    staff = UserFactory(is_staff=True)
    report = _report(pavilion, [100], status=ReportStatus.SUBMITTED)
    approved_at = datetime.datetime(2030, 11, 20, 10, tzinfo=datetime.UTC)
    outcomes.report_approve(report=report, user=staff, now=approved_at)
    assert (report.status, report.approved_by, report.approved_at) == (
        ReportStatus.APPROVED,
        staff,
        approved_at,
    )
    assert not outcomes.report_can_edit(report)
    outcomes.report_return(report=report, user=staff, comment="  Amounts in USD, please  ")
    assert (report.status, report.approved_by, report.approved_at) == (
        ReportStatus.RETURNED,
        None,
        None,
    )
    assert report.staff_comment == "Amounts in USD, please"
    assert outcomes.report_can_edit(report)
    report.refresh_from_db()
    assert (report.status, report.approved_by, report.staff_comment) == (
        ReportStatus.RETURNED,
        None,
        "Amounts in USD, please",
    )


# The command on the demo data -------------------------------------------------------------------


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
    with translation.override("ko"):  # the portal's language, as on the command line
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
    totals = {row[0]: row[1] for row in book["합계"].iter_rows(values_only=True)}
    assert totals["수출 상담"] == 407
    themes = list(book["주제별"].iter_rows(values_only=True))[1:]
    assert sum(row[2] for row in themes) == 407

"""``manage.py pavilion_report``: the dashboard's figures on the command line."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from exhibitors.outcomes.figures import figures_totals, pavilion_figures
from exhibitors.outcomes.models import ReportStatus
from exhibitors.outcomes.wording import summary_en, summary_ko
from tests.exhibitors.reporting import filed, two_editions
from tests.factories import PavilionFactory

pytestmark = pytest.mark.django_db

KEYS = {
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


@pytest.fixture
def editions():
    """2029: 4 consultations, USD 2,000. 2030 (at 1,350 KRW/USD): 5 consultations in two
    approved reports, USD 3,000, expected USD 500, one on-site contract of USD 750, an MOU with a
    Polish and one with a Japanese partner; plus a submitted report that does not count."""
    previous, pavilion = two_editions(rate=Decimal("1350.00"))
    filed(previous, [500] * 4)
    filed(pavilion, [1000, 1000], expected=100, mous=["PL", "JP"], contracts=[750])
    filed(pavilion, [400, 300, 300], expected=100)
    filed(pavilion, [9_999] * 3, mous=["DE"], contracts=[1], status=ReportStatus.SUBMITTED)
    return previous, pavilion


def _run(*args):
    out = io.StringIO()
    call_command("pavilion_report", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_keys_and_the_values(editions):
    previous, pavilion = editions
    data = json.loads(_run(pavilion.event.slug, "--format", "json"))
    assert set(data) == KEYS and set(data["yoy"]) == {"consultations_delta", "amount_ratio"}
    assert data == figures_totals(pavilion_figures(pavilion))
    assert {key: data[key] for key in KEYS - {"summary_ko", "summary_en"}} == {
        "event": pavilion.event.slug,
        "exhibitors": 3,
        "consultations": 5,
        "consultation_amount_usd": "3000",
        "consultation_amount_krw": "4050000",
        "expected_contract_usd": "500",
        "onsite_contracts": 1,
        "onsite_contract_usd": "750",
        "mous": 2,
        "previous_event": previous.event.slug,
        "yoy": {"consultations_delta": 1, "amount_ratio": "1.50"},
    }
    assert "수출 상담 5건, 상담금액 3,000 달러(약 405만 원)" in data["summary_ko"]
    assert "상담 건수가 1건 늘고 상담 금액은 1.5배 증가했다." in data["summary_ko"]
    assert "5 export consultations worth USD 3,000 (about KRW 4 million)" in data["summary_en"]
    assert "1 more consultation than last year, and 1.5 times the amount" in data["summary_en"]


def test_json_without_a_previous_edition(editions):
    previous, _pavilion = editions
    data = json.loads(_run(previous.event.slug, "--format", "json"))
    assert data["previous_event"] is None
    assert data["yoy"] == {"consultations_delta": None, "amount_ratio": None}
    assert data["consultations"] == 4 and data["consultation_amount_usd"] == "2000"


def test_json_to_a_file(editions, tmp_path):
    _previous, pavilion = editions
    target = tmp_path / "figures.json"
    _run(pavilion.event.slug, "--format", "json", "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["consultations"] == 5


def test_text_is_a_table_with_both_summaries(editions):
    _previous, pavilion = editions
    text = _run(pavilion.event.slug)
    figures = pavilion_figures(pavilion)
    assert summary_ko(figures) in text and summary_en(figures) in text
    assert "consultations" in text and "4050000" in text and "+1" in text


def test_xlsx_is_written_to_the_output(editions, tmp_path):
    _previous, pavilion = editions
    target = tmp_path / "figures.xlsx"
    with translation.override("en"):
        _run(pavilion.event.slug, "--format", "xlsx", "--output", str(target))
    book = openpyxl.load_workbook(target)
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(values_only=True)}
    assert totals["Export consultations"] == 5 and totals["Consultation amount (USD)"] == 3000
    assert totals["Amount compared with the previous edition (ratio)"] == 1.5
    exhibitors = list(book["Exhibitors"].iter_rows(values_only=True))[1:]
    assert sorted(row[2] for row in exhibitors) == [0, 2, 3]  # the submitted report counts 0
    countries = list(book["Buyer countries"].iter_rows(values_only=True))[1:]
    assert countries == [("Spain", "ES", 5, 3000, 500)]


def test_xlsx_needs_an_output_file(editions):
    _previous, pavilion = editions
    with pytest.raises(CommandError, match="--output"):
        _run(pavilion.event.slug, "--format", "xlsx")


def test_an_unknown_event_is_refused():
    with pytest.raises(CommandError, match="no-such-event"):
        _run("no-such-event")


def test_an_event_with_two_pavilions_needs_the_pavilion(editions):
    _previous, pavilion = editions
    other = PavilionFactory(event=pavilion.event, slug="busan")
    filed(other, [77])
    with pytest.raises(CommandError, match="--pavilion"):
        _run(pavilion.event.slug, "--format", "json")
    data = json.loads(_run(pavilion.event.slug, "--pavilion", "busan", "--format", "json"))
    assert data["consultations"] == 1 and data["consultation_amount_usd"] == "77"


def test_a_previous_edition_without_figures_has_no_ratio():
    previous, pavilion = two_editions()
    filed(
        previous, [500], status=ReportStatus.SUBMITTED
    )  # nothing approved in the previous edition
    filed(pavilion, [100, 200])
    data = json.loads(_run(pavilion.event.slug, "--format", "json"))
    assert data["previous_event"] == previous.event.slug
    assert data["yoy"] == {"consultations_delta": 2, "amount_ratio": None}
    assert "consultations +2, amount x-" in _run(pavilion.event.slug)


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

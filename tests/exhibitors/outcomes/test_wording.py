"""The figures in words: money in Korean and English units, and the press summaries."""

from decimal import Decimal

import pytest

from exhibitors.outcomes.figures import pavilion_figures
from exhibitors.outcomes.wording import (
    krw_english,
    krw_korean,
    summary_en,
    summary_ko,
    usd_english,
    usd_korean,
)
from tests.exhibitors.reporting import edition_pavilion, new_report
from tests.factories import SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return SeriesFactory()


@pytest.fixture
def pavilion(series):
    return edition_pavilion(2030, series)


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
    first, second = edition_pavilion(2029, series), edition_pavilion(2030, series)
    new_report(first, first_rows)
    new_report(second, second_rows)
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

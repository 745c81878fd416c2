"""The figures in words: amounts in Korean and English units (만, 억, million, billion) and
the press summaries of a pavilion's figures, in both languages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exhibitors.outcomes.figures import Figures


def _round(value: Decimal | int, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


#: Units for money in words, smallest first: (size, suffix, decimal places shown).
USD_KO_UNITS = [(1, "", 0), (10**4, "만", 0), (10**8, "억", 1)]
KRW_KO_UNITS = [(1, "", 0), (10**4, "만", 0), (10**8, "억", 0), (10**12, "조", 1)]
USD_EN_UNITS = [(1, "", 0), (10**6, " million", 2), (10**9, " billion", 2)]
KRW_EN_UNITS = [
    (1, "", 0),
    (10**6, " million", 0),
    (10**9, " billion", 1),
    (10**12, " trillion", 1),
]


def _in_units(amount: Decimal | int, units: list[tuple[int, str, int]]) -> tuple[str, str]:
    """``amount`` rounded in the largest unit it reaches once rounded ("99,999,999 won" is
    "1억", not "10000만"): the number as text and the unit's suffix."""
    amount = Decimal(amount)
    index = max((k for k, (size, _s, _p) in enumerate(units) if amount >= size), default=0)
    size, suffix, places = units[index]
    value = _round(amount / size, places)
    if index + 1 < len(units) and value * size >= units[index + 1][0]:
        size, suffix, places = units[index + 1]
        value = _round(amount / size, places)
    text = f"{int(value):,}" if size == 1 else _trim(value)
    return text, suffix


def usd_korean(amount: Decimal | int) -> str:
    """3150000 -> "315만 달러"; 9500 -> "9,500 달러"."""
    text, unit = _in_units(amount, USD_KO_UNITS)
    return f"{text}{unit} 달러"


def krw_korean(amount: Decimal | int) -> str:
    """4400550000 -> "44억 원"; 13970000 -> "1397만 원"; 5000 -> "5,000 원"."""
    text, unit = _in_units(amount, KRW_KO_UNITS)
    return f"{text}{unit} 원"


def usd_english(amount: Decimal | int) -> str:
    """3150000 -> "USD 3.15 million"; 9500 -> "USD 9,500"."""
    text, unit = _in_units(amount, USD_EN_UNITS)
    return f"USD {text}{unit}"


def krw_english(amount: Decimal | int) -> str:
    """4400550000 -> "KRW 4.4 billion"; 13970000 -> "KRW 14 million"."""
    text, unit = _in_units(amount, KRW_EN_UNITS)
    return f"KRW {text}{unit}"


def _year_on_year(figures: Figures) -> tuple[int, Decimal, Decimal] | None:
    """(consultations delta, amount ratio to one decimal, exact ratio), or None when there is
    nothing to compare with. The one-decimal ratio is rounded from the exact one, not from
    the two-decimal :attr:`Figures.amount_ratio` (1.449 is "1.4", not "1.5")."""
    exact = figures._exact_ratio()
    if exact is None:
        return None
    return figures.consultations_delta, _round(exact, 1), exact


def summary_ko(figures: Figures) -> str:
    event, pavilion = figures.event, figures.pavilion
    text = (
        f"{event.name_ko} {pavilion.name_ko}에 참가한 기업 {figures.exhibitors}개사는 "
        f"수출 상담 {figures.consultations:,}건, "
        f"상담금액 {usd_korean(figures.consultation_amount_usd)}"
        f"(약 {krw_korean(figures.consultation_amount_krw)})의 성과를 거두었다."
    )
    if figures.mous:
        text += f" 현장에서 업무협약(MOU) {figures.mous}건을 체결했다."
    yoy = _year_on_year(figures)
    if yoy is not None:
        delta, ratio, exact = yoy
        if delta > 0:
            count = f"작년보다 상담 건수가 {delta:,}건 늘고"
        elif delta < 0:
            count = f"작년보다 상담 건수가 {-delta:,}건 줄고"
        else:
            count = "상담 건수는 작년과 같고"
        if ratio > 1:
            amount = f"상담 금액은 {_trim(ratio)}배 증가했다."
        elif exact < 1 and _round((1 - exact) * 100, 0) > 0:
            amount = f"상담 금액은 {_trim(_round((1 - exact) * 100, 0))}% 감소했다."
        else:
            amount = "상담 금액은 작년 수준이었다."
        text += f" {count} {amount}"
    return text


def summary_en(figures: Figures) -> str:
    event, pavilion = figures.event, figures.pavilion
    companies = "company" if figures.exhibitors == 1 else "companies"
    text = (
        f"At {event.name_en}, the {figures.exhibitors} {companies} of the {pavilion.name_en} "
        f"held {figures.consultations:,} export consultations worth "
        f"{usd_english(figures.consultation_amount_usd)} "
        f"(about {krw_english(figures.consultation_amount_krw)})."
    )
    if figures.mous:
        mous = "1 MOU was" if figures.mous == 1 else f"{figures.mous} MOUs were"
        text += f" {mous} signed during the expo."
    yoy = _year_on_year(figures)
    if yoy is not None:
        delta, ratio, exact = yoy
        noun = "consultation" if abs(delta) == 1 else "consultations"
        if delta > 0:
            count = f"{delta:,} more {noun} than last year"
        elif delta < 0:
            count = f"{-delta:,} fewer {noun} than last year"
        else:
            count = "as many consultations as last year"
        if ratio > 1:
            amount = f"{_trim(ratio)} times the amount"
        elif exact < 1 and _round((1 - exact) * 100, 0) > 0:
            amount = f"an amount {_trim(_round((1 - exact) * 100, 0))}% lower"
        else:
            amount = "about the same amount"
        text += f" That is {count}, and {amount}."
    return text

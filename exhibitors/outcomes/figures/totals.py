"""What the figures of a pavilion are (:class:`Figures`) and how the pages show their totals
(:func:`figures_totals`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from events.models import Pavilion
from exhibitors.outcomes.wording import _round, summary_en, summary_ko

if TYPE_CHECKING:
    from exhibitors.outcomes.selectors import FrozenFigures

ZERO = Decimal(0)


@dataclass
class Figures:
    pavilion: Pavilion
    exhibitors: int
    co_exhibitors: int
    reports_approved: int
    consultations: int
    consultation_amount_usd: Decimal
    expected_contract_usd: Decimal
    onsite_contracts: int
    onsite_contract_usd: Decimal
    mous: int
    previous: Figures | None = None
    by_exhibitor: list = field(default_factory=list)
    by_country: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)
    #: The MOUs per partner country, most first: [{"country": code, "n": count}].
    mous_by_country: list = field(default_factory=list)
    #: With ``tables``, what the public results page lists: every exhibitor (companies first,
    #: by Korean name) with its product and theme in both languages and its consultation
    #: amount where its report agreed to publish it (else None).
    public_exhibitors: list = field(default_factory=list)

    @property
    def event(self):
        return self.pavilion.event

    @property
    def consultation_amount_krw(self):
        return (self.consultation_amount_usd * self.event.usd_krw_rate).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )

    @property
    def consultations_delta(self):
        return None if self.previous is None else self.consultations - self.previous.consultations

    @property
    def amount_ratio(self):
        """This edition's amount over the previous one's, to two decimals (None without a
        previous edition or when its amount was 0)."""
        ratio = self._exact_ratio()
        return None if ratio is None else _round(ratio, 2)

    def _exact_ratio(self):
        if self.previous is None or not self.previous.consultation_amount_usd:
            return None
        return self.consultation_amount_usd / self.previous.consultation_amount_usd

    @property
    def event_slug(self) -> str:
        return self.event.slug

    @property
    def previous_event_slug(self) -> str | None:
        return self.previous.event.slug if self.previous else None

    @property
    def summary_ko(self) -> str:
        return summary_ko(self)

    @property
    def summary_en(self) -> str:
        return summary_en(self)


def figures_totals(figures: Figures | FrozenFigures) -> dict:
    """The totals as the dashboard (live :class:`Figures`) and the public results page (the
    published :class:`~exhibitors.outcomes.selectors.FrozenFigures`) show them, and as
    ``pavilion_report --format json`` prints them: one function for both pages, amounts as
    strings rounded to the unit."""
    ratio = figures.amount_ratio
    return {
        "event": figures.event_slug,
        "exhibitors": figures.exhibitors,
        "consultations": figures.consultations,
        "consultation_amount_usd": str(_round(figures.consultation_amount_usd, 0)),
        "consultation_amount_krw": str(_round(figures.consultation_amount_krw, 0)),
        "expected_contract_usd": str(_round(figures.expected_contract_usd, 0)),
        "onsite_contracts": figures.onsite_contracts,
        "onsite_contract_usd": str(_round(figures.onsite_contract_usd, 0)),
        "mous": figures.mous,
        "previous_event": figures.previous_event_slug,
        "yoy": {
            "consultations_delta": figures.consultations_delta,
            "amount_ratio": None if ratio is None else str(ratio),
        },
        "summary_ko": figures.summary_ko,
        "summary_en": figures.summary_en,
    }

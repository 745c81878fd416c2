"""The tables of a pavilion's figures: per exhibitor, per buyer country and per theme, and
the exhibitors the public results page lists."""

from __future__ import annotations

from django.db.models import F, FilteredRelation, Q, QuerySet

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes.figures.totals import ZERO, Figures
from exhibitors.outcomes.models import ReportCountryTotal, ReportStatus, approved_q


def _themed_exhibitors(pavilion: Pavilion) -> QuerySet[Exhibitor]:
    """The pavilion's exhibitors with their company and the theme of their application to
    this pavilion (districts have none), in one query."""
    application = FilteredRelation(
        "company__applications", condition=Q(company__applications__pavilion=F("pavilion"))
    )
    return (
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("company")
        .annotate(
            application=application,
            theme_en=F("application__theme__name_en"),
            theme_ko=F("application__theme__name_ko"),
            theme_position=F("application__theme__position"),
            product_en=F("application__product_name_en"),
            product_ko=F("application__product_name_ko"),
            report_status=F("report__status"),
            publish_amounts=F("report__publish_amounts"),
        )
        .order_by("role", "company__name_ko", "pk")
    )


def _tables(figures: Figures, per_exhibitor: dict[int, dict]) -> None:
    """The pavilion's totals of consultations and its tables per exhibitor, buyer country and
    theme, from the per-country totals its approved reports stored when approved (one query;
    the groups are added up here) and one query for the exhibitors and their themes."""
    pavilion = figures.pavilion
    # Each approved report's consultations per buyer country, added up when it was approved
    # (``ReportCountryTotal``): a few rows per report instead of every consultation.
    groups = (
        ReportCountryTotal.objects.filter(
            approved_q("report"), report__exhibitor__pavilion=pavilion
        )
        .values_list(
            "report__exhibitor", "buyer_country", "consultations", "amount_usd", "expected_usd"
        )
        .order_by()
    )
    countries = {}
    for exhibitor_id, country, n, amount, expected in groups:
        for sums in (per_exhibitor.setdefault(exhibitor_id, {}), countries.setdefault(country, {})):
            sums["n"] = sums.get("n", 0) + n
            sums["amount"] = sums.get("amount", ZERO) + amount
            sums["expected"] = sums.get("expected", ZERO) + expected
    themes = {}
    for exhibitor in _themed_exhibitors(pavilion):
        row = per_exhibitor.get(exhibitor.pk, {})
        figures.by_exhibitor.append(
            {
                "exhibitor": exhibitor,
                "theme": exhibitor.theme_en,
                "consultations": row.get("n", 0),
                "amount_usd": row.get("amount", ZERO),
                "expected_usd": row.get("expected", ZERO),
                "mous": row.get("mous", 0),
                "contracts": row.get("contracts", 0),
                "contract_usd": row.get("contract_usd", ZERO),
            }
        )
        agreed = exhibitor.report_status == ReportStatus.APPROVED and exhibitor.publish_amounts
        figures.public_exhibitors.append(
            {
                "exhibitor": exhibitor.pk,
                "name_ko": exhibitor.company.name_ko,
                "name_en": exhibitor.company.name_en,
                "product_ko": exhibitor.product_ko or "",
                "product_en": exhibitor.product_en or "",
                "theme_ko": exhibitor.theme_ko or "",
                "theme_en": exhibitor.theme_en or "",
                "amount_usd": row.get("amount") if agreed and row.get("n") else None,
            }
        )
        theme = themes.setdefault(
            exhibitor.theme_en,
            {
                "theme": exhibitor.theme_en,
                "theme_ko": exhibitor.theme_ko,
                "position": exhibitor.theme_position,
                "exhibitors": 0,
                "n": 0,
                "amount": ZERO,
                "expected": ZERO,
            },
        )
        theme["exhibitors"] += 1
        theme["n"] += row.get("n", 0)
        theme["amount"] += row.get("amount", ZERO)
        theme["expected"] += row.get("expected", ZERO)
    figures.by_exhibitor.sort(key=lambda r: (-r["amount_usd"], -r["consultations"]))
    figures.by_country = sorted(
        (
            {
                "buyer_country": code,
                "n": row["n"],
                "amount": row["amount"],
                "expected": row["expected"],
            }
            for code, row in countries.items()
        ),
        key=lambda r: (-r["n"], r["buyer_country"]),
    )
    figures.by_theme = sorted(
        themes.values(),
        key=lambda r: (-r["amount"], -r["n"], r["theme"] is None, r["position"] or 0),
    )
    figures.consultations = sum(row["n"] for row in countries.values())
    figures.consultation_amount_usd = sum((row["amount"] for row in countries.values()), ZERO)
    figures.expected_contract_usd = sum((row["expected"] for row in countries.values()), ZERO)

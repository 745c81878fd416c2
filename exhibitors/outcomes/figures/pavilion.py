"""The figures of a pavilion and of its previous edition (:func:`pavilion_figures`), and of
every edition of a series (:func:`series_figures`): sums of the approved reports, computed by
the database in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from events.models import Pavilion, Series
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.outcomes.figures.tables import _tables
from exhibitors.outcomes.figures.totals import ZERO, Figures
from exhibitors.outcomes.models import Mou, OnSiteContract, OutcomeReport, approved_q


def _empty_figures(pavilion: Pavilion) -> Figures:
    return Figures(
        pavilion=pavilion,
        exhibitors=0,
        co_exhibitors=0,
        reports_approved=0,
        consultations=0,
        consultation_amount_usd=ZERO,
        expected_contract_usd=ZERO,
        onsite_contracts=0,
        onsite_contract_usd=ZERO,
        mous=0,
    )


def _totals(
    pavilions: list[Pavilion], *, consultations: bool = True
) -> tuple[dict[int, Figures], dict[int, dict]]:
    """The totals of each pavilion over its approved reports, by pavilion id: four queries
    (three without ``consultations``) whatever the number of pavilions and rows. Also returns
    the MOUs and on-site contracts per exhibitor, for the tables."""
    ids = [p.pk for p in pavilions]
    figures = {p.pk: _empty_figures(p) for p in pavilions}
    approved = approved_q("report") & Q(report__exhibitor__pavilion__in=ids)
    for row in (
        Exhibitor.objects.filter(pavilion__in=ids)
        .values("pavilion")
        .annotate(
            companies=Count("pk", filter=Q(role=ExhibitorRole.COMPANY)),
            co=Count("pk", filter=Q(role=ExhibitorRole.CO_EXHIBITOR)),
            approved=Count("pk", filter=approved_q("report")),
        )
        .order_by()
    ):
        pavilion = figures[row["pavilion"]]
        pavilion.exhibitors, pavilion.co_exhibitors = row["companies"], row["co"]
        pavilion.reports_approved = row["approved"]
    per_exhibitor = {}
    for row in (
        OnSiteContract.objects.filter(approved)
        .values(pavilion=F("report__exhibitor__pavilion"), exhibitor=F("report__exhibitor"))
        .annotate(n=Count("pk"), amount=Sum("amount_usd"))
        .order_by()
    ):
        pavilion = figures[row["pavilion"]]
        pavilion.onsite_contracts += row["n"]
        pavilion.onsite_contract_usd += row["amount"]
        exhibitor = per_exhibitor.setdefault(row["exhibitor"], {})
        exhibitor["contracts"], exhibitor["contract_usd"] = row["n"], row["amount"]
    mou_countries = {pk: {} for pk in ids}
    for row in (
        Mou.objects.filter(approved)
        .values(
            "country", pavilion=F("report__exhibitor__pavilion"), exhibitor=F("report__exhibitor")
        )
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures[row["pavilion"]].mous += row["n"]
        exhibitor = per_exhibitor.setdefault(row["exhibitor"], {})
        exhibitor["mous"] = exhibitor.get("mous", 0) + row["n"]
        by_country = mou_countries[row["pavilion"]]
        by_country[row["country"]] = by_country.get(row["country"], 0) + row["n"]
    for pk, by_country in mou_countries.items():
        figures[pk].mous_by_country = [
            {"country": code, "n": n}
            for code, n in sorted(by_country.items(), key=lambda item: (-item[1], item[0]))
        ]
    if consultations:
        for row in (
            OutcomeReport.objects.approved()
            .filter(exhibitor__pavilion__in=ids)
            .values(pavilion=F("exhibitor__pavilion"))
            .annotate(
                n=Sum("total_consultations"),
                amount=Sum("total_amount_usd"),
                expected=Sum("total_expected_usd"),
            )
            .order_by()
        ):
            pavilion = figures[row["pavilion"]]
            pavilion.consultations = row["n"]
            pavilion.consultation_amount_usd = row["amount"]
            pavilion.expected_contract_usd = row["expected"]
    return figures, per_exhibitor


def previous_pavilion(pavilion: Pavilion) -> Pavilion | None:
    """The same pavilion (same slug) at the latest earlier edition of the series that had
    it, or None: one query."""
    event = pavilion.event
    return (
        Pavilion.objects.with_event()
        .filter(
            event__series_id=event.series_id,
            event__starts_on__lt=event.starts_on,
            slug=pavilion.slug,
        )
        .order_by("-event__starts_on")
        .first()
    )


def pavilion_figures(pavilion: Pavilion, *, tables: bool = False) -> Figures:
    """The figures of a pavilion and of its previous edition (:func:`previous_pavilion`);
    with ``tables``, the tables per exhibitor, buyer country and theme too (districts under
    theme None, so that every table adds up to the totals).

    A fixed number of queries whatever the rows, with the pavilion's event loaded
    (``Pavilion.objects.with_event()``): 5 (the totals stored on both editions' reports),
    7 with ``tables`` (this edition's per-country totals and the previous one's; 6 without a
    previous edition)."""
    previous = previous_pavilion(pavilion)
    pavilions = [pavilion] if previous is None else [pavilion, previous]
    totals, per_exhibitor = _totals(pavilions, consultations=not tables)
    figures = totals[pavilion.pk]
    if previous is not None:
        figures.previous = totals[previous.pk]
    if tables:
        _tables(figures, per_exhibitor)
        if previous is not None:
            figures.previous.consultations, amount, expected = _consultation_totals(previous)
            figures.previous.consultation_amount_usd = amount
            figures.previous.expected_contract_usd = expected
    return figures


def _consultation_totals(pavilion: Pavilion) -> tuple[int, Decimal, Decimal]:
    """The consultation totals of the pavilion's approved reports, from the totals stored on
    each report: one query over the reports, not their consultations."""
    row = (
        OutcomeReport.objects.approved()
        .filter(exhibitor__pavilion=pavilion)
        .aggregate(
            n=Coalesce(Sum("total_consultations"), 0),
            amount=Coalesce(Sum("total_amount_usd"), ZERO),
            expected=Coalesce(Sum("total_expected_usd"), ZERO),
        )
    )
    return row["n"], row["amount"], row["expected"]


def series_figures(series: Series) -> list[dict]:
    """Every edition of a series with its consultations and amount (for the chart): one
    query (the totals stored on the approved reports, added up per pavilion)."""
    approved = approved_q("exhibitors__report")
    pavilions = (
        Pavilion.objects.filter(event__series=series)
        .select_related("event")
        .annotate(
            approved_consultations=Coalesce(
                Sum("exhibitors__report__total_consultations", filter=approved), 0
            ),
            approved_amount=Coalesce(
                Sum("exhibitors__report__total_amount_usd", filter=approved), ZERO
            ),
        )
        .order_by("event__starts_on")
    )
    return [
        {
            "pavilion": p,
            "label": f"{p.event.name_en}",
            "consultations": p.approved_consultations,
            "amount_usd": p.approved_amount,
        }
        for p in pavilions
    ]

"""What the outcome pages read: a report's consultations page by page, and the published
figures (:class:`FrozenFigures`) the public results page and the dashboard show. The live
figures are computed in :mod:`exhibitors.outcomes.figures`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django_countries import countries

from events.models import Pavilion
from exhibitors.companies.models import Company, Exhibitor
from exhibitors.outcomes.models import (
    Consultation,
    FiguresPublication,
    OutcomeReport,
    PublicationKind,
)
from exhibitors.outcomes.services import report_can_open

# The consultations of one report, page by page ------------------------------------------------

#: Consultations a page of the report (the exhibitor's page and the admin's).
CONSULTATIONS_PER_PAGE = 50


def _search(query: str) -> Q | None:
    """The condition of a search of the consultations, or None for no search: its words in
    the buyer, the product or the note, or a buyer country whose code or name (in the
    reader's language) contains it."""
    query = " ".join(query.split())[:100]
    if not query:
        return None
    wanted = query.casefold()
    codes = [
        code
        for code, name in countries
        if wanted == code.casefold() or (len(wanted) > 2 and wanted in str(name).casefold())
    ]
    return (
        Q(buyer_organisation__icontains=query)
        | Q(product__icontains=query)
        | Q(note__icontains=query)
        | Q(buyer_country__in=codes)
    )


def _listed(query: str, to_confirm: bool) -> Q:
    condition = _search(query) or Q()
    if to_confirm:
        condition &= Q(needs_confirmation=True)
    return condition


def report_consultations(
    report: OutcomeReport, *, query: str = "", to_confirm: bool = False
) -> QuerySet[Consultation]:
    """The report's consultations in their order (date, then entry), those matching ``query``
    only if one is given (see :func:`_search`), those waiting for the exhibitor to confirm
    their amounts only with ``to_confirm``."""
    return (
        Consultation.objects.filter(report=report)
        .filter(_listed(query, to_confirm))
        .order_by("met_on", "pk")
    )


def report_consultation_counts(
    report: OutcomeReport, *, query: str = "", to_confirm: bool = False
) -> dict[str, int]:
    """How many of the report's consultations the page lists (``listed``: with the search and
    the "to confirm" filter of :func:`report_consultations`) and how many wait for the
    exhibitor to confirm their amounts (``to_confirm``, whatever the search): one query."""
    listed = _listed(query, to_confirm)
    counts = Consultation.objects.filter(report=report).aggregate(
        listed=Count("pk", filter=listed) if listed else Count("pk"),
        to_confirm=Count("pk", filter=Q(needs_confirmation=True)),
    )
    return {"listed": counts["listed"] or 0, "to_confirm": counts["to_confirm"] or 0}


def latest_publication(pavilion: Pavilion) -> FiguresPublication | None:
    """The pavilion's latest publication log entry (figures or withdrawal), or None: one
    query."""
    return (
        FiguresPublication.objects.filter(pavilion=pavilion)
        .select_related("published_by")
        .order_by("-version")
        .first()
    )


def published_figures(pavilion: Pavilion) -> FrozenFigures | None:
    """The figures the public results page shows (:class:`FrozenFigures`), or None when the
    page is not published: one query."""
    latest = latest_publication(pavilion)
    if latest is None or latest.kind == PublicationKind.WITHDRAWAL:
        return None
    latest.pavilion = pavilion
    return FrozenFigures(latest)


def company_report_rows(company: Company, *, now: datetime.datetime) -> list[dict]:
    """ "My outcome reports": every exhibition of ``company``, latest first, with its report
    (if opened), its number of consultations and whether its report is open yet (``open``,
    :func:`~exhibitors.outcomes.services.report_can_open`). One query whatever the rows."""
    exhibitions = (
        Exhibitor.objects.filter(company=company)
        .select_related("pavilion__event", "report")
        .annotate(consultation_count=Count("report__consultations"))
        .order_by("-pavilion__event__starts_on", "pavilion__name_en", "pk")
    )
    return [
        {"exhibitor": exhibitor, "open": report_can_open(exhibitor, now)}
        for exhibitor in exhibitions
    ]


def reports_with_consultation_totals(
    reports: QuerySet[OutcomeReport],
) -> QuerySet[OutcomeReport]:
    """The staff's report list: each report with the number and amount of its consultations
    (``consultation_count``, ``consultation_amount``), one query for the rows whatever their
    number (both aggregates over the one join to the consultations)."""
    return reports.annotate(
        consultation_count=Count("consultations"),
        consultation_amount=Coalesce(
            Sum("consultations__amount_usd"), 0, output_field=DecimalField()
        ),
    )


# Published figures ----------------------------------------------------------------------------

#: The totals a publication stores as decimal strings.
DECIMAL_TOTALS = {
    "consultation_amount_usd",
    "consultation_amount_krw",
    "usd_krw_rate",
    "expected_contract_usd",
    "onsite_contract_usd",
}
#: The totals the dashboard compares, live against published, in this order.
COMPARED_TOTALS = [
    "consultations",
    "consultation_amount_usd",
    "consultation_amount_krw",
    "expected_contract_usd",
    "onsite_contracts",
    "onsite_contract_usd",
    "mous",
    "exhibitors",
    "co_exhibitors",
    "reports_approved",
]


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


class FrozenFigures:
    """The figures of a publication read back from its JSON, amounts as Decimals: what the
    public results page and ``pavilion_report --published`` show."""

    def __init__(self, publication):
        self.publication = publication
        data = publication.figures
        self.data = data
        self.event_slug = data["event"]
        self.totals = {
            key: _decimal(value) if key in DECIMAL_TOTALS else value
            for key, value in data["totals"].items()
        }
        for key, value in self.totals.items():
            setattr(self, key, value)
        previous = data["previous"]
        self.previous = (
            None
            if previous is None
            else {
                **previous,
                "consultation_amount_usd": _decimal(previous["consultation_amount_usd"]),
            }
        )
        self.consultations_delta = data["yoy"]["consultations_delta"]
        self.amount_ratio = _decimal(data["yoy"]["amount_ratio"])
        self.summary_ko, self.summary_en = data["summary_ko"], data["summary_en"]
        self.mous_by_country = data["mous_by_country"]
        self.exhibitors_listed = [
            {**row, "amount_usd": _decimal(row["amount_usd"])} for row in data["exhibitors"]
        ]

    @property
    def version(self):
        return self.publication.version

    @property
    def revised(self):
        return self.publication.kind == PublicationKind.REVISION

    @property
    def previous_event_slug(self) -> str | None:
        return self.previous["event"] if self.previous else None

    def publication_json(self):
        """Which publication these figures are: version, kind, when and by whom."""
        publication = self.publication
        return {
            "version": publication.version,
            "kind": publication.kind,
            "published_at": publication.published_at.isoformat(),
            "published_by": publication.published_by.get_username()
            if publication.published_by
            else None,
        }


def figures_differences(published: FrozenFigures, snapshot: dict) -> list[tuple]:
    """The totals that differ between the published figures (:class:`FrozenFigures`) and a
    live :func:`figures_snapshot`: [(key, published, live, live - published)]."""
    rows = []
    for key in COMPARED_TOTALS:
        live = snapshot["totals"][key]
        live = _decimal(live) if key in DECIMAL_TOTALS else live
        before = published.totals.get(key)
        if live != before:
            rows.append((key, before, live, None if before is None else live - before))
    return rows

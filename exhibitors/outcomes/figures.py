"""The figures of a pavilion, from its approved reports, and their publication.

Pavilion totals are always the sum of the approved reports, computed by the database in a
fixed number of queries (:func:`pavilion_figures`); nothing is typed in twice. Publishing
(:func:`figures_publish`) freezes them for the public results page; the press summaries are
worded in :mod:`exhibitors.outcomes.wording`, the published figures read back in
:mod:`exhibitors.outcomes.selectors`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, F, FilteredRelation, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from events.models import Pavilion, Series
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.outcomes.models import (
    FiguresPublication,
    Mou,
    OnSiteContract,
    OutcomeReport,
    PublicationKind,
    ReportCountryTotal,
    ReportStatus,
    approved_q,
)
from exhibitors.outcomes.wording import _round, summary_en, summary_ko
from portal.refusals import Refused

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


# Published figures ----------------------------------------------------------------------------
#
# Publishing freezes what the public results page shows: the totals, its tables and both press
# summaries, with who and when (``FiguresPublication``). Reports approved later move the live
# figures (the dashboard), never the published ones, until staff publish a revision; a
# withdrawal is recorded too.


class FiguresRefused(Refused):
    """What the publication rules refuse (publishing before the expo is over, twice, or
    revising figures that have not changed)."""


def _money(value: Decimal | None, places: int = 2) -> str | None:
    """An amount as the decimal string a publication stores (None stays None)."""
    return None if value is None else str(_round(value, places))


def figures_snapshot(figures: Figures) -> dict:
    """What a publication freezes of ``figures`` (:func:`pavilion_figures` with ``tables``),
    as JSON: amounts are decimal strings, never floats (:class:`FrozenFigures` reads them
    back as Decimals)."""
    data = figures_totals(figures)
    previous = figures.previous
    return {
        "event": figures.event.slug,
        "totals": {
            "exhibitors": figures.exhibitors,
            "co_exhibitors": figures.co_exhibitors,
            "reports_approved": figures.reports_approved,
            "consultations": figures.consultations,
            "consultation_amount_usd": _money(figures.consultation_amount_usd),
            "consultation_amount_krw": _money(figures.consultation_amount_krw, 0),
            "usd_krw_rate": _money(figures.event.usd_krw_rate),
            "expected_contract_usd": _money(figures.expected_contract_usd),
            "onsite_contracts": figures.onsite_contracts,
            "onsite_contract_usd": _money(figures.onsite_contract_usd),
            "mous": figures.mous,
        },
        "previous": None
        if previous is None
        else {
            "event": previous.event.slug,
            "name_ko": previous.event.name_ko,
            "name_en": previous.event.name_en,
            "consultations": previous.consultations,
            "consultation_amount_usd": _money(previous.consultation_amount_usd),
        },
        "yoy": data["yoy"],
        "summary_ko": data["summary_ko"],
        "summary_en": data["summary_en"],
        "mous_by_country": [dict(row) for row in figures.mous_by_country],
        "exhibitors": [
            {**row, "amount_usd": _money(row["amount_usd"])} for row in figures.public_exhibitors
        ],
    }


def _log(
    pavilion: Pavilion,
    latest: FiguresPublication | None,
    *,
    kind: PublicationKind,
    user: AbstractBaseUser | None,
    now: datetime.datetime,
    figures: dict,
) -> FiguresPublication:
    return FiguresPublication.objects.create(
        pavilion=pavilion,
        version=1 if latest is None else latest.version + 1,
        kind=kind,
        published_at=now,
        published_by=user,
        figures=figures,
    )


@transaction.atomic
def figures_publish(
    *,
    pavilion: Pavilion,
    user: AbstractBaseUser | None,
    revise: bool = False,
    now: datetime.datetime | None = None,
) -> FiguresPublication:
    """Publish the pavilion's results page with its figures as they are now (frozen), or,
    with ``revise``, publish the revised figures of a page already published. Recorded as a
    new version of the pavilion's publication log; the public page shows the latest."""
    now = now or timezone.now()
    locked = pavilion_lock(pavilion.pk)
    published = locked.results_published_at is not None
    if locked.event.ends_on >= timezone.localdate(now):
        raise FiguresRefused(
            _("%(pavilion)s: the expo is not over yet; its results cannot be published.")
            % {"pavilion": locked}
        )
    if published and not revise:
        raise FiguresRefused(
            _(
                "%(pavilion)s: the results page is published already; publish revised figures "
                "from the outcome dashboard."
            )
            % {"pavilion": locked}
        )
    if revise and not published:
        raise FiguresRefused(
            _("%(pavilion)s: the results page is not published.") % {"pavilion": locked}
        )
    snapshot = figures_snapshot(pavilion_figures(locked, tables=True))
    latest = FiguresPublication.objects.filter(pavilion=locked).order_by("-version").first()
    shown = (
        FiguresPublication.objects.filter(pavilion=locked)
        .exclude(kind=PublicationKind.WITHDRAWAL)
        .order_by("-version")
        .first()
    )
    if published and shown is not None and shown.figures == snapshot:
        raise FiguresRefused(
            _("%(pavilion)s: the published figures are the current ones; nothing to revise.")
            % {"pavilion": locked}
        )
    kind = (
        PublicationKind.REVISION
        if shown is not None and shown.figures != snapshot
        else PublicationKind.PUBLISH
    )
    publication = _log(locked, latest, kind=kind, user=user, now=now, figures=snapshot)
    if not published:
        locked.results_published_at = now
        locked.save(update_fields=["results_published_at"])  # the public pages' cache follows
    pavilion.results_published_at = locked.results_published_at
    return publication


@transaction.atomic
def figures_withdraw(
    *, pavilion: Pavilion, user: AbstractBaseUser | None, now: datetime.datetime | None = None
) -> FiguresPublication:
    """Withdraw the pavilion's results page (recorded in its publication log)."""
    now = now or timezone.now()
    locked = pavilion_lock(pavilion.pk)
    if locked.results_published_at is None:
        raise FiguresRefused(
            _("%(pavilion)s: the results page is not published.") % {"pavilion": locked}
        )
    latest = FiguresPublication.objects.filter(pavilion=locked).order_by("-version").first()
    publication = _log(
        locked, latest, kind=PublicationKind.WITHDRAWAL, user=user, now=now, figures={}
    )
    locked.results_published_at = None
    locked.save(update_fields=["results_published_at"])  # the public pages' cache follows
    pavilion.results_published_at = None
    return publication

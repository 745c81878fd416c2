"""Outcome reports: filing, review by staff, and the figures the foundation publishes.

Pavilion totals are always the sum of the approved reports, computed by the database in a
fixed number of queries (:func:`pavilion_figures`); nothing is typed in twice. The press
summary is written from those figures, in Korean and in English.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.outcomes.models import (
    REPORT_EDITABLE_STATES,
    REPORT_TRANSITIONS,
    Consultation,
    FiguresPublication,
    Mou,
    OnSiteContract,
    OutcomeReport,
    PublicationKind,
    ReportCountryTotal,
    ReportStatus,
)
from portal.audit import audit, current_reason
from portal.i18n import content_language, localized
from portal.spreadsheets import FORMULA_PREFIXES

R = ReportStatus
ZERO = Decimal(0)
#: Consultations may be dated from the expo's first day to a year after its last.
FOLLOW_UP_PERIOD_DAYS = 366


class ReportError(Exception):
    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


# Filing and review ----------------------------------------------------------------------------


def report_for(exhibitor):
    """The exhibitor's report, opened on first use."""
    report, _created = OutcomeReport.objects.get_or_create(exhibitor=exhibitor)
    return report


def can_open(exhibitor, now=None):
    """Reports open once the expo has started."""
    return (now or timezone.now()) >= exhibitor.pavilion.event.starts_at


def can_edit(report):
    return report.status in REPORT_EDITABLE_STATES


def _check_move(report, to_status):
    if to_status not in REPORT_TRANSITIONS[R(report.status)]:
        raise ReportError(
            _("A report that is “%(from)s” cannot become “%(to)s”.")
            % {"from": R(report.status).label, "to": R(to_status).label}
        )


def _move(report, to_status, *, user, extra_fields=()):
    _check_move(report, to_status)
    report.status = to_status
    with audit(user=user):
        report.save(update_fields=["status", "updated_at", *extra_fields])
    return report


def _locked(report):
    return OutcomeReport.objects.select_for_update().get(pk=report.pk)


def _copy(locked, report, fields):
    """The caller's instance gets what was saved on the locked row."""
    for name in ("status", "updated_at", *fields):
        setattr(report, name, getattr(locked, name))
    return report


@transaction.atomic
def report_submit(*, report, user, now=None):
    locked = _locked(report)
    _check_move(locked, R.SUBMITTED)
    if (
        not locked.consultations.exists()
        and not locked.mous.exists()
        and not locked.contracts.exists()
    ):
        raise ReportError(_("Add at least one consultation, MOU or contract before submitting."))
    locked.submitted_at = now or timezone.now()
    _move(locked, R.SUBMITTED, user=user, extra_fields=["submitted_at"])
    return _copy(locked, report, ["submitted_at"])


TOTAL_FIELDS = ["total_consultations", "total_amount_usd", "total_expected_usd"]


def _consultation_sums(consultations):
    return consultations.aggregate(
        total_consultations=Count("pk"),
        total_amount_usd=Coalesce(Sum("amount_usd"), ZERO),
        total_expected_usd=Coalesce(Sum("expected_contract_usd"), ZERO),
    )


def _store_country_totals(reports):
    """The reports' consultations added up per buyer country (``ReportCountryTotal``),
    replacing what was stored before: three queries."""
    ReportCountryTotal.objects.filter(report__in=reports).delete()
    ReportCountryTotal.objects.bulk_create(
        (
            ReportCountryTotal(
                report_id=row["report"],
                buyer_country=row["buyer_country"],
                consultations=row["n"],
                amount_usd=row["amount"],
                expected_usd=row["expected"],
            )
            for row in Consultation.objects.filter(report__in=reports)
            .values("report", "buyer_country")
            .annotate(
                n=Count("pk"), amount=Sum("amount_usd"), expected=Sum("expected_contract_usd")
            )
            .order_by()
        ),
        batch_size=500,
    )


def store_totals(reports):
    """Store each report's consultation totals on it (``OutcomeReport.total_*``): one query
    for the sums, one bulk update. Used by scripts that write approved reports in bulk
    (``report_approve`` stores them for the report it approves)."""
    reports = list(reports)
    sums = {
        row["report"]: row
        for row in Consultation.objects.filter(report__in=reports)
        .values("report")
        .annotate(
            total_consultations=Count("pk"),
            total_amount_usd=Sum("amount_usd"),
            total_expected_usd=Sum("expected_contract_usd"),
        )
        .order_by()
    }
    for report in reports:
        row = sums.get(report.pk, {})
        for name in TOTAL_FIELDS:
            setattr(report, name, row.get(name) or (0 if name == "total_consultations" else ZERO))
    OutcomeReport.objects.bulk_update(reports, TOTAL_FIELDS, batch_size=500)
    _store_country_totals(reports)
    return reports


@transaction.atomic
def report_approve(*, report, user, now=None):
    locked = _locked(report)
    locked.approved_at, locked.approved_by = now or timezone.now(), user
    # The totals the pavilion's figures add up; the report cannot change while approved.
    for name, value in _consultation_sums(locked.consultations.all()).items():
        setattr(locked, name, value)
    _store_country_totals([locked])
    _move(locked, R.APPROVED, user=user, extra_fields=["approved_at", "approved_by", *TOTAL_FIELDS])
    return _copy(locked, report, ["approved_at", "approved_by", *TOTAL_FIELDS])


@transaction.atomic
def report_return(*, report, user, comment):
    locked = _locked(report)
    _check_move(locked, R.RETURNED)
    comment = (comment or "").strip()
    if not comment:
        raise ReportError(_("Tell the exhibitor what to change."))
    locked.staff_comment = comment
    locked.approved_at, locked.approved_by = None, None
    _move(
        locked,
        R.RETURNED,
        user=user,
        extra_fields=["staff_comment", "approved_at", "approved_by"],
    )
    return _copy(locked, report, ["staff_comment", "approved_at", "approved_by"])


# The figures ----------------------------------------------------------------------------------


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
    previous: "Figures | None" = None
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


def _empty_figures(pavilion):
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


def _totals(pavilions, *, consultations=True):
    """The totals of each pavilion over its approved reports, by pavilion id: four queries
    (three without ``consultations``) whatever the number of pavilions and rows. Also returns
    the MOUs and on-site contracts per exhibitor, for the tables."""
    ids = [p.pk for p in pavilions]
    figures = {p.pk: _empty_figures(p) for p in pavilions}
    approved = Q(report__status=R.APPROVED, report__exhibitor__pavilion__in=ids)
    for row in (
        Exhibitor.objects.filter(pavilion__in=ids)
        .values("pavilion")
        .annotate(
            companies=Count("pk", filter=Q(role=ExhibitorRole.COMPANY)),
            co=Count("pk", filter=Q(role=ExhibitorRole.CO_EXHIBITOR)),
            approved=Count("pk", filter=Q(report__status=R.APPROVED)),
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
            OutcomeReport.objects.filter(status=R.APPROVED, exhibitor__pavilion__in=ids)
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


def previous_pavilion(pavilion):
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


def _themed_exhibitors(pavilion):
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


def _tables(figures, per_exhibitor):
    """The pavilion's totals of consultations and its tables per exhibitor, buyer country and
    theme, from the per-country totals its approved reports stored when approved (one query;
    the groups are added up here) and one query for the exhibitors and their themes."""
    pavilion = figures.pavilion
    # Each approved report's consultations per buyer country, added up when it was approved
    # (``ReportCountryTotal``): a few rows per report instead of every consultation.
    groups = (
        ReportCountryTotal.objects.filter(
            report__status=R.APPROVED, report__exhibitor__pavilion=pavilion
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
        agreed = exhibitor.report_status == R.APPROVED and exhibitor.publish_amounts
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


def pavilion_figures(pavilion, *, tables=False):
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


def _consultation_totals(pavilion):
    """The consultation totals of the pavilion's approved reports, from the totals stored on
    each report: one query over the reports, not their consultations."""
    row = OutcomeReport.objects.filter(status=R.APPROVED, exhibitor__pavilion=pavilion).aggregate(
        n=Coalesce(Sum("total_consultations"), 0),
        amount=Coalesce(Sum("total_amount_usd"), ZERO),
        expected=Coalesce(Sum("total_expected_usd"), ZERO),
    )
    return row["n"], row["amount"], row["expected"]


def series_figures(series):
    """Every edition of a series with its consultations and amount (for the chart): one
    query (the totals stored on the approved reports, added up per pavilion)."""
    approved = Q(exhibitors__report__status=R.APPROVED)
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


# The press summary ----------------------------------------------------------------------------


def _round(value, places):
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trim(value):
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


def _in_units(amount, units):
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


def usd_korean(amount):
    """3150000 -> "315만 달러"; 9500 -> "9,500 달러"."""
    text, unit = _in_units(amount, USD_KO_UNITS)
    return f"{text}{unit} 달러"


def krw_korean(amount):
    """4400550000 -> "44억 원"; 13970000 -> "1397만 원"; 5000 -> "5,000 원"."""
    text, unit = _in_units(amount, KRW_KO_UNITS)
    return f"{text}{unit} 원"


def usd_english(amount):
    """3150000 -> "USD 3.15 million"; 9500 -> "USD 9,500"."""
    text, unit = _in_units(amount, USD_EN_UNITS)
    return f"USD {text}{unit}"


def krw_english(amount):
    """4400550000 -> "KRW 4.4 billion"; 13970000 -> "KRW 14 million"."""
    text, unit = _in_units(amount, KRW_EN_UNITS)
    return f"KRW {text}{unit}"


def _year_on_year(figures):
    """(consultations delta, amount ratio to one decimal, exact ratio), or None when there is
    nothing to compare with. The one-decimal ratio is rounded from the exact one, not from
    the two-decimal :attr:`Figures.amount_ratio` (1.449 is "1.4", not "1.5")."""
    exact = figures._exact_ratio()
    if exact is None:
        return None
    return figures.consultations_delta, _round(exact, 1), exact


def summary_ko(figures):
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


def summary_en(figures):
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


def report_json(figures):
    """The figures as ``pavilion_report --format json`` prints them (amounts as strings)."""
    previous = figures.previous
    return {
        "event": figures.event.slug,
        "exhibitors": figures.exhibitors,
        "consultations": figures.consultations,
        "consultation_amount_usd": str(_round(figures.consultation_amount_usd, 0)),
        "consultation_amount_krw": str(figures.consultation_amount_krw),
        "expected_contract_usd": str(_round(figures.expected_contract_usd, 0)),
        "onsite_contracts": figures.onsite_contracts,
        "onsite_contract_usd": str(_round(figures.onsite_contract_usd, 0)),
        "mous": figures.mous,
        "previous_event": previous.event.slug if previous else None,
        "yoy": {
            "consultations_delta": figures.consultations_delta,
            "amount_ratio": str(figures.amount_ratio) if figures.amount_ratio is not None else None,
        },
        "summary_ko": summary_ko(figures),
        "summary_en": summary_en(figures),
    }


def report_text(figures):
    """The figures as a short plain-text report."""
    data = report_json(figures)
    yoy = data["yoy"]
    lines = [
        f"{figures.event.name_en} · {figures.pavilion.name_en}",
        f"  exhibitors (companies)      {data['exhibitors']}",
        f"  co-exhibitors               {figures.co_exhibitors}",
        f"  consultations               {data['consultations']}",
        f"  consultation amount (USD)   {data['consultation_amount_usd']}",
        f"  consultation amount (KRW)   {data['consultation_amount_krw']}"
        f"  (at {figures.event.usd_krw_rate} KRW/USD)",
        f"  expected contracts (USD)    {data['expected_contract_usd']}",
        f"  on-site contracts           {data['onsite_contracts']}"
        f" (USD {data['onsite_contract_usd']})",
        f"  MOUs                        {data['mous']}",
    ]
    if data["previous_event"]:
        lines.append(
            f"  vs {data['previous_event']}: consultations {yoy['consultations_delta']:+d}, "
            # no ratio when the previous edition's amount was 0
            f"amount x{yoy['amount_ratio'] or '-'}"
        )
    lines += ["", data["summary_ko"], "", data["summary_en"]]
    return "\n".join(lines)


#: Number formats of the workbooks' cells.
COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0"
RATE_FORMAT = "#,##0.00"
RATIO_FORMAT = "0.00"
DELTA_FORMAT = "+#,##0;-#,##0;0"
WHEN_FORMAT = "yyyy-mm-dd hh:mm"


def _write_row(sheet, values, formats=None):
    """Append a row: numbers stay numbers with their number format (``formats``, by column),
    text is a text cell, never a formula (what Excel would run as one is marked as text with
    the cell's quote prefix, the apostrophe not written into the value)."""
    sheet.append(list(values))
    for column, cell in enumerate(sheet[sheet.max_row], start=1):
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
        elif cell.value is not None and formats and formats[column - 1]:
            cell.number_format = formats[column - 1]


def _sheet(book, title, headers, rows, formats):
    sheet = book.create_sheet(str(title)[:31])
    _write_row(sheet, [str(header) for header in headers])
    sheet.freeze_panes = "A2"
    for values in rows:
        _write_row(sheet, values, formats)
    sheet.column_dimensions["A"].width = 40
    return sheet


def _totals_rows(*, event_name, totals, previous_name, delta, ratio, summary_ko, summary_en):
    """The Totals sheet's rows: (label, value, number format), labels in the active language."""
    return [
        (pgettext("workbook", "Event"), event_name, None),
        (_("Exhibitors (companies)"), totals["exhibitors"], COUNT_FORMAT),
        (_("Co-exhibitors"), totals["co_exhibitors"], COUNT_FORMAT),
        (_("Approved reports"), totals["reports_approved"], COUNT_FORMAT),
        (_("Export consultations"), totals["consultations"], COUNT_FORMAT),
        (_("Consultation amount (USD)"), totals["consultation_amount_usd"], MONEY_FORMAT),
        (_("Consultation amount (KRW)"), totals["consultation_amount_krw"], MONEY_FORMAT),
        (_("USD to KRW rate"), totals["usd_krw_rate"], RATE_FORMAT),
        (_("Expected contracts (USD)"), totals["expected_contract_usd"], MONEY_FORMAT),
        (_("Contracts signed on site"), totals["onsite_contracts"], COUNT_FORMAT),
        (_("Contracts signed on site (USD)"), totals["onsite_contract_usd"], MONEY_FORMAT),
        (_("MOUs signed"), totals["mous"], COUNT_FORMAT),
        (_("Previous edition"), previous_name, None),
        (_("Consultations compared with the previous edition"), delta, DELTA_FORMAT),
        (_("Amount compared with the previous edition (ratio)"), ratio, RATIO_FORMAT),
        (_("Press summary (Korean)"), summary_ko, None),
        (_("Press summary (English)"), summary_en, None),
    ]


def _totals_sheet(book, rows):
    sheet = book.active
    sheet.title = str(pgettext("workbook", "Totals"))[:31]
    _write_row(sheet, [str(pgettext("workbook", "Figure")), str(pgettext("workbook", "Value"))])
    for label, value, number_format in rows:
        _write_row(sheet, [str(label), value], [None, number_format])
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 20
    return sheet


def _workbook_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def figures_xlsx(figures):
    """The dashboard's figures as a workbook, headers and labels in the active language:
    totals, per exhibitor, per buyer country, per theme. Counts and amounts are numbers with
    number formats; text cells are never formulas."""
    event, previous = figures.event, figures.previous
    book = Workbook()
    _totals_sheet(
        book,
        _totals_rows(
            event_name=event.name,
            totals={
                "exhibitors": figures.exhibitors,
                "co_exhibitors": figures.co_exhibitors,
                "reports_approved": figures.reports_approved,
                "consultations": figures.consultations,
                "consultation_amount_usd": figures.consultation_amount_usd,
                "consultation_amount_krw": figures.consultation_amount_krw,
                "usd_krw_rate": event.usd_krw_rate,
                "expected_contract_usd": figures.expected_contract_usd,
                "onsite_contracts": figures.onsite_contracts,
                "onsite_contract_usd": figures.onsite_contract_usd,
                "mous": figures.mous,
            },
            previous_name=previous.event.name if previous else None,
            delta=figures.consultations_delta,
            ratio=figures.amount_ratio,
            summary_ko=summary_ko(figures),
            summary_en=summary_en(figures),
        ),
    )
    korean = content_language() == "ko"
    _sheet(
        book,
        pgettext("workbook", "Exhibitors"),
        [
            _("Exhibitor"),
            _("Theme"),
            _("consultations"),
            _("amount (USD)"),
            _("expected contract amount (USD)"),
            _("MOUs"),
            _("contracts signed on site"),
            _("contracts signed on site (USD)"),
        ],
        (
            [
                row["exhibitor"].company.name,
                (row["exhibitor"].theme_ko if korean else None) or row["theme"],
                row["consultations"],
                row["amount_usd"],
                row["expected_usd"],
                row["mous"],
                row["contracts"],
                row["contract_usd"],
            ]
            for row in figures.by_exhibitor
        ),
        [
            None,
            None,
            COUNT_FORMAT,
            MONEY_FORMAT,
            MONEY_FORMAT,
            COUNT_FORMAT,
            COUNT_FORMAT,
            MONEY_FORMAT,
        ],
    )
    _sheet(
        book,
        pgettext("workbook", "Buyer countries"),
        [
            _("country"),
            _("ISO code"),
            _("consultations"),
            _("amount (USD)"),
            _("expected contract amount (USD)"),
        ],
        (
            [
                countries.name(row["buyer_country"]) or row["buyer_country"],
                row["buyer_country"],
                row["n"],
                row["amount"],
                row["expected"],
            ]
            for row in figures.by_country
        ),
        [None, None, COUNT_FORMAT, MONEY_FORMAT, MONEY_FORMAT],
    )
    _sheet(
        book,
        pgettext("workbook", "Themes"),
        [
            _("Theme"),
            _("exhibitors"),
            _("consultations"),
            _("amount (USD)"),
            _("expected contract amount (USD)"),
        ],
        (
            [
                localized(row["theme_ko"], row["theme"]) or "—",
                row["exhibitors"],
                row["n"],
                row["amount"],
                row["expected"],
            ]
            for row in figures.by_theme
        ),
        [None, COUNT_FORMAT, COUNT_FORMAT, MONEY_FORMAT, MONEY_FORMAT],
    )
    return _workbook_bytes(book)


# Published figures ----------------------------------------------------------------------------
#
# Publishing freezes what the public results page shows: the totals, its tables and both press
# summaries, with who and when (``FiguresPublication``). Reports approved later move the live
# figures (the dashboard), never the published ones, until staff publish a revision; a
# withdrawal is recorded too.


class FiguresError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _money(value, places=2):
    """An amount as the decimal string a publication stores (None stays None)."""
    return None if value is None else str(_round(value, places))


def figures_snapshot(figures):
    """What a publication freezes of ``figures`` (:func:`pavilion_figures` with ``tables``),
    as JSON: amounts are decimal strings, never floats (:class:`FrozenFigures` reads them
    back as Decimals)."""
    data = report_json(figures)
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


def _decimal(value):
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

    def report_json(self):
        """The same keys and rounding as :func:`report_json` (the figures as published)."""
        ratio = self.amount_ratio
        return {
            "event": self.event_slug,
            "exhibitors": self.exhibitors,
            "consultations": self.consultations,
            "consultation_amount_usd": str(_round(self.consultation_amount_usd, 0)),
            "consultation_amount_krw": str(_round(self.consultation_amount_krw, 0)),
            "expected_contract_usd": str(_round(self.expected_contract_usd, 0)),
            "onsite_contracts": self.onsite_contracts,
            "onsite_contract_usd": str(_round(self.onsite_contract_usd, 0)),
            "mous": self.mous,
            "previous_event": self.previous["event"] if self.previous else None,
            "yoy": {
                "consultations_delta": self.consultations_delta,
                "amount_ratio": None if ratio is None else str(ratio),
            },
            "summary_ko": self.summary_ko,
            "summary_en": self.summary_en,
        }

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


def latest_publication(pavilion):
    """The pavilion's latest publication log entry (figures or withdrawal), or None: one
    query."""
    return (
        FiguresPublication.objects.filter(pavilion=pavilion)
        .select_related("published_by")
        .order_by("-version")
        .first()
    )


def published_figures(pavilion):
    """The figures the public results page shows (:class:`FrozenFigures`), or None when the
    page is not published: one query."""
    latest = latest_publication(pavilion)
    if latest is None or latest.kind == PublicationKind.WITHDRAWAL:
        return None
    latest.pavilion = pavilion
    return FrozenFigures(latest)


def figures_differences(published, snapshot):
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


def _log(pavilion, latest, *, kind, user, now, figures):
    return FiguresPublication.objects.create(
        pavilion=pavilion,
        version=1 if latest is None else latest.version + 1,
        kind=kind,
        published_at=now,
        published_by=user,
        figures=figures,
    )


@transaction.atomic
def figures_publish(*, pavilion, user, revise=False, now=None):
    """Publish the pavilion's results page with its figures as they are now (frozen), or,
    with ``revise``, publish the revised figures of a page already published. Recorded as a
    new version of the pavilion's publication log; the public page shows the latest."""
    now = now or timezone.now()
    locked = pavilion_lock(pavilion.pk)
    published = locked.results_published_at is not None
    if locked.event.ends_on >= timezone.localdate(now):
        raise FiguresError(
            _("%(pavilion)s: the expo is not over yet; its results cannot be published.")
            % {"pavilion": locked}
        )
    if published and not revise:
        raise FiguresError(
            _(
                "%(pavilion)s: the results page is published already; publish revised figures "
                "from the outcome dashboard."
            )
            % {"pavilion": locked}
        )
    if revise and not published:
        raise FiguresError(
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
        raise FiguresError(
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
def figures_withdraw(*, pavilion, user, now=None):
    """Withdraw the pavilion's results page (recorded in its publication log)."""
    now = now or timezone.now()
    locked = pavilion_lock(pavilion.pk)
    if locked.results_published_at is None:
        raise FiguresError(
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


def published_json(published):
    """``pavilion_report --published --format json``: :meth:`FrozenFigures.report_json` and
    which publication it is."""
    return {**published.report_json(), "publication": published.publication_json()}


def published_text(published):
    """``pavilion_report --published``: the published figures as a short plain-text report."""
    data = published.report_json()
    info = published.publication_json()
    lines = [
        f"{published.event_slug} · published figures, version {info['version']} "
        f"({info['kind']}, {info['published_at']})",
        f"  exhibitors (companies)      {data['exhibitors']}",
        f"  co-exhibitors               {published.co_exhibitors}",
        f"  consultations               {data['consultations']}",
        f"  consultation amount (USD)   {data['consultation_amount_usd']}",
        f"  consultation amount (KRW)   {data['consultation_amount_krw']}"
        f"  (at {published.usd_krw_rate} KRW/USD)",
        f"  expected contracts (USD)    {data['expected_contract_usd']}",
        f"  on-site contracts           {data['onsite_contracts']}"
        f" (USD {data['onsite_contract_usd']})",
        f"  MOUs                        {data['mous']}",
    ]
    if data["previous_event"]:
        yoy = data["yoy"]
        lines.append(
            f"  vs {data['previous_event']}: consultations {yoy['consultations_delta']:+d}, "
            f"amount x{yoy['amount_ratio'] or '-'}"
        )
    lines += ["", data["summary_ko"], "", data["summary_en"]]
    return "\n".join(lines)


def published_xlsx(published):
    """The published figures as a workbook (as :func:`figures_xlsx`): totals with the
    publication's version and date, and the tables the results page shows."""
    previous = published.previous
    book = Workbook()
    rows = _totals_rows(
        event_name=published.publication.pavilion.event.name,
        totals=published.totals,
        previous_name=localized(previous["name_ko"], previous["name_en"]) if previous else None,
        delta=published.consultations_delta,
        ratio=published.amount_ratio,
        summary_ko=published.summary_ko,
        summary_en=published.summary_en,
    )
    publication = published.publication
    rows[1:1] = [
        (pgettext("workbook", "Version"), publication.version, COUNT_FORMAT),
        (
            publication.get_kind_display(),
            timezone.localtime(publication.published_at).replace(tzinfo=None),
            WHEN_FORMAT,
        ),
    ]
    _totals_sheet(book, rows)
    _sheet(
        book,
        pgettext("workbook", "Exhibitors"),
        [_("Exhibitor"), _("Product"), _("Theme"), _("amount (USD)")],
        (
            [
                localized(row["name_ko"], row["name_en"]),
                localized(row["product_ko"], row["product_en"]),
                localized(row["theme_ko"], row["theme_en"]),
                row["amount_usd"],
            ]
            for row in published.exhibitors_listed
        ),
        [None, None, None, MONEY_FORMAT],
    )
    _sheet(
        book,
        _("MOUs by partner country"),
        [_("country"), _("ISO code"), _("MOUs")],
        (
            [countries.name(row["country"]) or row["country"], row["country"], row["n"]]
            for row in published.mous_by_country
        ),
        [None, None, COUNT_FORMAT],
    )
    return _workbook_bytes(book)


def report_period(pavilion):
    """The dates a report's rows may carry: from the expo's first day to a year after its
    last (the follow-ups at 3, 6 and 12 months)."""
    event = pavilion.event
    return event.starts_on, event.ends_on + datetime.timedelta(days=FOLLOW_UP_PERIOD_DAYS)


def date_problem(pavilion, date):
    """A message if ``date`` lies outside the report period, else None."""
    first, last = report_period(pavilion)
    if date is not None and not first <= date <= last:
        return _(
            "The date must lie between %(first)s and %(last)s (the expo and the year after)."
        ) % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
    return None


# The exhibitor's side: what it may do with its report -----------------------------------------


def open_problem(exhibitor, now=None):
    """A message if the exhibitor's report is not open yet (before the expo), else None."""
    if can_open(exhibitor, now):
        return None
    return _("The outcome report opens when the expo starts, on %(date)s.") % {
        "date": exhibitor.pavilion.event.starts_on.isoformat()
    }


def edit_problem(report):
    """A message if the exhibitor may not change ``report`` (submitted or approved), else
    None."""
    if report.status == R.APPROVED:
        return _("This report is approved and can no longer be changed.")
    if report.status == R.SUBMITTED:
        return _(
            "This report is submitted: it can be changed again only if the foundation returns it."
        )
    return None


def reports_for(exhibitors):
    """{exhibitor id: its report} for several exhibitors, as :func:`report_for`: one query for
    the reports opened already, one bulk insert (with their audit trail) for the others; if
    one of those was opened meanwhile by someone else, they are opened one by one."""
    exhibitors = list(exhibitors)
    reports = {
        report.exhibitor_id: report
        for report in OutcomeReport.objects.filter(exhibitor__in=exhibitors)
    }
    missing = [exhibitor for exhibitor in exhibitors if exhibitor.pk not in reports]
    if missing:
        try:
            with transaction.atomic():
                opened = bulk_create_with_history(
                    [OutcomeReport(exhibitor=exhibitor) for exhibitor in missing],
                    OutcomeReport,
                    default_change_reason=current_reason(),
                )
        except IntegrityError:
            opened = [report_for(exhibitor) for exhibitor in missing]
        reports.update((report.exhibitor_id, report) for report in opened)
    for exhibitor in exhibitors:
        reports[exhibitor.pk].exhibitor = exhibitor
    return reports


def reports_lock_for_edit(reports):
    """:func:`report_lock_for_edit` for several reports in one query, locked in the order of
    their ids (so that two imports naming the same reports cannot deadlock): {report id: the
    message if the exhibitor may no longer change it, else None}."""
    reports = list(reports)
    if not reports:
        return {}
    locked = {
        row.pk: row
        for row in OutcomeReport.objects.select_for_update()
        .filter(pk__in=[report.pk for report in reports])
        .order_by("pk")
    }
    problems = {}
    for report in reports:
        problems[report.pk] = edit_problem(locked[report.pk])
        if problems[report.pk]:
            report.status = locked[report.pk].status
    return problems


def report_lock_for_edit(report):
    """Lock the report's row until the end of the current transaction and check that the
    exhibitor may still change it (raises :class:`ReportError`): whatever is written after
    this in the same transaction cannot land in a report that staff approved meanwhile."""
    locked = _locked(report)
    problem = edit_problem(locked)
    if problem:
        report.status = locked.status
        raise ReportError(problem)
    return locked


@transaction.atomic
def report_save(*, report, form, formsets, user):
    """Save what the exhibitor typed — the report's own fields (``form``, a ModelForm of the
    report) and every row formset — all together, if the report may still be changed.
    Only the form's fields are written, so a stale page cannot bring back an old status or
    comment."""
    report_lock_for_edit(report)
    form.save(commit=False)
    with audit(user=user):
        report.save(update_fields=[*form.fields, "updated_at"])
        for formset in formsets:
            formset.save()
    return report


# The consultations of one report, page by page ------------------------------------------------

#: Consultations a page of the report (the exhibitor's page and the admin's).
CONSULTATIONS_PER_PAGE = 50


def report_consultations(report, *, query=""):
    """The report's consultations in their order (date, then entry), those matching ``query``
    only if one is given: its words in the buyer, the product or the note, or a buyer country
    whose code or name (in the reader's language) contains it."""
    consultations = Consultation.objects.filter(report=report).order_by("met_on", "pk")
    query = " ".join(query.split())[:100]
    if not query:
        return consultations
    wanted = query.casefold()
    codes = [
        code
        for code, name in countries
        if wanted == code.casefold() or (len(wanted) > 2 and wanted in str(name).casefold())
    ]
    return consultations.filter(
        Q(buyer_organisation__icontains=query)
        | Q(product__icontains=query)
        | Q(note__icontains=query)
        | Q(buyer_country__in=codes)
    )


@transaction.atomic
def consultation_save(*, report, form, user):
    """Save one consultation of ``report`` (``form``, a ModelForm of the row, new or saved), if
    the exhibitor may still change the report."""
    report_lock_for_edit(report)
    consultation = form.save(commit=False)
    if consultation.report_id != report.pk:
        raise ReportError(_("This consultation belongs to another report."))
    with audit(user=user):
        consultation.save()
        report.save(update_fields=["updated_at"])
    return consultation


@transaction.atomic
def consultation_delete(*, report, consultation, user):
    """Remove one consultation from ``report``, if the exhibitor may still change the report."""
    report_lock_for_edit(report)
    if consultation.report_id != report.pk:
        raise ReportError(_("This consultation belongs to another report."))
    with audit(user=user):
        consultation.delete()
        report.save(update_fields=["updated_at"])

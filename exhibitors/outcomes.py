"""Outcome reports: filing, review by staff, and the figures the foundation publishes.

Pavilion totals are always the sum of the approved reports, computed by the database in a
fixed number of queries (:func:`pavilion_figures`); nothing is typed in twice. The press
summary is written from those figures, in Korean and in English.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from events.models import Event, Pavilion
from portal.spreadsheets import neutralise_formula

from .models import (
    REPORT_EDITABLE_STATES,
    REPORT_TRANSITIONS,
    Consultation,
    Exhibitor,
    ExhibitorRole,
    Mou,
    OnSiteContract,
    OutcomeReport,
    ReportStatus,
)

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


def _move(report, to_status, *, extra_fields=()):
    if to_status not in REPORT_TRANSITIONS[R(report.status)]:
        raise ReportError(
            _("A report that is “%(from)s” cannot become “%(to)s”.")
            % {"from": R(report.status).label, "to": R(to_status).label}
        )
    report.status = to_status
    report.save(update_fields=["status", "updated_at", *extra_fields])
    return report


def _locked(report):
    return OutcomeReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_submit(*, report, user, now=None):
    locked = _locked(report)
    if (
        not locked.consultations.exists()
        and not locked.mous.exists()
        and not (locked.contracts.exists())
    ):
        raise ReportError(_("Add at least one consultation, MOU or contract before submitting."))
    locked.submitted_at = now or timezone.now()
    _move(locked, R.SUBMITTED, extra_fields=["submitted_at"])
    report.status, report.submitted_at = locked.status, locked.submitted_at
    return report


@transaction.atomic
def report_approve(*, report, user, now=None):
    locked = _locked(report)
    locked.approved_at, locked.approved_by = now or timezone.now(), user
    _move(locked, R.APPROVED, extra_fields=["approved_at", "approved_by"])
    report.status = locked.status
    return report


@transaction.atomic
def report_return(*, report, user, comment):
    if not comment.strip():
        raise ReportError(_("Tell the exhibitor what to change."))
    locked = _locked(report)
    locked.staff_comment = comment.strip()
    locked.approved_at, locked.approved_by = None, None
    _move(locked, R.RETURNED, extra_fields=["staff_comment", "approved_at", "approved_by"])
    report.status = locked.status
    return report


# The figures ----------------------------------------------------------------------------------


def _approved(prefix=""):
    return Q(**{f"{prefix}status": R.APPROVED})


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
        if self.previous is None or not self.previous.consultation_amount_usd:
            return None
        return (self.consultation_amount_usd / self.previous.consultation_amount_usd).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def _totals(pavilion):
    """The pavilion's totals over its approved reports: four queries."""
    approved = Q(report__status=R.APPROVED, report__exhibitor__pavilion=pavilion)
    consultations = Consultation.objects.filter(approved).aggregate(
        n=Count("pk"),
        amount=Coalesce(Sum("amount_usd"), ZERO),
        expected=Coalesce(Sum("expected_contract_usd"), ZERO),
    )
    contracts = OnSiteContract.objects.filter(approved).aggregate(
        n=Count("pk"), amount=Coalesce(Sum("amount_usd"), ZERO)
    )
    mous = Mou.objects.filter(approved).count()
    exhibitors = Exhibitor.objects.filter(pavilion=pavilion).aggregate(
        companies=Count("pk", filter=Q(role=ExhibitorRole.COMPANY)),
        co=Count("pk", filter=Q(role=ExhibitorRole.CO_EXHIBITOR)),
        approved=Count("pk", filter=Q(report__status=R.APPROVED)),
    )
    return Figures(
        pavilion=pavilion,
        exhibitors=exhibitors["companies"],
        co_exhibitors=exhibitors["co"],
        reports_approved=exhibitors["approved"],
        consultations=consultations["n"],
        consultation_amount_usd=consultations["amount"],
        expected_contract_usd=consultations["expected"],
        onsite_contracts=contracts["n"],
        onsite_contract_usd=contracts["amount"],
        mous=mous,
    )


def previous_pavilion(pavilion):
    """The same pavilion at the previous edition of the series, or None."""
    event = pavilion.event
    previous = (
        Event.objects.filter(series_id=event.series_id, starts_on__lt=event.starts_on)
        .order_by("-starts_on")
        .first()
    )
    if previous is None:
        return None
    return Pavilion.objects.with_event().filter(event=previous, slug=pavilion.slug).first()


def pavilion_figures(pavilion, *, tables=False):
    """The figures of a pavilion and of its previous edition; with ``tables``, the tables per
    exhibitor, buyer country and theme too. A fixed number of queries whatever the rows."""
    figures = _totals(pavilion)
    previous = previous_pavilion(pavilion)
    if previous is not None:
        figures.previous = _totals(previous)
    if tables:
        approved = Q(report__status=R.APPROVED, report__exhibitor__pavilion=pavilion)
        per_exhibitor = {
            row["report__exhibitor"]: row
            for row in Consultation.objects.filter(approved)
            .values("report__exhibitor")
            .annotate(
                n=Count("pk"), amount=Sum("amount_usd"), expected=Sum("expected_contract_usd")
            )
        }
        mous = dict(
            Mou.objects.filter(approved)
            .values("report__exhibitor")
            .annotate(n=Count("pk"))
            .values_list("report__exhibitor", "n")
        )
        for exhibitor in Exhibitor.objects.filter(pavilion=pavilion).select_related("company"):
            row = per_exhibitor.get(exhibitor.pk, {})
            figures.by_exhibitor.append(
                {
                    "exhibitor": exhibitor,
                    "consultations": row.get("n", 0),
                    "amount_usd": row.get("amount") or ZERO,
                    "expected_usd": row.get("expected") or ZERO,
                    "mous": mous.get(exhibitor.pk, 0),
                }
            )
        figures.by_exhibitor.sort(key=lambda r: (-r["amount_usd"], -r["consultations"]))
        figures.by_country = list(
            Consultation.objects.filter(approved)
            .values("buyer_country")
            .annotate(n=Count("pk"), amount=Sum("amount_usd"))
            .order_by("-n", "buyer_country")
        )
        figures.by_theme = list(
            Consultation.objects.filter(
                approved,
                report__exhibitor__company__applications__pavilion=pavilion,
            )
            .values(theme=F("report__exhibitor__company__applications__theme__name_en"))
            .annotate(n=Count("pk"), amount=Sum("amount_usd"))
            .order_by("-amount")
        )
    return figures


def series_figures(series):
    """Every edition of a series with its consultations and amount (for the chart): two
    queries."""
    pavilions = list(
        Pavilion.objects.filter(event__series=series)
        .select_related("event")
        .order_by("event__starts_on")
    )
    rows = {
        row["report__exhibitor__pavilion"]: row
        for row in Consultation.objects.filter(
            report__status=R.APPROVED, report__exhibitor__pavilion__in=pavilions
        )
        .values("report__exhibitor__pavilion")
        .annotate(n=Count("pk"), amount=Sum("amount_usd"))
    }
    return [
        {
            "pavilion": p,
            "label": f"{p.event.name_en}",
            "consultations": rows.get(p.pk, {}).get("n", 0),
            "amount_usd": rows.get(p.pk, {}).get("amount") or ZERO,
        }
        for p in pavilions
    ]


# The press summary ----------------------------------------------------------------------------


def _round(value, places):
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trim(value):
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd_korean(amount):
    """3150000 -> "315만 달러"."""
    if amount >= 10_000:
        return f"{_trim(_round(amount / 10_000, 0)):s}만 달러"
    return f"{_trim(_round(amount, 0))} 달러"


def krw_korean(amount):
    """4400550000 -> "44억 원"."""
    if amount >= 100_000_000:
        return f"{_trim(_round(amount / 100_000_000, 0))}억 원"
    return f"{_trim(_round(amount / 10_000, 0))}만 원"


def usd_english(amount):
    """3150000 -> "USD 3.15 million"."""
    if amount >= 1_000_000:
        return f"USD {_trim(_round(amount / 1_000_000, 2))} million"
    return f"USD {int(_round(amount, 0)):,}"


def krw_english(amount):
    """4400550000 -> "KRW 4.4 billion"."""
    if amount >= 1_000_000_000:
        return f"KRW {_trim(_round(amount / 1_000_000_000, 1))} billion"
    return f"KRW {_trim(_round(amount / 1_000_000, 0))} million"


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
    if figures.previous is not None and figures.amount_ratio is not None:
        delta = figures.consultations_delta
        change = f"{delta}건 늘고" if delta >= 0 else f"{-delta}건 줄고"
        ratio = _trim(_round(figures.amount_ratio, 1))
        text += f" 작년보다 상담 건수가 {change} 상담 금액은 {ratio}배 증가했다."
    return text


def summary_en(figures):
    event, pavilion = figures.event, figures.pavilion
    text = (
        f"At {event.name_en}, the {figures.exhibitors} companies of the {pavilion.name_en} held "
        f"{figures.consultations:,} export consultations worth "
        f"{usd_english(figures.consultation_amount_usd)} "
        f"(about {krw_english(figures.consultation_amount_krw)})."
    )
    if figures.mous:
        mous = "1 MOU was" if figures.mous == 1 else f"{figures.mous} MOUs were"
        text += f" {mous} signed during the expo."
    if figures.previous is not None and figures.amount_ratio is not None:
        delta = figures.consultations_delta
        more = f"{delta} more" if delta >= 0 else f"{-delta} fewer"
        ratio = _trim(_round(figures.amount_ratio, 1))
        text += f" That is {more} consultations than last year, and {ratio} times the amount."
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
            f"amount x{yoy['amount_ratio']}"
        )
    lines += ["", data["summary_ko"], "", data["summary_en"]]
    return "\n".join(lines)


def figures_xlsx(figures):
    """The figures as a workbook: totals, per exhibitor, per buyer country, per theme (text
    cells neutralised against formulas)."""
    data = report_json(figures)
    book = Workbook()
    sheet = book.active
    sheet.title = "Totals"
    for key, value in data.items():
        if key == "yoy":
            for sub, subvalue in value.items():
                sheet.append([f"yoy.{sub}", subvalue])
        else:
            sheet.append([key, neutralise_formula(value)])
    exhibitors = book.create_sheet("Exhibitors")
    exhibitors.append(["exhibitor", "consultations", "amount_usd", "expected_usd", "mous"])
    for row in figures.by_exhibitor:
        exhibitors.append(
            [
                neutralise_formula(row["exhibitor"].company.name_en),
                row["consultations"],
                row["amount_usd"],
                row["expected_usd"],
                row["mous"],
            ]
        )
    countries = book.create_sheet("Buyer countries")
    countries.append(["country", "consultations", "amount_usd"])
    for row in figures.by_country:
        countries.append([row["buyer_country"], row["n"], row["amount"]])
    themes = book.create_sheet("Themes")
    themes.append(["theme", "consultations", "amount_usd"])
    for row in figures.by_theme:
        themes.append([neutralise_formula(row["theme"] or "-"), row["n"], row["amount"]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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

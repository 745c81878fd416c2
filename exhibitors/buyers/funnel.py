"""The pavilion's funnel, from the first meeting request to the contracts: requested →
accepted → held → consultations → expected and on-site contracts, per exhibitor (every
exhibitor of the pavilion, zeros included) and per buyer country, with a total. Four queries
whatever the number of meetings, consultations and contracts.

What each step counts:

- requested: every meeting of the pavilion, whatever its status (staff-scheduled ones too);
- accepted: the meetings ever booked (accepted, held or no-show: :data:`BOOKED_STATUSES`);
- held: the meetings marked held;
- consultations, their amount and expected contracts: the consultation rows of the
  exhibitors' approved reports (the dashboard's rule, :func:`approved_q`); ``from_meetings``
  counts those made from a meeting, ``pending`` the rows of reports not approved yet;
- on-site contracts: the contracts of the approved reports.

Per country, a meeting counts under its buyer's country, a consultation under the
consultation's buyer country and an on-site contract under its partner's country.

The rates: accepted ÷ requested, held ÷ accepted, and held meetings that became a
consultation (approved rows made from a meeting ÷ held)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from events.models import Pavilion
from exhibitors.buyers.models import BOOKED_STATUSES, Meeting, MeetingStatus
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes.exports import COUNT_FORMAT, MONEY_FORMAT
from exhibitors.outcomes.models import Consultation, OnSiteContract, approved_q

ZERO = Decimal(0)
#: The number format of a rate in the workbook (the cell holds the fraction).
PERCENT_FORMAT = "0.0%"


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` ÷ ``whole`` as a percentage with one decimal; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class FunnelRow:
    """One row of the funnel: an exhibitor, a buyer country or the total."""

    label: str
    exhibitor: Exhibitor | None = None
    country: str = ""
    requested: int = 0
    accepted: int = 0
    held: int = 0
    consultations: int = 0
    from_meetings: int = 0
    amount_usd: Decimal = ZERO
    expected_usd: Decimal = ZERO
    contracts: int = 0
    contract_usd: Decimal = ZERO
    pending: int = 0

    @property
    def accepted_rate(self) -> Decimal | None:
        return rate(self.accepted, self.requested)

    @property
    def held_rate(self) -> Decimal | None:
        return rate(self.held, self.accepted)

    @property
    def consultation_rate(self) -> Decimal | None:
        """Held meetings that became a consultation row of an approved report."""
        return rate(self.from_meetings, self.held)

    def add(self, other: FunnelRow) -> None:
        for name in _SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))


_SUMMED = (
    "requested",
    "accepted",
    "held",
    "consultations",
    "from_meetings",
    "amount_usd",
    "expected_usd",
    "contracts",
    "contract_usd",
    "pending",
)


@dataclass
class Funnel:
    pavilion: Pavilion
    by_exhibitor: list[FunnelRow] = field(default_factory=list)
    by_country: list[FunnelRow] = field(default_factory=list)
    total: FunnelRow = field(default_factory=lambda: FunnelRow(label=""))


def _add(rows: dict, key, **values) -> None:
    row = rows.setdefault(key, {})
    for name, value in values.items():
        row[name] = row.get(name, 0) + value


def pavilion_funnel(pavilion: Pavilion) -> Funnel:
    """The funnel of ``pavilion`` (see the module's docstring): four queries."""
    per_exhibitor: dict[int, dict] = {}
    per_country: dict[str, dict] = {}
    meetings = (
        Meeting.objects.filter(pavilion=pavilion)
        .values("exhibitor", code=F("buyer__country"))
        .annotate(
            requested=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=BOOKED_STATUSES)),
            held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
        )
        .order_by()
    )
    for row in meetings:
        counts = {name: row[name] for name in ("requested", "accepted", "held")}
        _add(per_exhibitor, row["exhibitor"], **counts)
        _add(per_country, row["code"], **counts)
    approved = approved_q("report")
    consultations = (
        Consultation.objects.filter(report__exhibitor__pavilion=pavilion)
        .values("buyer_country", exhibitor=F("report__exhibitor"))
        .annotate(
            consultations=Count("pk", filter=approved),
            from_meetings=Count("pk", filter=approved & Q(meeting__isnull=False)),
            amount_usd=Coalesce(Sum("amount_usd", filter=approved), ZERO),
            expected_usd=Coalesce(Sum("expected_contract_usd", filter=approved), ZERO),
            pending=Count("pk", filter=~approved),
        )
        .order_by()
    )
    for row in consultations:
        sums = {
            name: row[name]
            for name in ("consultations", "from_meetings", "amount_usd", "expected_usd", "pending")
        }
        _add(per_exhibitor, row["exhibitor"], **sums)
        _add(per_country, row["buyer_country"], **sums)
    contracts = (
        OnSiteContract.objects.filter(approved, report__exhibitor__pavilion=pavilion)
        .values("country", exhibitor=F("report__exhibitor"))
        .annotate(contracts=Count("pk"), contract_usd=Sum("amount_usd"))
        .order_by()
    )
    for row in contracts:
        sums = {"contracts": row["contracts"], "contract_usd": row["contract_usd"]}
        _add(per_exhibitor, row["exhibitor"], **sums)
        _add(per_country, row["country"], **sums)

    funnel = Funnel(pavilion=pavilion, total=FunnelRow(label=_("Total")))
    for exhibitor in (
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("company")
        .order_by("role", "company__name_ko", "pk")
    ):
        row = FunnelRow(
            label=str(exhibitor.company),
            exhibitor=exhibitor,
            **per_exhibitor.get(exhibitor.pk, {}),
        )
        funnel.by_exhibitor.append(row)
        funnel.total.add(row)
    funnel.by_country = sorted(
        (
            FunnelRow(label=countries.name(code) or code, country=code, **sums)
            for code, sums in per_country.items()
        ),
        key=lambda row: (-row.requested, -row.consultations, row.country),
    )
    return funnel


# The funnel in the dashboard's workbook -------------------------------------------------------


def _sheet_rows(rows: Iterable[FunnelRow], *, with_code: bool):
    for row in rows:
        yield [
            row.label,
            *([row.country] if with_code else []),
            row.requested,
            row.accepted,
            _fraction(row.accepted_rate),
            row.held,
            _fraction(row.held_rate),
            row.consultations,
            row.from_meetings,
            _fraction(row.consultation_rate),
            row.amount_usd,
            row.expected_usd,
            row.contracts,
            row.contract_usd,
            row.pending,
        ]


def _fraction(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else percent / 100


def _headers() -> list[str]:
    return [
        pgettext("funnel", "requested"),
        pgettext("funnel", "accepted"),
        _("accepted ÷ requested"),
        pgettext("funnel", "held"),
        _("held ÷ accepted"),
        _("consultations"),
        _("consultations from meetings"),
        _("held meetings that became consultations"),
        _("amount (USD)"),
        _("expected contract amount (USD)"),
        _("contracts signed on site"),
        _("contracts signed on site (USD)"),
        _("consultations in reports not approved yet"),
    ]


_FORMATS = [
    COUNT_FORMAT,
    COUNT_FORMAT,
    PERCENT_FORMAT,
    COUNT_FORMAT,
    PERCENT_FORMAT,
    COUNT_FORMAT,
    COUNT_FORMAT,
    PERCENT_FORMAT,
    MONEY_FORMAT,
    MONEY_FORMAT,
    COUNT_FORMAT,
    MONEY_FORMAT,
    COUNT_FORMAT,
]


def funnel_sheets(pavilion: Pavilion) -> list[tuple]:
    """The funnel as two sheets of the dashboard's workbook (per exhibitor and per buyer
    country, each with its total row): ``(title, headers, rows, number formats)``."""
    funnel = pavilion_funnel(pavilion)
    return [
        (
            pgettext("workbook", "Funnel by exhibitor"),
            [_("Exhibitor"), *_headers()],
            list(_sheet_rows([*funnel.by_exhibitor, funnel.total], with_code=False)),
            [None, *_FORMATS],
        ),
        (
            pgettext("workbook", "Funnel by country"),
            [_("country"), _("ISO code"), *_headers()],
            list(_sheet_rows([*funnel.by_country, funnel.total], with_code=True)),
            [None, None, *_FORMATS],
        ),
    ]

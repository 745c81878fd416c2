"""Outcome reports for the tests, filed and moved through the same services the portal uses
(``exhibitors.outcomes.services``)."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from events.models import Pavilion
from exhibitors.companies.models import ExhibitorRole, OrganisationKind
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, Mou, OnSiteContract, ReportStatus
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    PavilionFactory,
    SeriesFactory,
    UserFactory,
)


def staff(role=None, **kwargs):
    """A staff user in ``role`` (a group name from ``exhibitors.roles``), or a superuser."""
    if role is None:
        return UserFactory(is_staff=True, is_superuser=True, **kwargs)
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def two_editions(*, rate=Decimal("1400.00"), slug="seoul"):
    """The same pavilion at two editions of one series, a year apart: (previous, current)."""
    series = SeriesFactory()
    previous = PavilionFactory(
        slug=slug, event=EventFactory(series=series, starts_on=datetime.date(2029, 11, 5))
    )
    current = PavilionFactory(
        slug=slug,
        event=EventFactory(series=series, starts_on=datetime.date(2030, 11, 5), usd_krw_rate=rate),
    )
    return previous, current


def filed(
    pavilion,
    amounts=(),
    *,
    exhibitor=None,
    country="ES",
    expected=0,
    mous=(),
    contracts=(),
    publish_amounts=False,
    status=ReportStatus.APPROVED,
):
    """An exhibitor's report with one consultation per amount (USD), an MOU per partner
    country in ``mous`` and an on-site contract per amount in ``contracts``, moved to
    ``status`` (draft, submitted, approved or returned)."""
    exhibitor = exhibitor or ExhibitorFactory(pavilion=pavilion)
    report = outcomes.report_get_or_create(exhibitor)
    if publish_amounts:
        report.publish_amounts = True
        report.save(update_fields=["publish_amounts"])
    day = pavilion.event.starts_on
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=day,
            buyer_organisation=f"Buyer {n}",
            buyer_country=country,
            amount_usd=Decimal(amount),
            expected_contract_usd=Decimal(expected),
        )
        for n, amount in enumerate(amounts)
    )
    Mou.objects.bulk_create(
        Mou(report=report, partner=f"Partner {n}", country=code, signed_on=day)
        for n, code in enumerate(mous)
    )
    OnSiteContract.objects.bulk_create(
        OnSiteContract(report=report, partner=f"Client {n}", country=country, amount_usd=amount)
        for n, amount in enumerate(contracts)
    )
    if status != ReportStatus.DRAFT:
        outcomes.report_submit(report=report, user=None)
    if status == ReportStatus.APPROVED:
        outcomes.report_approve(report=report, user=None)
    elif status == ReportStatus.RETURNED:
        outcomes.report_return(report=report, user=None, comment="Please check the amounts.")
    report.refresh_from_db()
    return report


# Editions, exhibitors and reports with every kind of row ---------------------------------------


def edition_pavilion(year, series, *, slug="seoul", rate="1400.00"):
    event = EventFactory(
        series=series,
        slug=f"{series.slug}-{year}-{slug}",
        starts_on=datetime.date(year, 11, 5),
        usd_krw_rate=Decimal(rate),
    )
    return Pavilion.objects.with_event().get(pk=PavilionFactory(event=event, slug=slug).pk)


def new_exhibitor(pavilion, *, theme=None, role=ExhibitorRole.COMPANY):
    """An exhibitor; a company with ``theme`` applied to the pavilion under that theme."""
    if role == ExhibitorRole.CO_EXHIBITOR:
        company = CompanyFactory(kind=OrganisationKind.DISTRICT)
    else:
        company = CompanyFactory()
    exhibitor = ExhibitorFactory(pavilion=pavilion, company=company, role=role)
    if theme is not None:
        ApplicationFactory(pavilion=pavilion, company=company, theme=theme)
    return exhibitor


def file_report(
    exhibitor,
    rows,
    *,
    status=ReportStatus.APPROVED,
    mous=0,
    contracts=(),
    staff=None,
):
    """A report filed the way exhibitors and staff do it: opened, rows added, submitted, then
    approved or returned (or left as it is). ``rows``: amounts, or (amount, country, expected)."""
    pavilion = exhibitor.pavilion
    report = outcomes.report_get_or_create(exhibitor)
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=pavilion.event.starts_on,
            buyer_organisation=f"Buyer {k}",
            buyer_country=row[1] if isinstance(row, tuple) else ("ES" if k % 2 else "JP"),
            amount_usd=row[0] if isinstance(row, tuple) else row,
            expected_contract_usd=row[2] if isinstance(row, tuple) else 0,
        )
        for k, row in enumerate(rows)
    )
    Mou.objects.bulk_create(
        Mou(report=report, partner=f"Partner {k}", country="PL", signed_on=pavilion.event.starts_on)
        for k in range(mous)
    )
    OnSiteContract.objects.bulk_create(
        OnSiteContract(report=report, partner=f"Buyer {k}", country="JP", amount_usd=amount)
        for k, amount in enumerate(contracts)
    )
    if status == ReportStatus.DRAFT:
        return report
    outcomes.report_submit(report=report, user=None)
    if status == ReportStatus.APPROVED:
        outcomes.report_approve(report=report, user=staff)
    elif status == ReportStatus.RETURNED:
        outcomes.report_return(report=report, user=staff, comment="Add the buyers' countries")
    return report


def new_report(pavilion, rows, **kwargs):
    return file_report(new_exhibitor(pavilion), rows, **kwargs)

"""Outcome reports for the staff-side tests, filed and moved through the same services the
portal uses (``exhibitors.outcomes.services``)."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, Mou, OnSiteContract, ReportStatus
from tests.factories import (
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

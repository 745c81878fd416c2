"""The demo's outcome reports: every exhibitor's report of the 2023 and 2024 editions, filed
and approved through the report services, whose totals are the published figures; and the
demo exhibitor's 2024 report, returned for a missing consultation."""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.demo.content import (
    BUYER_TYPE_WEIGHTS,
    BUYERS,
    DEMO_EXHIBITOR,
    DEMO_REASON,
    FOLLOW_UP_NOTES,
    MOUS_2024,
    ONSITE_CONTRACTS_BY_YEAR,
    OUTCOMES_BY_YEAR,
    RETURNED_COMMENT,
    RETURNED_CONSULTATIONS,
)
from exhibitors.demo.events import SEOUL
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    BuyerType,
    Consultation,
    ConsultationStage,
    Mou,
    OnSiteContract,
    OutcomeReport,
)


def outcomes_due(event):
    """When the demo's reports were filed: a week after the expo."""
    return datetime.datetime.combine(
        event.ends_on + datetime.timedelta(days=7), datetime.time(10), SEOUL
    )


def split_exactly(total, weights, *, minimum=0):
    """``total`` split in whole units in proportion to ``weights`` (largest remainders), each
    share at least ``minimum``: the shares add up to ``total`` exactly."""
    rest = total - minimum * len(weights)
    whole = sum(weights)
    shares = [rest * w // whole for w in weights]
    by_remainder = sorted(range(len(weights)), key=lambda k: (-(rest * weights[k] % whole), k))
    for k in by_remainder[: rest - sum(shares)]:
        shares[k] += 1
    return [minimum + share for share in shares]


def outcome_reports(pavilion, year, *, staff, reviewer=None):
    """Approved reports for every exhibitor and district, filed and approved through the
    report services (opened, rows added, submitted, approved by ``staff``), whose totals
    are the published ones (MISSION.md): 346 consultations and USD 2,210,000 in 2023, 407
    and USD 3,150,000 in 2024, and the two 2024 MOUs of the AI healthcare exhibitor.

    In 2024 one report is not approved: the demo exhibitor's (``DEMO_EXHIBITOR``), which
    ``reviewer`` (the Reporting role) returned with a comment for a missing row. Its rows
    are not among the 407: the published figures are the sum of the other 17 reports, so
    they hold until that report is filed again and approved
    (:func:`returned_report`).

    The rows are spread the way a pavilion's week goes: companies meet more buyers than
    the districts, a few large projects among many small ones, buyers from SCEWC's
    markets (Spain most), the first two days busier than the last, a fifth of the talks
    going on to a negotiation and a few contracts signed on the spot. Deterministic: a
    random generator seeded with the event's slug, drawn from in a fixed order by the
    helpers below. Whole dollars, rounded to the hundred as buyers quote them, the largest
    amount taking the remainder so that the total is exact. A pavilion that already has
    reports is left as it is."""
    if OutcomeReport.objects.filter(exhibitor__pavilion=pavilion).exists():
        return
    count, total = OUTCOMES_BY_YEAR[year]
    event = pavilion.event
    rng = random.Random(f"{event.slug}-outcomes")
    exhibitors = list(
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("company")
        .order_by("role", "company__registration_number")
    )
    if year == 2024:
        returned = next(
            e
            for e in exhibitors
            if e.company.registration_number == DEMO_EXHIBITOR.registration_number
        )
        exhibitors.remove(returned)
        returned_report(returned, staff=staff, reviewer=reviewer or staff)
    is_company = {e.pk: e.role == ExhibitorRole.COMPANY for e in exhibitors}
    owners, amounts = consultation_amounts(rng, exhibitors, is_company, count=count, total=total)

    reports = {e.pk: outcomes.report_get_or_create(e) for e in exhibitors}
    rows = consultations(rng, event, owners, amounts, reports=reports, is_company=is_company)
    contracts = onsite_contracts(
        rng, rows, owners, is_company=is_company, count=ONSITE_CONTRACTS_BY_YEAR[year]
    )
    mous = mous_2024(event, exhibitors, rows, reports) if year == 2024 else []
    bulk_create_with_history(rows, Consultation, default_change_reason=DEMO_REASON)
    bulk_create_with_history(contracts, OnSiteContract, default_change_reason=DEMO_REASON)
    bulk_create_with_history(mous, Mou, default_change_reason=DEMO_REASON)
    reports_file_and_approve(rng, event, exhibitors, reports, staff=staff)


def consultation_amounts(rng, exhibitors, is_company, *, count, total):
    """Who held each of the ``count`` consultations and its amount (USD), adding up to
    ``total``: the owners (at least three rows each, companies busier than districts) and the
    amounts, in the same order."""
    busy = [rng.randint(12, 40) if is_company[e.pk] else rng.randint(3, 7) for e in exhibitors]
    owners, sizes = [], []
    for exhibitor, n in zip(exhibitors, split_exactly(count, busy, minimum=3), strict=True):
        scale = rng.uniform(0.6, 1.6) if is_company[exhibitor.pk] else 0.35
        for _ in range(n):
            owners.append(exhibitor)
            sizes.append(scale * rng.lognormvariate(0, 0.75))
    whole = sum(sizes)
    amounts = [round(total * size / whole / 100) * 100 for size in sizes]
    largest = max(range(len(amounts)), key=amounts.__getitem__)
    amounts[largest] += total - sum(amounts)
    return owners, amounts


def consultations(rng, event, owners, amounts, *, reports, is_company):
    """The unsaved consultation rows: one per owner and amount, with a buyer from SCEWC's
    markets, a day of the expo, and for some a negotiation under way."""
    markets = list(BUYERS)
    market_weights = [BUYERS[code][0] for code in markets]
    days = (event.ends_on - event.starts_on).days + 1
    day_weights = [4] * (days - 1) + [2]
    rows = []
    for owner, amount in zip(owners, amounts, strict=True):
        country = rng.choices(markets, market_weights)[0]
        types = BUYER_TYPE_WEIGHTS[owner.role]
        negotiating = rng.random() < (0.22 if is_company[owner.pk] else 0.1)
        if negotiating:
            expected = round(amount * rng.uniform(0.3, 0.7) / 100) * 100
        elif rng.random() < 0.15:
            expected = round(amount * rng.uniform(0.05, 0.2) / 100) * 100
        else:
            expected = 0
        rows.append(
            Consultation(
                report=reports[owner.pk],
                met_on=event.starts_on
                + datetime.timedelta(days=rng.choices(range(days), day_weights)[0]),
                buyer_organisation=rng.choice(BUYERS[country][1]),
                buyer_country=country,
                buyer_type=rng.choices(list(types), list(types.values()))[0],
                product=(
                    f"{owner.company.name_en} platform"
                    if is_company[owner.pk]
                    else "Smart city policy and pilot sites"
                ),
                amount_usd=amount,
                expected_contract_usd=expected,
                stage=(
                    ConsultationStage.NEGOTIATING if negotiating else ConsultationStage.CONSULTED
                ),
                note=rng.choice(FOLLOW_UP_NOTES) if negotiating and rng.random() < 0.5 else "",
            )
        )
    return rows


def onsite_contracts(rng, rows, owners, *, is_company, count):
    """A few talks ended in a contract at the booth: the buyer signed for part of the project.
    ``count`` companies' rows become contracted; returns the unsaved contracts."""
    company_rows = [row for row, owner in zip(rows, owners, strict=True) if is_company[owner.pk]]
    contracts = []
    for row in rng.sample(company_rows, count):
        row.stage = ConsultationStage.CONTRACTED
        row.expected_contract_usd = round(row.amount_usd * rng.uniform(0.4, 0.8) / 100) * 100
        contracts.append(
            OnSiteContract(
                report=row.report,
                partner=row.buyer_organisation,
                country=row.buyer_country,
                amount_usd=row.expected_contract_usd,
            )
        )
    return contracts


def mous_2024(event, exhibitors, rows, reports):
    """The two 2024 MOUs of the AI healthcare exhibitor (unsaved), each grown out of one of its
    consultation rows, which it rewrites to match."""
    mous = []
    healthcare = next(e for e in exhibitors if e.company.sector == "AI healthcare")
    own = [
        row
        for row in rows
        if row.report == reports[healthcare.pk] and row.stage != ConsultationStage.CONTRACTED
    ]
    for row, (partner, country, day, scope) in zip(own, MOUS_2024, strict=False):
        signed_on = event.starts_on + datetime.timedelta(days=day)
        # The MOU grew out of a meeting at the booth the day before.
        row.buyer_organisation, row.buyer_country = partner, country
        row.buyer_type = BuyerType.OTHER if country == "PL" else BuyerType.END_CUSTOMER
        row.met_on = signed_on - datetime.timedelta(days=1)
        row.stage = ConsultationStage.NEGOTIATING
        mous.append(
            Mou(
                report=reports[healthcare.pk],
                partner=partner,
                country=country,
                signed_on=signed_on,
                scope=scope,
            )
        )
    return mous


def reports_file_and_approve(rng, event, exhibitors, reports, *, staff):
    """Each report's satisfaction answers, then its submission (around a week after the expo)
    and its approval by ``staff`` a few days later."""
    for exhibitor in exhibitors:
        report = reports[exhibitor.pk]
        report.satisfaction_support = rng.choice([4, 5, 5])
        report.satisfaction_booth = rng.choice([3, 4, 5])
        report.satisfaction_matching = rng.choice([3, 4, 4, 5])
        report.would_return = rng.random() < 0.9
        report.save(
            update_fields=[
                "satisfaction_support",
                "satisfaction_booth",
                "satisfaction_matching",
                "would_return",
            ]
        )
        submitted = outcomes_due(event) + datetime.timedelta(
            days=rng.randint(-4, 10), hours=rng.randint(0, 8)
        )
        outcomes.report_submit(report=report, user=None, now=submitted)
        outcomes.report_approve(
            report=report,
            user=staff,
            now=submitted + datetime.timedelta(days=rng.randint(1, 4)),
        )


def returned_report(exhibitor, *, staff, reviewer):
    """The demo exhibitor's 2024 report: filed a week after the expo (five consultations),
    then returned by ``reviewer`` with a comment: a meeting is missing. It stays returned
    (editable) for the exhibitor to add the row and submit again."""
    event = exhibitor.pavilion.event
    report = outcomes.report_get_or_create(exhibitor)
    rows = [
        Consultation(
            report=report,
            met_on=event.starts_on + datetime.timedelta(days=day),
            buyer_organisation=buyer,
            buyer_country=country,
            buyer_type=buyer_type,
            product=f"{exhibitor.company.name_en} platform",
            amount_usd=amount,
            expected_contract_usd=0,
            stage=ConsultationStage.CONSULTED,
        )
        for day, buyer, country, buyer_type, amount in RETURNED_CONSULTATIONS
    ]
    bulk_create_with_history(rows, Consultation, default_change_reason=DEMO_REASON)
    outcomes.report_submit(report=report, user=None, now=outcomes_due(event))
    outcomes.report_return(report=report, user=reviewer, comment=RETURNED_COMMENT)

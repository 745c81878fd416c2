"""How long the pavilion dashboard's figures take at 100,000 consultations, against one
hand-written SQL query computing the same totals.

    .venv/bin/python bench/dashboard.py                # the table
    .venv/bin/python bench/dashboard.py --profile      # and where the dashboard's time goes
    .venv/bin/python bench/dashboard.py --rows 20000   # another size

A script, not a test. It sets Django up with the test settings on a throwaway database of its
own (a SQLite file under var/, or a database beside the one DATABASE_URL names, created and
dropped here) and writes, in bulk, two editions of one series with one pavilion each, 200
exhibitors per pavilion (companies with a themed application, one in ten a district without
one), an outcome report per exhibitor (nine in ten approved, the others submitted or returned,
so that the filter matters) and the consultations spread over them, with a few on-site
contracts and MOUs. Then ``ANALYZE``, as the database's own maintenance would have done.

It times, best of 5 after one warm-up run each:

- ``pavilion_figures(pavilion, tables=True)`` on the later edition: everything the
  dashboard shows (its totals, the previous edition's totals for the year-on-year change,
  the tables per exhibitor, buyer country and theme);
- ``pavilion_figures(pavilion)``: the totals and the year-on-year change only (what
  ``pavilion_report`` and the press summary need);
- the baseline, ONE hand-written SQL query computing the edition's totals over its approved
  reports (consultations, amount, expected contracts, on-site contracts and their amount,
  MOUs); and, like for like with the year-on-year change, one query computing the
  consultation totals of both editions.

It checks that all of them give the same totals (and that the tables add up to them).

Issue 8's target: the dashboard within twice the hand-written SQL (the first baseline).
"""

import argparse
import cProfile
import datetime
import os
import pstats
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from _benchdb import expo, test_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

ROWS = 100_000
EDITIONS = 2
EXHIBITORS = 200
REPEAT = 5
MAX_RATIO = 2.0
THEMES = [
    "Enabling Technologies",
    "Energy & Environment",
    "Mobility",
    "Governance & Economy",
    "Living & Inclusion",
    "Infrastructure & Buildings",
    "Blue Economy",
]
COUNTRIES = ["ES", "DE", "PL", "JP", "US", "AE", "SG", "VN", "FR", "GB", "NL", "IT", "SA", "PT"]


def build(rows, editions=EDITIONS, exhibitors=EXHIBITORS):
    """``editions`` pavilions of one series with ``exhibitors`` exhibitors each and ``rows``
    consultations in all, written in bulk (the set-up is not what is measured). Returns the
    pavilions, the latest last."""
    from events.models import Pavilion, Series
    from exhibitors.applications.models import Application, ApplicationStatus
    from exhibitors.companies import registration
    from exhibitors.companies.models import Company, Exhibitor, ExhibitorRole, OrganisationKind
    from exhibitors.outcomes import services as outcomes
    from exhibitors.outcomes.models import (
        BuyerType,
        Consultation,
        ConsultationStage,
        Mou,
        OnSiteContract,
        OutcomeReport,
        ReportStatus,
    )

    series = Series.objects.create(
        slug="bench", short_name="B", name_en="Bench Expo", name_ko="벤치 엑스포"
    )
    companies = Company.objects.bulk_create(
        Company(
            kind=OrganisationKind.DISTRICT if i % 10 == 9 else OrganisationKind.COMPANY,
            name_ko=f"회사 {i}",
            name_en=f"Company {i:05d}",
            registration_number=registration.complete(str(710_000_000 + i)),
        )
        for i in range(exhibitors)
    )
    buyer_types = list(BuyerType)
    stages = list(ConsultationStage)
    per_pavilion = [rows // editions + (1 if k < rows % editions else 0) for k in range(editions)]
    pavilions = []
    for edition in range(editions):
        year = 2030 + edition
        starts_on = datetime.date(year, 11, 5)
        opens = timezone.now() - datetime.timedelta(days=400)
        _event, pavilion, themes = expo(
            series,
            f"bench-{year}",
            name=f"Bench Expo {year}",
            starts_on=starts_on,
            opens=opens,
            rate=Decimal("1300.00") + 50 * edition,
            capacity=exhibitors,
            themes=THEMES,
        )
        pavilions.append(pavilion)
        Application.objects.bulk_create(
            Application(
                pavilion=pavilion,
                company=company,
                status=ApplicationStatus.CONFIRMED,
                theme=themes[i % len(themes)],
                submitted_at=opens + datetime.timedelta(hours=i),
            )
            for i, company in enumerate(companies)
            if company.kind == OrganisationKind.COMPANY
        )
        members = Exhibitor.objects.bulk_create(
            Exhibitor(
                pavilion=pavilion,
                company=company,
                role=ExhibitorRole.COMPANY
                if company.kind == OrganisationKind.COMPANY
                else ExhibitorRole.CO_EXHIBITOR,
            )
            for company in companies
        )
        statuses = {3: ReportStatus.SUBMITTED, 7: ReportStatus.RETURNED}
        reports = OutcomeReport.objects.bulk_create(
            OutcomeReport(
                exhibitor=member,
                status=statuses.get(i % 20, ReportStatus.APPROVED),
                submitted_at=opens + datetime.timedelta(days=320),
            )
            for i, member in enumerate(members)
        )
        n = per_pavilion[edition]
        Consultation.objects.bulk_create(
            (
                Consultation(
                    report=reports[k % len(reports)],
                    met_on=starts_on + datetime.timedelta(days=k % 3),
                    buyer_organisation=f"Buyer {k % 997}",
                    buyer_country=COUNTRIES[(k * 7 + k // 13) % len(COUNTRIES)],
                    buyer_type=buyer_types[k % len(buyer_types)],
                    product="Platform",
                    amount_usd=Decimal(500 + (k * 7919) % 20_000),
                    expected_contract_usd=Decimal((k * 104_729) % 9_000) if k % 3 else 0,
                    stage=stages[k % len(stages)],
                )
                for k in range(n)
            ),
            batch_size=2000,
        )
        # What report_approve stores on each report, for reports written in bulk here.
        outcomes.report_totals_store(reports)
        OnSiteContract.objects.bulk_create(
            OnSiteContract(
                report=report,
                partner=f"Partner {i}",
                country=COUNTRIES[i % len(COUNTRIES)],
                amount_usd=Decimal(10_000 + 1_000 * i),
            )
            for i, report in enumerate(reports)
            if i % 4 == 0
        )
        Mou.objects.bulk_create(
            Mou(
                report=report,
                partner=f"Association {i}",
                country=COUNTRIES[i % len(COUNTRIES)],
                signed_on=starts_on,
            )
            for i, report in enumerate(reports)
            if i % 5 == 0
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return [Pavilion.objects.with_event().get(pk=p.pk) for p in pavilions]


def sql_totals(pavilion_id):
    """The pavilion's totals over its approved reports in ONE hand-written query."""
    from exhibitors.companies.models import Exhibitor
    from exhibitors.outcomes.models import (
        Consultation,
        Mou,
        OnSiteContract,
        OutcomeReport,
        ReportStatus,
    )

    tables = {
        "consultation": Consultation._meta.db_table,
        "contract": OnSiteContract._meta.db_table,
        "mou": Mou._meta.db_table,
        "report": OutcomeReport._meta.db_table,
        "exhibitor": Exhibitor._meta.db_table,
    }
    approved = (
        "JOIN {report} r ON r.id = x.report_id "
        "JOIN {exhibitor} e ON e.id = r.exhibitor_id "
        "WHERE r.status = %s AND e.pavilion_id = %s"
    )
    query = (
        "SELECT COUNT(x.id), COALESCE(SUM(x.amount_usd), 0), "
        "COALESCE(SUM(x.expected_contract_usd), 0), "
        f"(SELECT COUNT(x.id) FROM {{contract}} x {approved}), "
        f"(SELECT COALESCE(SUM(x.amount_usd), 0) FROM {{contract}} x {approved}), "
        f"(SELECT COUNT(x.id) FROM {{mou}} x {approved}) "
        f"FROM {{consultation}} x {approved}"
    ).format(**tables)
    status = ReportStatus.APPROVED.value
    with connection.cursor() as cursor:
        cursor.execute(query, [status, pavilion_id] * 4)
        n, amount, expected, contracts, contract_amount, mous = cursor.fetchone()
    cents = Decimal("0.01")
    return {
        "consultations": n,
        "consultation_amount_usd": Decimal(str(amount)).quantize(cents),
        "expected_contract_usd": Decimal(str(expected)).quantize(cents),
        "onsite_contracts": contracts,
        "onsite_contract_usd": Decimal(str(contract_amount)).quantize(cents),
        "mous": mous,
    }


def sql_both_editions(pavilion_ids):
    """The consultation totals of several pavilions over their approved reports, in ONE
    hand-written query (what the year-on-year change needs)."""
    from exhibitors.companies.models import Exhibitor
    from exhibitors.outcomes.models import Consultation, OutcomeReport, ReportStatus

    marks = ", ".join(["%s"] * len(pavilion_ids))
    query = (
        "SELECT e.pavilion_id, COUNT(x.id), COALESCE(SUM(x.amount_usd), 0), "
        "COALESCE(SUM(x.expected_contract_usd), 0) "
        f"FROM {Consultation._meta.db_table} x "
        f"JOIN {OutcomeReport._meta.db_table} r ON r.id = x.report_id "
        f"JOIN {Exhibitor._meta.db_table} e ON e.id = r.exhibitor_id "
        f"WHERE r.status = %s AND e.pavilion_id IN ({marks}) "
        "GROUP BY e.pavilion_id"
    )
    cents = Decimal("0.01")
    with connection.cursor() as cursor:
        cursor.execute(query, [ReportStatus.APPROVED.value, *pavilion_ids])
        return {
            pavilion: (
                n,
                Decimal(str(amount)).quantize(cents),
                Decimal(str(expected)).quantize(cents),
            )
            for pavilion, n, amount, expected in cursor.fetchall()
        }


def dashboard_totals(figures):
    cents = Decimal("0.01")
    return {
        "consultations": figures.consultations,
        "consultation_amount_usd": Decimal(figures.consultation_amount_usd).quantize(cents),
        "expected_contract_usd": Decimal(figures.expected_contract_usd).quantize(cents),
        "onsite_contracts": figures.onsite_contracts,
        "onsite_contract_usd": Decimal(figures.onsite_contract_usd).quantize(cents),
        "mous": figures.mous,
    }


def best_of(function, repeat=REPEAT, profile=None):
    function()  # warm-up: the database's caches, Django's first compilation
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        result = function()
        if profile is not None:
            profile.disable()
        times.append(time.perf_counter() - started)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=ROWS, help="consultations in all")
    parser.add_argument("--profile", action="store_true", help="profile the dashboard")
    options = parser.parse_args()

    from exhibitors.outcomes.figures import pavilion_figures

    setup_test_environment()
    old_name = test_database("dashboard")
    try:
        started = time.perf_counter()
        pavilions = build(options.rows)
        seeded = time.perf_counter() - started
        pavilion, previous = pavilions[-1], pavilions[-2]
        ids = [pavilion.pk, previous.pk]
        profile = cProfile.Profile() if options.profile else None
        timings, counts = {}, {}
        runs = {
            "dashboard": lambda: pavilion_figures(pavilion, tables=True),
            "totals": lambda: pavilion_figures(pavilion),
            "sql": lambda: sql_totals(pavilion.pk),
            "sql both": lambda: sql_both_editions(ids),
        }
        results = {}
        for name, run in runs.items():
            timings[name], results[name] = best_of(
                run, profile=profile if name == "dashboard" else None
            )
            with CaptureQueriesContext(connection) as queries:
                run()
            counts[name] = len(queries)
        figures, short, expected = results["dashboard"], results["totals"], results["sql"]
        both = results["sql both"]
        checks = {
            "totals": dashboard_totals(figures) == expected == dashboard_totals(short),
            "previous edition": dashboard_totals(figures.previous) == sql_totals(previous.pk),
            "both editions": both
            == {
                f.pavilion.pk: (
                    f.consultations,
                    dashboard_totals(f)["consultation_amount_usd"],
                    dashboard_totals(f)["expected_contract_usd"],
                )
                for f in (short, short.previous)
            },
            "per exhibitor": sum(r["consultations"] for r in figures.by_exhibitor)
            == expected["consultations"],
            "per country": sum(r["amount"] for r in figures.by_country)
            == expected["consultation_amount_usd"],
            "per theme": sum(r["amount"] for r in figures.by_theme)
            == expected["consultation_amount_usd"],
        }
        database = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    sql, sql_both = timings["sql"], timings["sql both"]
    ratio = timings["dashboard"] / sql
    print(f"Pavilion dashboard figures, best of {REPEAT} after a warm-up, on {database}")
    print(
        f"{options.rows:,} consultations over {EDITIONS} editions × 1 pavilion × "
        f"{EXHIBITORS} exhibitors (seeded in {seeded:.1f} s); the later edition has "
        f"{expected['consultations']:,} in approved reports, the earlier "
        f"{figures.previous.consultations:,}"
    )
    print()
    print(f"{'what':<46}  {'queries':>7}  {'seconds':>8}  {'× SQL':>6}  {'× SQL both':>10}")
    rows = [
        ("dashboard", "pavilion_figures(tables=True): the dashboard"),
        ("totals", "pavilion_figures(): totals and year on year"),
        ("sql", "SQL: this edition's totals (the baseline)"),
        ("sql both", "SQL: both editions' consultation totals"),
    ]
    for key, label in rows:
        seconds = timings[key]
        print(
            f"{label:<46}  {counts[key]:>7}  {seconds:>8.4f}  {seconds / sql:>6.2f}  "
            f"{seconds / sql_both:>10.2f}"
        )
    print()
    for name, ok in checks.items():
        print(f"same {name}: {'yes' if ok else 'NO'}")
    print()
    print(f"dashboard / SQL: {ratio:.2f} (target ≤ {MAX_RATIO:g})")
    ok = ratio <= MAX_RATIO and all(checks.values())
    print("within target" if ok else "OUTSIDE THE TARGET")
    if profile is not None:
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

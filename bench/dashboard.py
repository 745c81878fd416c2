"""How long the outcome figures take at 100,000 consultations, against one hand-written SQL
query computing the same totals.

    .venv/bin/python bench/dashboard.py

A script, not a test. On a throwaway database of its own (a SQLite file under var/, or a
database beside the one DATABASE_URL names), it builds two editions of a series, each with
a pavilion of 200 exhibitors whose approved reports hold 50,000 consultations (100,000 in
all, written in bulk), then times, best of 5:

- ``outcomes.pavilion_figures(pavilion)``: the totals of the pavilion and of its previous
  edition (what ``pavilion_report`` and the dashboard's headline need);
- the same with ``tables=True`` (the dashboard's tables per exhibitor, country and theme);
- the baseline: one hand-written SQL query computing the same totals (consultations, amount,
  expected contracts over approved reports, for both editions) — and checks they agree.

Issue 8's target: the figures within twice the hand-written SQL.
"""

import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

EXHIBITORS = 200
PER_PAVILION = 50_000
REPEAT = 5
TARGET = 2.0


def build():
    from events.models import Event, Pavilion, Series
    from exhibitors import registration
    from exhibitors.models import Company, Consultation, Exhibitor, OutcomeReport, ReportStatus

    series = Series.objects.create(slug="bench", short_name="B", name_en="Bench", name_ko="벤치")
    pavilions = []
    for year in (2029, 2030):
        event = Event.objects.create(
            series=series,
            slug=f"bench-{year}",
            name_en=f"Bench {year}",
            name_ko=f"벤치 {year}",
            city_en="Seoul",
            city_ko="서울",
            country="KR",
            starts_on=datetime.date(year, 11, 5),
            ends_on=datetime.date(year, 11, 7),
            usd_krw_rate=Decimal("1400.00"),
        )
        tz = datetime.timezone(datetime.timedelta(hours=9))
        pavilions.append(
            Pavilion.objects.create(
                event=event,
                slug="seoul",
                name_en="Seoul Pavilion",
                name_ko="서울관",
                organiser_en="SDF",
                organiser_ko="재단",
                floor_width_m=23,
                floor_depth_m=12,
                floor_area_m2=276,
                capacity=EXHIBITORS,
                applications_open_at=datetime.datetime(year, 5, 1, tzinfo=tz),
                applications_close_at=datetime.datetime(year, 6, 1, tzinfo=tz),
                confirmation_deadline=datetime.datetime(year, 7, 1, tzinfo=tz),
                report_deadline=datetime.datetime(year, 12, 1, tzinfo=tz),
            )
        )
    companies = Company.objects.bulk_create(
        Company(
            name_ko=f"회사 {i}",
            name_en=f"Company {i}",
            registration_number=registration.complete(f"{700000000 + i}"),
        )
        for i in range(EXHIBITORS)
    )
    for pavilion in pavilions:
        exhibitors = Exhibitor.objects.bulk_create(
            Exhibitor(pavilion=pavilion, company=company) for company in companies
        )
        reports = OutcomeReport.objects.bulk_create(
            OutcomeReport(exhibitor=e, status=ReportStatus.APPROVED) for e in exhibitors
        )
        countries = ["ES", "DE", "PL", "JP", "US", "AE", "SG", "VN", "FR", "GB"]
        Consultation.objects.bulk_create(
            (
                Consultation(
                    report=reports[k % EXHIBITORS],
                    met_on=pavilion.event.starts_on,
                    buyer_organisation=f"Buyer {k}",
                    buyer_country=countries[k % 10],
                    amount_usd=1000 + k % 977,
                    expected_contract_usd=k % 311,
                )
                for k in range(PER_PAVILION)
            ),
            batch_size=5000,
        )
    return pavilions[-1], pavilions[0]


SQL = """
SELECT e.pavilion_id, COUNT(c.id), COALESCE(SUM(c.amount_usd), 0),
       COALESCE(SUM(c.expected_contract_usd), 0)
FROM exhibitors_consultation c
JOIN exhibitors_outcomereport r ON r.id = c.report_id
JOIN exhibitors_exhibitor e ON e.id = r.exhibitor_id
WHERE r.status = 'approved' AND e.pavilion_id IN (%s, %s)
GROUP BY e.pavilion_id
"""


def hand_written(pavilion, previous):
    with connection.cursor() as cursor:
        cursor.execute(SQL, [pavilion.pk, previous.pk])
        return {row[0]: (row[1], Decimal(row[2]), Decimal(row[3])) for row in cursor.fetchall()}


def best(function):
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    from exhibitors import outcomes

    setup_test_environment()
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        (ROOT / "var").mkdir(exist_ok=True)
        test["NAME"] = str(ROOT / "var" / "bench-dashboard.sqlite3")
    else:
        test["NAME"] = f"bench_dashboard_{connection.settings_dict['NAME']}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        pavilion, previous = build()
        base, rows = best(lambda: hand_written(pavilion, previous))
        figures_s, figures = best(lambda: outcomes.pavilion_figures(pavilion))
        tables_s, _tables = best(lambda: outcomes.pavilion_figures(pavilion, tables=True))
        database = f"{connection.vendor}"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    agree = (
        rows[pavilion.pk]
        == (figures.consultations, figures.consultation_amount_usd, figures.expected_contract_usd)
        and rows[previous.pk][0] == figures.previous.consultations
    )
    print(f"Outcome figures at {2 * PER_PAVILION:,} consultations, best of {REPEAT}, on {database}")
    print()
    print(f"{'what':<42} {'seconds':>8} {'× SQL':>7}")
    print(f"{'hand-written SQL (baseline)':<42} {base:8.4f} {1:7.2f}")
    print(f"{'pavilion_figures (totals + previous)':<42} {figures_s:8.4f} {figures_s / base:7.2f}")
    print(
        f"{'pavilion_figures(tables=True) (dashboard)':<42} {tables_s:8.4f} {tables_s / base:7.2f}"
    )
    print()
    print(
        f"same totals as the SQL: {'yes' if agree else 'NO'}; "
        f"target ≤ {TARGET:g}× for the totals: "
        f"{'met' if figures_s / base <= TARGET else 'not met'}"
    )
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())

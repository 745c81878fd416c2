"""Migration 0013 fills the stored totals of the reports that exist before it (issue 8)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("exhibitors", "0012_history")]
AFTER = [("exhibitors", "0013_outcome_report_totals")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_totals_of_existing_reports():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Series = apps.get_model("events", "Series")
    Event = apps.get_model("events", "Event")
    Pavilion = apps.get_model("events", "Pavilion")
    Company = apps.get_model("exhibitors", "Company")
    Exhibitor = apps.get_model("exhibitors", "Exhibitor")
    OutcomeReport = apps.get_model("exhibitors", "OutcomeReport")
    Consultation = apps.get_model("exhibitors", "Consultation")
    series = Series.objects.create(slug="m", short_name="M", name_en="M", name_ko="M")
    day = datetime.date(2024, 11, 5)
    event = Event.objects.create(
        series=series,
        slug="m-2024",
        name_en="M",
        name_ko="M",
        city_en="Barcelona",
        city_ko="바르셀로나",
        country="ES",
        starts_on=day,
        ends_on=day,
        usd_krw_rate=Decimal("1400.00"),
    )
    moment = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    pavilion = Pavilion.objects.create(
        event=event,
        slug="seoul",
        name_en="P",
        name_ko="P",
        organiser_en="O",
        organiser_ko="O",
        floor_width_m=10,
        floor_depth_m=10,
        floor_area_m2=100,
        capacity=5,
        applications_open_at=moment,
        applications_close_at=moment + datetime.timedelta(days=30),
        confirmation_deadline=moment + datetime.timedelta(days=60),
        report_deadline=moment + datetime.timedelta(days=300),
    )
    reports = []
    for k in range(2):
        company = Company.objects.create(
            name_ko=f"회사{k}", name_en=f"C{k}", registration_number=f"123456789{k}"
        )
        exhibitor = Exhibitor.objects.create(pavilion=pavilion, company=company)
        reports.append(OutcomeReport.objects.create(exhibitor=exhibitor, status="approved"))
    for amount, country in [(1000, "ES"), (2500, "ES"), (700, "DE")]:
        Consultation.objects.create(
            report=reports[0],
            met_on=day,
            buyer_organisation="B",
            buyer_country=country,
            amount_usd=amount,
            expected_contract_usd=100,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    OutcomeReport = apps.get_model("exhibitors", "OutcomeReport")
    ReportCountryTotal = apps.get_model("exhibitors", "ReportCountryTotal")
    filled = OutcomeReport.objects.get(pk=reports[0].pk)
    assert (filled.total_consultations, filled.total_amount_usd, filled.total_expected_usd) == (
        3,
        Decimal("4200.00"),
        Decimal("300.00"),
    )
    empty = OutcomeReport.objects.get(pk=reports[1].pk)
    assert (empty.total_consultations, empty.total_amount_usd) == (0, Decimal(0))
    assert {
        (row.buyer_country, row.consultations, row.amount_usd)
        for row in ReportCountryTotal.objects.filter(report_id=reports[0].pk)
    } == {("ES", 2, Decimal("3500.00")), ("DE", 1, Decimal("700.00"))}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the database as it was

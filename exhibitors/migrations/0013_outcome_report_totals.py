"""Each outcome report's consultation totals, stored when it is approved: on the report, and
per buyer country (ReportCountryTotal), so that the pavilion's figures and the dashboard's
tables add up a few rows per report instead of every consultation (issue 8). Filled here for
the reports that exist."""

from decimal import Decimal

import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models
from django.db.models import Count, Sum


def fill_totals(apps, schema_editor):
    OutcomeReport = apps.get_model("exhibitors", "OutcomeReport")
    Consultation = apps.get_model("exhibitors", "Consultation")
    sums = {
        row["report"]: row
        for row in Consultation.objects.values("report")
        .annotate(n=Count("pk"), amount=Sum("amount_usd"), expected=Sum("expected_contract_usd"))
        .order_by()
    }
    reports = list(OutcomeReport.objects.filter(pk__in=list(sums)))
    for report in reports:
        row = sums[report.pk]
        report.total_consultations = row["n"]
        report.total_amount_usd = row["amount"] or Decimal(0)
        report.total_expected_usd = row["expected"] or Decimal(0)
    OutcomeReport.objects.bulk_update(
        reports,
        ["total_consultations", "total_amount_usd", "total_expected_usd"],
        batch_size=500,
    )
    ReportCountryTotal = apps.get_model("exhibitors", "ReportCountryTotal")
    ReportCountryTotal.objects.bulk_create(
        (
            ReportCountryTotal(
                report_id=row["report"],
                buyer_country=row["buyer_country"],
                consultations=row["n"],
                amount_usd=row["amount"] or Decimal(0),
                expected_usd=row["expected"] or Decimal(0),
            )
            for row in Consultation.objects.values("report", "buyer_country")
            .annotate(
                n=Count("pk"), amount=Sum("amount_usd"), expected=Sum("expected_contract_usd")
            )
            .order_by()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0012_history")]

    operations = [
        migrations.AddField(
            model_name="outcomereport",
            name="total_consultations",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="consultations (at approval)"
            ),
        ),
        migrations.AddField(
            model_name="outcomereport",
            name="total_amount_usd",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                editable=False,
                max_digits=16,
                verbose_name="consultation amount, USD (at approval)",
            ),
        ),
        migrations.AddField(
            model_name="outcomereport",
            name="total_expected_usd",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                editable=False,
                max_digits=16,
                verbose_name="expected contracts, USD (at approval)",
            ),
        ),
        migrations.CreateModel(
            name="ReportCountryTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "buyer_country",
                    django_countries.fields.CountryField(
                        max_length=2, verbose_name="buyer's country"
                    ),
                ),
                (
                    "consultations",
                    models.PositiveIntegerField(default=0, verbose_name="consultations"),
                ),
                (
                    "amount_usd",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=16,
                        verbose_name="consultation amount, USD (at approval)",
                    ),
                ),
                (
                    "expected_usd",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=16,
                        verbose_name="expected contracts, USD (at approval)",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="country_totals",
                        to="exhibitors.outcomereport",
                        verbose_name="outcome report",
                    ),
                ),
            ],
            options={
                "verbose_name": "consultations per country (at approval)",
                "verbose_name_plural": "consultations per country (at approval)",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "buyer_country"), name="report_country_total_once"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_totals, migrations.RunPython.noop),
    ]

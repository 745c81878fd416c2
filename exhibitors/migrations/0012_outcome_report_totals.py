"""Each outcome report's consultation totals, stored on it when it is approved, so that the
pavilion's figures add up one row per report (issue 8). Filled here for the reports that exist."""

from decimal import Decimal

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


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0011_report_permissions")]

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
        migrations.RunPython(fill_totals, migrations.RunPython.noop),
    ]

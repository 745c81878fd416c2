"""The publication log of each pavilion's figures (issue 13): publishing freezes what the
results page shows. Every pavilion published before this migration gets its first
publication here, with its figures as they stand (the page keeps showing what it showed).

The figures are computed by ``exhibitors.outcomes.figures`` (the same code the page used), which
reads the models as they are in the code: it runs only for pavilions already published, so a
new database never runs it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def first_publications(apps, schema_editor):
    Pavilion = apps.get_model("events", "Pavilion")
    FiguresPublication = apps.get_model("exhibitors", "FiguresPublication")
    published = list(
        Pavilion.objects.filter(results_published_at__isnull=False).values_list(
            "pk", "results_published_at"
        )
    )
    if not published:
        return
    from events.models import Pavilion as CurrentPavilion
    from exhibitors.outcomes.figures import figures_snapshot, pavilion_figures

    for pk, published_at in published:
        if FiguresPublication.objects.filter(pavilion_id=pk).exists():
            continue
        pavilion = CurrentPavilion.objects.with_event().get(pk=pk)
        FiguresPublication.objects.create(
            pavilion_id=pk,
            version=1,
            kind="publish",
            published_at=published_at,
            published_by=None,
            figures=figures_snapshot(pavilion_figures(pavilion, tables=True)),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_outcome_reports"),
        ("exhibitors", "0014_history_of_report_totals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresPublication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("publish", "Published"),
                            ("revision", "Revised figures published"),
                            ("withdrawal", "Withdrawn"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("published_at", models.DateTimeField(verbose_name="when")),
                (
                    "figures",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Empty for a withdrawal. Amounts are decimal strings.",
                        verbose_name="figures as published",
                    ),
                ),
                (
                    "pavilion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="publications",
                        to="events.pavilion",
                        verbose_name="pavilion",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            options={
                "verbose_name": "publication of the figures",
                "verbose_name_plural": "publications of the figures",
                "ordering": ["pavilion", "-version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pavilion", "version"), name="figures_publication_version_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("version__gte", 1)),
                        name="figures_publication_version_positive",
                    ),
                ],
            },
        ),
        migrations.RunPython(first_publications, migrations.RunPython.noop),
    ]

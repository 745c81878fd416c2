"""Outcome report permissions for the staff roles: Reporting reviews and approves the reports and
reads them; the programme manager reads them (see exhibitors/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reporting": [
        "exhibitors.approve_report",
        "exhibitors.view_outcomereport",
        "exhibitors.change_outcomereport",
        "exhibitors.view_consultation",
        "exhibitors.view_mou",
        "exhibitors.view_onsitecontract",
        "exhibitors.view_followup",
    ],
    "Programme manager": [
        "events.view_outcomes",
        "exhibitors.view_outcomereport",
        "exhibitors.view_consultation",
        "exhibitors.view_mou",
        "exhibitors.view_onsitecontract",
        "exhibitors.view_followup",
    ],
}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    # The permissions of a model made in an earlier migration of the same run do not exist
    # yet (Django creates them after the last migration): create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codes))


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0010_outcome_reports"), ("events", "0003_outcome_reports")]

    operations = [migrations.RunPython(grant, revoke)]

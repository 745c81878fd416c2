"""Buyers in the back office: the programme manager sees the buyers, approves or refuses them
and imports lists of them (``exhibitors.view_buyer``, ``add_buyer``, ``change_buyer``);
deleting a buyer stays with superusers (see exhibitors/roles.py and 0004_staff_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Programme manager": [
        "exhibitors.view_buyer",
        "exhibitors.add_buyer",
        "exhibitors.change_buyer",
    ]
}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    # A permission added by this run's migrations does not exist yet (Django creates
    # permissions after the last migration): create them now.
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
    dependencies = [("exhibitors", "0027_meeting_permissions")]

    operations = [migrations.RunPython(grant, revoke)]

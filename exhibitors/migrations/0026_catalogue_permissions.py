"""The catalogue's back office for the staff roles (see exhibitors/roles.py): the programme
manager publishes and withdraws catalogues and reads the companies' entries; the floor manager
reads both and prints the booth cards."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Programme manager": [
        "exhibitors.view_catalogue",
        "exhibitors.add_catalogue",
        "exhibitors.change_catalogue",
        "exhibitors.view_catalogueentry",
    ],
    "Floor manager": ["exhibitors.view_catalogue", "exhibitors.view_catalogueentry"],
}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    # Permissions of models added by this run's migrations do not exist yet: create them now.
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
    dependencies = [("exhibitors", "0025_buyers_and_meetings")]

    operations = [migrations.RunPython(grant, revoke)]

"""Booth permissions for the staff roles: the floor manager lays out and allocates booths, the
programme manager sees them (see exhibitors/roles.py and 0004_staff_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Floor manager": [
        "exhibitors.add_booth",
        "exhibitors.change_booth",
        "exhibitors.delete_booth",
        "exhibitors.view_booth",
        "exhibitors.view_exhibitor",
    ],
    "Programme manager": ["exhibitors.view_booth"],
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
            # view_exhibitor was the floor manager's before this migration: it stays.
            codes = [code for code in codes if code != "exhibitors.view_exhibitor"]
            group.permissions.remove(*_permissions(apps, codes))


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitors", "0007_booth_no_overlap"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

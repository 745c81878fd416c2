"""Starting the review of submitted applications is a permission of its own
(``exhibitors.start_review``), given to the programme manager; reviewers do not get it (see
exhibitors/roles.py and 0004_staff_roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Programme manager": ["exhibitors.start_review"]}


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
    dependencies = [("exhibitors", "0022_invitation_address_any_case")]

    operations = [
        migrations.AlterModelOptions(
            name="application",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("assign_reviewers", "Can assign reviewers to applications"),
                    ("decide_application", "Can decide on applications and release decisions"),
                    ("start_review", "Can start the review of submitted applications"),
                ],
                "verbose_name": "application",
                "verbose_name_plural": "applications",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]

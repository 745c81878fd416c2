"""Staff roles as groups with their permissions (see exhibitors/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _crud(app, model, *verbs):
    return [f"{app}.{verb}_{model}" for verb in verbs]


ALL = ("add", "change", "delete", "view")

ROLES = {
    "Reviewer": [
        "exhibitors.review_application",
        *_crud("exhibitors", "review", "view", "change"),
    ],
    "Programme manager": [
        *_crud("events", "series", *ALL),
        *_crud("events", "event", *ALL),
        *_crud("events", "theme", *ALL),
        *_crud("events", "pavilion", *ALL),
        *_crud("events", "sideevent", *ALL),
        *_crud("exhibitors", "criterion", *ALL),
        *_crud("exhibitors", "application", "view", "change"),
        "exhibitors.assign_reviewers",
        "exhibitors.decide_application",
        *_crud("exhibitors", "review", *ALL),
        *_crud("exhibitors", "statuschange", "view"),
        *_crud("exhibitors", "company", "add", "change", "view"),
        *_crud("exhibitors", "membership", "change", "view"),
        *_crud("exhibitors", "companyinvitation", "add", "change", "view"),
        *_crud("exhibitors", "exhibitor", "add", "change", "view"),
        *_crud("exhibitors", "reminder", "view"),
    ],
    "Floor manager": [
        "events.allocate_booths",
        *_crud("events", "event", "view"),
        *_crud("events", "pavilion", "view"),
        *_crud("exhibitors", "exhibitor", "view"),
        *_crud("exhibitors", "company", "view"),
    ],
    "Reporting": [
        "events.view_outcomes",
        *_crud("events", "event", "view"),
        *_crud("events", "pavilion", "view"),
        *_crud("exhibitors", "exhibitor", "view"),
        *_crud("exhibitors", "company", "view"),
    ],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitors", "0003_review"),
        ("events", "0002_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

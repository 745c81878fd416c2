"""Who works with meetings in the back office (see exhibitors/roles.py and 0004_staff_roles):

- the programme manager sets each pavilion's matchmaking rules, generates its slots and
  places, reads the meetings and the matchmaking board, and schedules meetings on someone's
  behalf (add_meeting);
- the floor manager keeps the meeting places (the booths and the lounge's tables are the
  floor's) and sees the slots;
- reporting reads the meetings and the board (the funnel from request to consultation).

A meeting's row is never changed or deleted by hand: its status moves through the meeting
services, so nobody gets change_meeting or delete_meeting beyond the superuser."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _crud(model, *verbs):
    return [f"exhibitors.{verb}_{model}" for verb in verbs]


GRANTS = {
    "Programme manager": [
        *_crud("meetingsettings", "view", "add", "change"),
        *_crud("meetingslot", "view", "add", "delete"),
        *_crud("meetingplace", "view", "add", "change", "delete"),
        *_crud("meeting", "view", "add"),
    ],
    "Floor manager": [
        *_crud("meetingslot", "view"),
        *_crud("meetingplace", "view", "add", "change", "delete"),
    ],
    "Reporting": [*_crud("meeting", "view")],
}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    # The permissions of this run's new models do not exist yet (Django creates permissions
    # after the last migration): create them now.
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
    dependencies = [("exhibitors", "0026_catalogue_permissions")]

    operations = [migrations.RunPython(grant, revoke)]

"""The portal's own notes on status changes ("Decision released." ...) were stored translated,
in the language of whoever made the move, so an English page showed "결정이 발표되었습니다.".
They are now stored as their English source text and translated when shown: this turns the
Korean ones already stored back into it (the same for the audit trail's reasons)."""

from django.db import migrations
from django.utils import translation

NOTES = [
    "Not confirmed by the deadline.",
    "Promoted from the waiting list.",
    "Promotion undone.",
    "Decision released.",
]


def untranslate(apps, schema_editor):
    StatusChange = apps.get_model("exhibitors", "StatusChange")
    HistoricalApplication = apps.get_model("exhibitors", "HistoricalApplication")
    with translation.override("ko"):
        korean = {translation.gettext(note): note for note in NOTES}
    for stored, note in korean.items():
        if stored == note:
            continue
        StatusChange.objects.filter(note=stored).update(note=note)
        HistoricalApplication.objects.filter(history_change_reason=stored).update(
            history_change_reason=note
        )


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0018_application_version")]

    operations = [migrations.RunPython(untranslate, migrations.RunPython.noop)]

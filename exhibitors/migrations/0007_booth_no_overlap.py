"""On PostgreSQL, the database itself refuses two booths of a pavilion that overlap.

An exclusion constraint over the half-open ranges [x, x + width) and [y, y + depth) with the
pavilion's id: booths that only share an edge are fine, overlapping ones are refused, also
when two staff place them at the same moment. (SQLite has no exclusion constraints: there
the booth service checks under its serialised writes.)"""

from django.db import migrations

CREATE = """
ALTER TABLE exhibitors_booth ADD CONSTRAINT booth_no_overlap EXCLUDE USING gist (
    pavilion_id WITH =,
    numrange(x, x + width, '[)') WITH &&,
    numrange(y, y + depth, '[)') WITH &&
)
"""
DROP = "ALTER TABLE exhibitors_booth DROP CONSTRAINT IF EXISTS booth_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0006_booths")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]

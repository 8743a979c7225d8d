"""Loads the reference data (regions, member States, strategic objectives, P&B outcomes,
biennia, SDG targets) so every database has it after `migrate`. Sources are noted in
constituents/reference.py and programmes/reference.py."""
from django.db import migrations


def load(apps, schema_editor):
    from core.reference import load_all

    load_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("constituents", "0002_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

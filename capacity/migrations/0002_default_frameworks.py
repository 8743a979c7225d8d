"""Loads the default assessment frameworks (employers' and business organizations, workers'
organizations, labour administrations) so every database has them after `migrate`. The data
and its sources (GB.309/TC/1, GB.317/POL/6, GB.335/INS/9 in shared/seeds) are in
capacity/frameworks_data.py. Idempotent: frameworks whose code exists are left alone."""
from django.db import migrations


def load(apps, schema_editor):
    from capacity.frameworks_data import load as load_frameworks

    load_frameworks(apps.get_model("capacity", "AssessmentFramework"),
                    apps.get_model("capacity", "AssessmentDimension"),
                    apps.get_model("capacity", "ScoreDescriptor"))


class Migration(migrations.Migration):
    dependencies = [("capacity", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

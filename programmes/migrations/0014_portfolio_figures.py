"""Placeholder, filled by the change that owns it."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0013_appraisal_checklists")]

    operations: list[migrations.operations.base.Operation] = []

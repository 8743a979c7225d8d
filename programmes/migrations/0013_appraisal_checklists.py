"""The first versions of the quality appraisal checklists (placeholder, filled below)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0012_portfolio_and_appraisal")]

    operations: list[migrations.operations.base.Operation] = []

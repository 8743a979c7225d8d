"""Placeholder, filled by the change that owns it."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programmes", "0014_portfolio_figures")]

    operations: list[migrations.operations.base.Operation] = []

"""The first versions of the quality appraisal checklists: DWCP drafts and development
cooperation proposals (``programmes.appraisal_reference``), each active."""
from django.db import migrations


def load(apps, schema_editor):
    from programmes.appraisal_reference import load_checklists

    load_checklists(apps.get_model("programmes", "AppraisalChecklist"),
                    apps.get_model("programmes", "AppraisalCriterion"))


def unload(apps, schema_editor):
    from programmes.appraisal_reference import unload_checklists

    unload_checklists(apps.get_model("programmes", "AppraisalChecklist"))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0012_portfolio_and_appraisal")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.RunPython(load, unload),
    ]

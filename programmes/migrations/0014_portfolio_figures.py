"""The development cooperation statistical tables computed by the worker (issue 14):
PortfolioSnapshot and its PortfolioFigure rows."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_user_role_partnerships"),
        ("programmes", "0013_appraisal_checklists"),
    ]

    operations = [
        migrations.CreateModel(
            name="PortfolioSnapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("as_of", models.DateField(verbose_name="as of")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
                ("is_current", models.BooleanField(default=False)),
                ("first_year", models.PositiveSmallIntegerField(
                    null=True, verbose_name="first year with data")),
                ("last_year", models.PositiveSmallIntegerField(
                    null=True, verbose_name="last year with data")),
                ("run", models.ForeignKey(blank=True, null=True,
                                          on_delete=django.db.models.deletion.SET_NULL,
                                          related_name="+", to="core.taskrun")),
            ],
            options={
                "verbose_name": "development cooperation figures",
                "verbose_name_plural": "development cooperation figures",
                "ordering": ["-created_at"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="PortfolioFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("table", models.CharField(choices=[
                    ("approvals_category", "Approvals by donor category"),
                    ("approvals_donor", "Approvals by donor"),
                    ("expenditure_category", "Expenditure by donor category"),
                    ("expenditure_region", "Expenditure by region"),
                    ("expenditure_outcome", "Expenditure by P&B outcome"),
                    ("expenditure_assistance", "Expenditure by type of assistance"),
                    ("delivery_source", "Delivery by funding source"),
                    ("delivery_office", "Delivery by office"),
                    ("gap_cpo", "Resource gap by CPO"),
                    ("gap_outcome", "Resource gap by P&B outcome")], max_length=24)),
                ("key", models.CharField(max_length=60)),
                ("label", models.CharField(max_length=400)),
                ("group", models.CharField(blank=True, max_length=60)),
                ("group_label", models.CharField(blank=True, max_length=300)),
                ("order", models.PositiveIntegerField(default=0)),
                ("year", models.PositiveSmallIntegerField(null=True)),
                ("amount", models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                ("local_amount", models.DecimalField(decimal_places=2, max_digits=18,
                                                     null=True)),
                ("allocation", models.DecimalField(decimal_places=2, max_digits=18, null=True)),
                ("planned", models.DecimalField(decimal_places=2, max_digits=18, null=True)),
                ("snapshot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                               related_name="figures",
                                               to="programmes.portfoliosnapshot")),
            ],
            options={"ordering": ["table", "order", "key", "year"]},
        ),
        migrations.AddConstraint(
            model_name="portfoliosnapshot",
            constraint=models.UniqueConstraint(condition=models.Q(("is_current", True)),
                                               fields=("is_current",),
                                               name="programmes_portfoliosnapshot_one_current"),
        ),
        migrations.AddIndex(
            model_name="portfoliofigure",
            index=models.Index(fields=["snapshot", "table"], name="portfolio_figure_table"),
        ),
        migrations.AddConstraint(
            model_name="portfoliofigure",
            constraint=models.UniqueConstraint(condition=models.Q(("year__isnull", False)),
                                               fields=("snapshot", "table", "key", "year"),
                                               name="portfolio_figure_unique"),
        ),
        migrations.AddConstraint(
            model_name="portfoliofigure",
            constraint=models.UniqueConstraint(condition=models.Q(("year__isnull", True)),
                                               fields=("snapshot", "table", "key"),
                                               name="portfolio_figure_unique_whole_period"),
        ),
    ]

"""P&B outcome indicators with their biennial targets, and the indicator a CPO's link to a
P&B outcome reports against (issue 14, point 1)."""
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0014_portfolio_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalPBOutcomeIndicator',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                ('code', models.CharField(help_text='e.g. 1.1.1', max_length=12, verbose_name='code')),
                ('text', models.CharField(max_length=500, verbose_name='indicator')),
                ('target', models.PositiveIntegerField(blank=True, help_text='What the framework sets for the biennium, e.g. 25 (member States); empty when it sets none.', null=True, verbose_name='target')),
                ('target_unit', models.CharField(blank=True, help_text='What the target counts, e.g. member States.', max_length=60, verbose_name='unit of the target')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('pb_outcome', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pboutcome', verbose_name='P&B outcome')),
            ],
            options={
                'verbose_name': 'historical P&B outcome indicator',
                'verbose_name_plural': 'historical P&B outcome indicators',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PBOutcomeIndicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('code', models.CharField(help_text='e.g. 1.1.1', max_length=12, verbose_name='code')),
                ('text', models.CharField(max_length=500, verbose_name='indicator')),
                ('target', models.PositiveIntegerField(blank=True, help_text='What the framework sets for the biennium, e.g. 25 (member States); empty when it sets none.', null=True, verbose_name='target')),
                ('target_unit', models.CharField(blank=True, help_text='What the target counts, e.g. member States.', max_length=60, verbose_name='unit of the target')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('pb_outcome', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='programmes.pboutcome', verbose_name='P&B outcome')),
            ],
            options={
                'verbose_name': 'P&B outcome indicator',
                'verbose_name_plural': 'P&B outcome indicators',
                'ordering': ['pb_outcome', 'order', 'code'],
            },
        ),
        migrations.AddField(
            model_name='cpooutcomelink',
            name='pb_indicator',
            field=models.ForeignKey(blank=True, help_text='The indicator of the P&B outcome the CPO reports against (optional).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cpo_links', to='programmes.pboutcomeindicator', verbose_name='P&B outcome indicator'),
        ),
        migrations.AddField(
            model_name='historicalcpooutcomelink',
            name='pb_indicator',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The indicator of the P&B outcome the CPO reports against (optional).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pboutcomeindicator', verbose_name='P&B outcome indicator'),
        ),
        migrations.AddConstraint(
            model_name='pboutcomeindicator',
            constraint=models.UniqueConstraint(fields=('pb_outcome', 'code'), name='pb_indicator_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='pboutcomeindicator',
            constraint=models.CheckConstraint(condition=models.Q(('target__isnull', True), ('target__gte', 1), _connector='OR'), name='pb_indicator_target_positive'),
        ),
    ]

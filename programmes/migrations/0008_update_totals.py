"""Per indicator and biennium totals of the approved updates (programmes.UpdateTotal), kept
exact on PostgreSQL by statement triggers on the updates: whatever writes updates (forms, the
API, the workbook import, bulk loads, deletions), the indicators it touched are summed up again
from their updates, in the same transaction. A full recompute of results reads these totals.
``SELECT programmes_update_totals_rebuild(NULL)`` rebuilds every total."""
import django.db.models.deletion
from django.db import migrations, models


# The value of an update and the first year of its biennium, as this migration created them.
# A migration keeps the SQL it wrote (its trigger function must not change when the rules'
# module is edited), so these are copies on purpose: the rules live in
# programmes/results/computation.py (measured_value / biennium_start_year and their SQL
# twins measured_value_sql / biennium_start_year_sql); a change to them needs a new migration
# that replaces the function.
VALUE = "COALESCE(p.value, ROUND(100 * p.numerator / NULLIF(p.denominator, 0), 4))"
START_YEAR = "(EXTRACT(YEAR FROM p.date)::int - (EXTRACT(YEAR FROM p.date)::int % 2))"

CREATE = f"""
CREATE FUNCTION programmes_update_totals_rebuild(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NOT NULL THEN
        -- One rebuild of an indicator at a time: a concurrent transaction touching the same
        -- indicator waits here, and the statements below then see what it committed.
        PERFORM pg_advisory_xact_lock(82731, (s.i % 2147483647)::int)
        FROM (SELECT i FROM unnest(ids) AS i ORDER BY i) s;
    END IF;
    DELETE FROM programmes_updatetotal t WHERE ids IS NULL OR t.indicator_id = ANY (ids);
    INSERT INTO programmes_updatetotal
        (indicator_id, start_year, updates, total, last_value, first_date, last_date,
         total_before, value_before, next_first_date)
    SELECT g.indicator_id, g.start_year, g.n, g.total, g.last_value, g.first_date,
           g.last_date,
           COALESCE(SUM(g.total) OVER earlier, 0),
           LAG(g.last_value) OVER later,
           LEAD(g.first_date) OVER later
    FROM (
        SELECT u.indicator_id, u.start_year, COUNT(*) AS n, SUM(u.v) AS total,
               -- the latest is the largest [day, approval order, value] triple
               (MAX(ARRAY[(u.date - DATE '2000-01-01')::numeric,
                          COALESCE(u.approval_seq, 0)::numeric, u.v]))[3] AS last_value,
               MIN(u.date) AS first_date, MAX(u.date) AS last_date
        FROM (SELECT p.indicator_id, p.date, p.approval_seq, {VALUE} AS v,
                     {START_YEAR} AS start_year
              FROM programmes_progressupdate p
              WHERE p.status = 'approved' AND (ids IS NULL OR p.indicator_id = ANY (ids))) u
        WHERE u.v IS NOT NULL
        GROUP BY u.indicator_id, u.start_year
    ) g
    WINDOW earlier AS (PARTITION BY g.indicator_id ORDER BY g.start_year
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           later AS (PARTITION BY g.indicator_id ORDER BY g.start_year);
END
$$;

CREATE FUNCTION programmes_update_totals_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT indicator_id) INTO ids
        FROM new_rows WHERE status = 'approved';
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT indicator_id) INTO ids
        FROM old_rows WHERE status = 'approved';
    ELSE  -- only changes that matter: a narrative or a file edited changes no total
        SELECT array_agg(DISTINCT r.indicator_id) INTO ids
        FROM old_rows o
        JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.indicator_id), (n.indicator_id)) r (indicator_id)
        WHERE (o.status = 'approved' OR n.status = 'approved')
          AND (o.indicator_id, o.date, o.status, o.value, o.numerator, o.denominator,
               o.approval_seq)
              IS DISTINCT FROM (n.indicator_id, n.date, n.status, n.value, n.numerator,
                                n.denominator, n.approval_seq);
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM programmes_update_totals_rebuild(ids);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER programmes_update_totals_insert AFTER INSERT ON programmes_progressupdate
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION programmes_update_totals_refresh();
CREATE TRIGGER programmes_update_totals_update AFTER UPDATE ON programmes_progressupdate
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION programmes_update_totals_refresh();
CREATE TRIGGER programmes_update_totals_delete AFTER DELETE ON programmes_progressupdate
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION programmes_update_totals_refresh();

SELECT programmes_update_totals_rebuild(NULL);
"""

DROP = """
DROP TRIGGER IF EXISTS programmes_update_totals_insert ON programmes_progressupdate;
DROP TRIGGER IF EXISTS programmes_update_totals_update ON programmes_progressupdate;
DROP TRIGGER IF EXISTS programmes_update_totals_delete ON programmes_progressupdate;
DROP FUNCTION IF EXISTS programmes_update_totals_refresh();
DROP FUNCTION IF EXISTS programmes_update_totals_rebuild(bigint[]);
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0007_result_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='UpdateTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start_year', models.PositiveSmallIntegerField(help_text='first year of the biennium')),
                ('updates', models.PositiveIntegerField()),
                ('total', models.DecimalField(decimal_places=4, help_text='sum of the values', max_digits=30)),
                ('last_value', models.DecimalField(decimal_places=4, help_text='value of the latest update (date, approval)', max_digits=30)),
                ('first_date', models.DateField()),
                ('last_date', models.DateField()),
                ('total_before', models.DecimalField(decimal_places=4, help_text='sum of the values of earlier biennia', max_digits=30)),
                ('value_before', models.DecimalField(decimal_places=4, help_text='latest value of earlier biennia', max_digits=30, null=True)),
                ('next_first_date', models.DateField(help_text='first date of the next biennium with data', null=True)),
                ('indicator', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.indicator')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('indicator', 'start_year'), name='update_total_unique')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

"""The default rules of the evaluation plan (held as data, changed in the admin), and, on
PostgreSQL, the full-text search of lessons and good practices: a trigger keeps each row's
weighted ``search_vector`` (title A, description B, context / causal factors / users /
replication C, English configuration) and a GIN index serves the searches."""
from django.db import migrations


def load_rules(apps, schema_editor):
    from evaluation.reference import load

    load(apps.get_model("evaluation", "CoverageRule"))


def unload_rules(apps, schema_editor):
    from evaluation.reference import DEFAULT_RULES

    apps.get_model("evaluation", "CoverageRule").objects.filter(
        code__in=[r["code"] for r in DEFAULT_RULES]).delete()


TABLES = {"evaluation_lesson": "", "evaluation_goodpractice": " || ' ' || coalesce(NEW.replication, '')"}

SEARCH_SQL = """
CREATE FUNCTION {table}_search() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.context, '') || ' ' ||
      coalesce(NEW.causal_factors, '') || ' ' || coalesce(NEW.users, ''){extra}), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {table}_search();
CREATE INDEX {table}_search_gin ON {table} USING GIN (search_vector);
UPDATE {table} SET title = title;
"""

DROP_SQL = """
DROP INDEX IF EXISTS {table}_search_gin;
DROP TRIGGER IF EXISTS {table}_search ON {table};
DROP FUNCTION IF EXISTS {table}_search();
"""


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, extra in TABLES.items():
        schema_editor.execute(SEARCH_SQL.format(table=table, extra=extra))


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(DROP_SQL.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [
        migrations.RunPython(load_rules, unload_rules),
        migrations.RunPython(create_search, drop_search),
    ]

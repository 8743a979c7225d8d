"""The results rules of docs/indicators.md as set-based SQL, for PostgreSQL.

A full recompute never reads every update. The trigger of migration 0008 keeps, per indicator
and biennium, the totals of the approved updates (:class:`programmes.models.UpdateTotal`: sum,
latest value, dates, and the running figures of earlier biennia), exact in every transaction
that writes updates. Start and actual of a milestone come from the latest of those rows at or
before its biennium, one index probe each; only a biennium that straddles the as-of date (an
as-of date in the past) is summed again from its updates, up to that date. Statuses are CASE
expressions; CPO statuses and the roll-ups are GROUP BY queries over the new rows. Everything
is computed into temporary tables and only the rows that differ are written to the snapshot,
inside the caller's transaction, so readers see the old results or the new, never a mix.

The same statements serve the recompute after an approval (:func:`compute_indicators_into`):
restricted to the given indicators and the other indicators of their CPOs, they rewrite those
results and CPO results, and the roll-ups change by the difference between the roll-ups of the
rows replaced and of the new ones (the same GROUP BY query run on both); the member States with
an achieved CPO are counted again for the P&B outcomes concerned.

The pure functions of :mod:`programmes.results.computation` remain the specification (the
value of an update and the biennium of a date are written there once, with their SQL twins);
tests check that both engines give the same results on random data, for a full recompute and
after approvals (tests/programmes/test_results_sql.py). SQLite (the embedded default) uses the
Python path.

The SELECT statements computing the rows are in :mod:`programmes.results.sql_selects`; this
module runs them and writes the differences.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from programmes.results.sql_selects import cpo_results, indicator_results, rollups

# restricts the snapshot's rows compared to those recomputed (after an approval).
_APPLY = """
CREATE TEMPORARY TABLE results_changes ON COMMIT DROP AS
SELECT old.id AS old_id, {n_columns}
FROM {new} n
FULL JOIN (SELECT * FROM {table} WHERE snapshot_id = %(snapshot)s{old_rows}) old
    ON {same_key}
WHERE old.id IS NULL OR n.{first_key} IS NULL OR NOT ({same_values});
ANALYZE results_changes;  -- few rows or many: the deletion is planned for their number
DELETE FROM {table}
WHERE id IN (SELECT old_id FROM results_changes WHERE old_id IS NOT NULL);
INSERT INTO {table} (snapshot_id, {columns})
SELECT %(snapshot)s, {columns} FROM results_changes WHERE {first_key} IS NOT NULL;
DROP TABLE results_changes;
"""

_TABLES = [
    ("programmes_indicatorresult", "results_new_indicators", ["indicator_id", "biennium_id"],
     ["status", "start", "actual", "milestone", "progress", "reached", "target_progress"]),
    ("programmes_cporesult", "results_new_cpos", ["cpo_id", "biennium_id"],
     ["status", "indicators"]),
    ("programmes_resultrollup", "results_new_rollups",
     ["biennium_id", "level", "key", "subject", "status"], ["count"]),
]
# After an approval, the snapshot's rows compared are those of the indicators and CPOs
# recomputed; the roll-ups change by difference (below).
_RECOMPUTED_ROWS = {"programmes_indicatorresult": " AND indicator_id = ANY(%(indicators)s)",
                    "programmes_cporesult": " AND cpo_id = ANY(%(cpos)s)"}


def _apply(table: str, new: str, key: list[str], values: list[str], old_rows: str = "") -> str:
    columns = key + values
    return _APPLY.format(
        table=table, new=new, columns=", ".join(columns), first_key=key[0], old_rows=old_rows,
        n_columns=", ".join(f"n.{c}" for c in columns),
        same_key=" AND ".join(f"n.{c} = old.{c}" for c in key),
        same_values=" AND ".join(f"n.{c} IS NOT DISTINCT FROM old.{c}" for c in values))


def _create(name: str, select: str) -> str:
    return f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS {select}"


# The snapshot's results of the indicators recomputed, before they are replaced, as rows for
# cpo_results: the roll-ups lose what these counted.
_OLD_INDICATORS = """(
    SELECT i.cpo_id, r.biennium_id, r.status
    FROM programmes_indicatorresult r JOIN programmes_indicator i ON i.id = r.indicator_id
    WHERE r.snapshot_id = %(snapshot)s AND r.indicator_id = ANY(%(indicators)s)) old_indicators
"""
_ROLLUP_KEY = ["biennium_id", "level", "key", "subject", "status"]
_SAME_ROLLUP = " AND ".join(f"r.{c} = d.{c}" for c in _ROLLUP_KEY)

# The roll-ups change by the difference between the counts of the new rows and of the rows
# they replace (the same GROUP BY query run on both), merged into the snapshot's roll-ups (a
# count falling to 0 is deleted); the member States with an achieved CPO are not additive,
# and are counted again below.
_ROLLUP_DELTA = f"""
MERGE INTO programmes_resultrollup r
USING (SELECT {", ".join(_ROLLUP_KEY)}, COALESCE(n.count, 0) - COALESCE(o.count, 0) AS change
       FROM ({rollups("results_new_cpos")}) n
       FULL JOIN ({rollups(f"({cpo_results(_OLD_INDICATORS)})")}) o
           USING ({", ".join(_ROLLUP_KEY)})
       WHERE subject <> 'member_states' AND COALESCE(n.count, 0) <> COALESCE(o.count, 0)) d
ON r.snapshot_id = %(snapshot)s AND {_SAME_ROLLUP}
WHEN MATCHED AND r.count + d.change = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET count = r.count + d.change
WHEN NOT MATCHED THEN
    INSERT (snapshot_id, {", ".join(_ROLLUP_KEY)}, count)
    VALUES (%(snapshot)s, {", ".join(f"d.{c}" for c in _ROLLUP_KEY)}, d.change)
"""
# Per P&B outcome linked to a recomputed CPO, the member States with a CPO achieved (as the
# last part of rollups counts them), from the snapshot's CPO results once rewritten.
_OUTCOMES_CONCERNED = """
    SELECT DISTINCT biennium_id, pb_outcome_id FROM programmes_cpooutcomelink
    WHERE cpo_id = ANY(%(cpos)s) AND pb_outcome_id IS NOT NULL
"""
_MEMBER_STATES = f"""
DELETE FROM programmes_resultrollup r USING ({_OUTCOMES_CONCERNED}) t
WHERE r.snapshot_id = %(snapshot)s AND r.level = 'pb_outcome' AND r.subject = 'member_states'
  AND r.biennium_id = t.biennium_id AND r.key = t.pb_outcome_id;
INSERT INTO programmes_resultrollup (snapshot_id, {", ".join(_ROLLUP_KEY)}, count)
SELECT %(snapshot)s, t.biennium_id, 'pb_outcome', t.pb_outcome_id, 'member_states', '',
       COUNT(DISTINCT d.country_id)
FROM ({_OUTCOMES_CONCERNED}) t
JOIN programmes_cpooutcomelink l
    ON l.biennium_id = t.biennium_id AND l.pb_outcome_id = t.pb_outcome_id
JOIN programmes_cporesult c
    ON c.snapshot_id = %(snapshot)s AND c.cpo_id = l.cpo_id AND c.biennium_id = l.biennium_id
   AND c.status = 'achieved'
JOIN programmes_countryprogrammeoutcome o ON o.id = l.cpo_id
JOIN programmes_dwcp d ON d.id = o.dwcp_id
GROUP BY t.biennium_id, t.pb_outcome_id
"""


def supported() -> bool:
    return connection.vendor == "postgresql"


def _prepare(cursor: CursorWrapper) -> None:
    # Short statements over indexed rows: compiling them (JIT) would cost more than running
    # them.
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("SET LOCAL work_mem = '64MB'")


def compute_into(snapshot_id: int, as_of: dt.date) -> None:
    """Bring the snapshot's indicator and CPO results and its roll-ups to what the rules
    give as of ``as_of`` (PostgreSQL only), writing only the rows that change."""
    params: dict[str, Any] = {"snapshot": snapshot_id, "as_of": as_of}
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        cursor.execute(indicator_results(restricted=False), params)
        cursor.execute(_create("results_new_cpos", cpo_results("results_new_indicators")),
                       params)
        # Statistics, so the roll-ups and the comparisons below are planned for their size.
        cursor.execute("SET LOCAL default_statistics_target = 10")  # a small sample will do
        cursor.execute("ANALYZE results_new_indicators, results_new_cpos")
        cursor.execute(_create("results_new_rollups", rollups("results_new_cpos")), params)
        for table in _TABLES:
            cursor.execute(_apply(*table), params)
        cursor.execute("DROP TABLE results_new_indicators, results_new_cpos, "
                       "results_new_rollups")


def compute_indicators_into(snapshot_id: int, as_of: dt.date, *, indicator_ids: list[int],
                            cpo_ids: list[int]) -> None:
    """Bring the snapshot's results of ``indicator_ids`` (every indicator of the CPOs
    ``cpo_ids``), the results of those CPOs and the roll-ups they feed to what the rules give
    as of ``as_of`` (PostgreSQL only): the statements of :func:`compute_into` restricted to
    these indicators, the roll-ups changed by difference."""
    params: dict[str, Any] = {"snapshot": snapshot_id, "as_of": as_of,
                              "indicators": indicator_ids, "cpos": cpo_ids}
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        cursor.execute(indicator_results(restricted=True), params)
        cursor.execute(_create("results_new_cpos", cpo_results("results_new_indicators")),
                       params)
        # A few rows: said so, the joins below probe indexes instead of reading whole tables.
        cursor.execute("ANALYZE results_new_indicators, results_new_cpos")
        cursor.execute(_ROLLUP_DELTA, params)  # before the old rows are replaced
        for table, new, key, values in _TABLES[:2]:
            cursor.execute(_apply(table, new, key, values, _RECOMPUTED_ROWS[table]), params)
        cursor.execute(_MEMBER_STATES, params)
        cursor.execute("DROP TABLE results_new_indicators, results_new_cpos")

"""The results rules of docs/indicators.md as set-based SQL, for PostgreSQL.

A full recompute reads each approved update once: updates are grouped per indicator and
biennium in one hash aggregate (the latest value and the sum of each group), window
functions carry the running totals and the latest earlier value forward, and the statuses
are CASE expressions over the result — all inside ``INSERT … SELECT`` statements, so no
row travels to Python. The pure functions of :mod:`programmes.results.computation` remain
the specification; tests check that both give the same results on random data
(tests/programmes/test_results_sql.py).

SQLite (the embedded default) uses the Python path.
"""
from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

# Milestone grid: every (indicator, biennium) with a numeric milestone, plus the bienniums in
# which the indicator has data, so that windows ordered by biennium see both.
_NUMERIC = """
WITH u AS (
    -- Qualitative updates carry no value, so the value filter leaves them out.
    SELECT x.indicator_id, x.date, x.approval_seq, x.v,
           x.y - (x.y %% 2) AS bstart
    FROM (SELECT p.indicator_id, p.date, p.approval_seq,
                 COALESCE(p.value, ROUND(100 * p.numerator / NULLIF(p.denominator, 0), 4))
                     AS v,
                 EXTRACT(YEAR FROM p.date)::int AS y
          FROM programmes_progressupdate p
          WHERE p.status = 'approved' AND p.date <= %(as_of)s) x
    WHERE x.v IS NOT NULL
),
g AS (  -- per indicator and biennium with data: the latest value and the sum, in one hash
        -- aggregate (the latest is the largest [day, approval order, value] triple)
    SELECT indicator_id, bstart,
           (MAX(ARRAY[(date - DATE '2000-01-01')::numeric,
                      COALESCE(approval_seq, 0)::numeric, v]))[3] AS last_v,
           SUM(v) AS sum_v
    FROM u
    GROUP BY indicator_id, bstart
),
gn AS (  -- numbered per indicator, oldest first
    SELECT g.*, ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY bstart) AS n FROM g
),
m AS (
    SELECT bm.indicator_id, bm.biennium_id, bm.value AS milestone, b.start_year AS bstart,
           i.cpo_id, i.cumulative, i.direction, i.baseline_value AS baseline
    FROM programmes_biennialmilestone bm
    JOIN programmes_biennium b ON b.id = bm.biennium_id
    JOIN programmes_indicator i ON i.id = bm.indicator_id
    WHERE i.unit <> 'qualitative' AND bm.value IS NOT NULL
),
grid AS (
    SELECT indicator_id, bstart FROM m
    UNION
    SELECT indicator_id, bstart FROM g
),
w AS (  -- windows over each indicator's bienniums
    SELECT grid.indicator_id, grid.bstart, g.last_v, g.sum_v,
           COUNT(g.last_v) OVER before AS groups_before,
           SUM(g.sum_v) OVER before AS total_before,
           SUM(g.sum_v) OVER upto AS total_upto
    FROM grid
    LEFT JOIN g ON g.indicator_id = grid.indicator_id AND g.bstart = grid.bstart
    WINDOW before AS (PARTITION BY grid.indicator_id ORDER BY grid.bstart
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           upto AS (PARTITION BY grid.indicator_id ORDER BY grid.bstart
                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
q AS (  -- start and actual per milestone
    SELECT m.*,
           CASE WHEN m.cumulative THEN COALESCE(m.baseline, 0) + COALESCE(w.total_before, 0)
                ELSE COALESCE(prev.last_v, m.baseline) END AS start_v,
           CASE WHEN w.last_v IS NULL THEN NULL
                WHEN m.cumulative THEN COALESCE(m.baseline, 0) + w.total_upto
                ELSE w.last_v END AS actual_v,
           make_date(m.bstart, 1, 1) AS s, make_date(m.bstart + 1, 12, 31) AS e
    FROM m
    JOIN w ON w.indicator_id = m.indicator_id AND w.bstart = m.bstart
    LEFT JOIN gn prev ON prev.indicator_id = m.indicator_id AND prev.n = w.groups_before
),
r AS (  -- reached and progress
    SELECT q.*,
           CASE WHEN q.actual_v IS NULL THEN NULL
                WHEN q.direction = 'increase' THEN q.actual_v >= q.milestone
                ELSE q.actual_v <= q.milestone END AS reached,
           CASE WHEN q.actual_v IS NULL OR q.start_v IS NULL THEN NULL
                WHEN q.milestone = q.start_v THEN
                    CASE WHEN (q.direction = 'increase' AND q.actual_v >= q.milestone)
                           OR (q.direction = 'decrease' AND q.actual_v <= q.milestone)
                         THEN 100 ELSE 0 END
                ELSE ROUND(100 * (q.actual_v - q.start_v) / (q.milestone - q.start_v), 1)
           END AS progress
    FROM q
),
latest AS (  -- per indicator: the latest value and the total of all its updates
    SELECT DISTINCT ON (indicator_id) indicator_id, last_v,
           SUM(sum_v) OVER (PARTITION BY indicator_id) AS total
    FROM g
    ORDER BY indicator_id, bstart DESC
),
tp AS (  -- progress toward the end target, with what is known at the as-of date
    SELECT i.id AS indicator_id,
           CASE WHEN tgt.target IS NULL OR i.baseline_value IS NULL
                  OR latest.last_v IS NULL THEN NULL
                WHEN tgt.target = i.baseline_value THEN
                    CASE WHEN (i.direction = 'increase' AND cur.v >= tgt.target)
                           OR (i.direction = 'decrease' AND cur.v <= tgt.target)
                         THEN 100 ELSE 0 END
                ELSE ROUND(100 * (cur.v - i.baseline_value) / (tgt.target - i.baseline_value), 1)
           END AS target_progress
    FROM programmes_indicator i
    JOIN latest ON latest.indicator_id = i.id
    CROSS JOIN LATERAL (SELECT COALESCE(i.target_value,
                                        i.baseline_value * (1 + i.target_increase_pct / 100))
                        AS target) tgt
    CROSS JOIN LATERAL (SELECT CASE WHEN i.cumulative THEN i.baseline_value + latest.total
                                    ELSE latest.last_v END AS v) cur
    WHERE i.unit <> 'qualitative'
)
INSERT INTO programmes_indicatorresult
    (snapshot_id, indicator_id, biennium_id, status, start, actual, milestone, progress,
     reached, target_progress)
SELECT %(snapshot)s, r.indicator_id, r.biennium_id,
       CASE WHEN %(as_of)s < r.s THEN 'not_started'
            WHEN r.actual_v IS NULL THEN 'no_data'
            WHEN %(as_of)s > r.e THEN
                CASE WHEN r.reached THEN 'achieved'
                     WHEN r.progress >= 50 THEN 'partly_achieved'
                     ELSE 'not_achieved' END
            WHEN (r.progress IS NOT NULL
                  AND r.progress >= 100.0 * (%(as_of)s - r.s) / (r.e - r.s + 1))
              OR (r.progress IS NULL AND r.reached) THEN 'on_track'
            ELSE 'off_track' END,
       CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.start_v END,
       CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.actual_v END,
       r.milestone,
       CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.progress END,
       CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.reached END,
       tp.target_progress
FROM r LEFT JOIN tp ON tp.indicator_id = r.indicator_id
"""

_QUALITATIVE = """
WITH latest AS (
    SELECT DISTINCT ON (p.indicator_id,
                        EXTRACT(YEAR FROM p.date)::int - (EXTRACT(YEAR FROM p.date)::int %% 2))
           p.indicator_id,
           EXTRACT(YEAR FROM p.date)::int - (EXTRACT(YEAR FROM p.date)::int %% 2) AS bstart,
           p.reached
    FROM programmes_progressupdate p
    JOIN programmes_indicator i ON i.id = p.indicator_id AND i.unit = 'qualitative'
    WHERE p.status = 'approved' AND p.date <= %(as_of)s AND p.reached IS NOT NULL
    ORDER BY p.indicator_id,
             EXTRACT(YEAR FROM p.date)::int - (EXTRACT(YEAR FROM p.date)::int %% 2),
             p.date DESC, p.approval_seq DESC
)
INSERT INTO programmes_indicatorresult
    (snapshot_id, indicator_id, biennium_id, status, start, actual, milestone, progress,
     reached, target_progress)
SELECT %(snapshot)s, bm.indicator_id, bm.biennium_id,
       CASE WHEN %(as_of)s < make_date(b.start_year, 1, 1) THEN 'not_started'
            WHEN latest.reached IS NULL THEN 'no_data'
            WHEN %(as_of)s > make_date(b.start_year + 1, 12, 31) THEN
                CASE WHEN latest.reached THEN 'achieved' ELSE 'not_achieved' END
            WHEN latest.reached THEN 'on_track'
            ELSE 'off_track' END,
       NULL, NULL, NULL, NULL,
       CASE WHEN %(as_of)s < make_date(b.start_year, 1, 1) THEN NULL ELSE latest.reached END,
       NULL
FROM programmes_biennialmilestone bm
JOIN programmes_biennium b ON b.id = bm.biennium_id
JOIN programmes_indicator i ON i.id = bm.indicator_id AND i.unit = 'qualitative'
LEFT JOIN latest ON latest.indicator_id = bm.indicator_id AND latest.bstart = b.start_year
"""

# CPO status over its indicators with a milestone in the biennium (rules.cpo_status).
_CPOS = """
INSERT INTO programmes_cporesult (snapshot_id, cpo_id, biennium_id, status, indicators)
SELECT %(snapshot)s, i.cpo_id, ir.biennium_id,
       CASE
         WHEN bool_and(ir.status = 'not_started') THEN 'not_started'
         WHEN bool_or(ir.status IN ('on_track', 'off_track')) THEN
             CASE WHEN NOT bool_or(ir.status NOT IN ('no_data', 'not_started')) THEN 'no_data'
                  WHEN bool_or(ir.status = 'off_track') THEN 'off_track'
                  ELSE 'on_track' END
         WHEN bool_and(ir.status = 'achieved') THEN 'achieved'
         WHEN bool_or(ir.status IN ('achieved', 'partly_achieved')) THEN 'partly_achieved'
         WHEN bool_or(ir.status NOT IN ('no_data', 'not_started')) THEN 'not_achieved'
         ELSE 'no_data'
       END,
       COUNT(*)
FROM programmes_indicatorresult ir
JOIN programmes_indicator i ON i.id = ir.indicator_id
WHERE ir.snapshot_id = %(snapshot)s
GROUP BY i.cpo_id, ir.biennium_id
"""


def supported() -> bool:
    return connection.vendor == "postgresql"


def compute_into(snapshot_id: int, as_of: dt.date) -> None:
    """Fill the snapshot's indicator and CPO results (PostgreSQL only)."""
    params = {"snapshot": snapshot_id, "as_of": as_of}
    with transaction.atomic(), connection.cursor() as cursor:
        # The grouping sorts every approved update once; give it the memory to do so
        # without spilling to disk (for this transaction only).
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(_NUMERIC, params)
        cursor.execute(_QUALITATIVE, params)
        cursor.execute(_CPOS, params)

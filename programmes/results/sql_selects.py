"""The SELECT statements of the results engine (:mod:`programmes.results.sql`): indicator
results from the update totals, CPO results from indicator results, and the roll-ups from CPO
results. Each returns SQL text; :mod:`programmes.results.sql` runs them into temporary tables
and writes the differences to the snapshot."""
from __future__ import annotations

from programmes.results.computation import (
    Status,
    biennium_start_year_sql,
    end_target_sql,
    measured_value_sql,
    progress_sql,
    reached_sql,
)

_VALUE = measured_value_sql("p")
_START_YEAR = biennium_start_year_sql("p.date")
# Per CPO, the number of its indicators in each status: one column named after each status.
_STATUSES = [status.value for status in Status]


def _per_status(template: str, separator: str = ",\n") -> str:
    return separator.join(template.format(s=status) for status in _STATUSES)


def indicator_results(restricted: bool) -> str:
    """The statement computing indicator results into ``results_new_indicators``: of every
    indicator, or (``restricted``) of those in the ``indicators`` parameter, each source of
    rows then filtered on them (the full recompute's statement has no such filter).

    The totals row of an indicator known at the as-of date: its biennium's figures are cut at
    the as-of date when it straddles it."""
    def only(column: str) -> str:
        return f" AND {column} = ANY(%(indicators)s)" if restricted else ""

    return f"""
CREATE TEMPORARY TABLE results_new_indicators ON COMMIT DROP AS
WITH cut AS (  -- biennia whose updates straddle the as-of date, summed up to it
    SELECT t.indicator_id, t.start_year, c.total, c.last_value
    FROM programmes_updatetotal t
    CROSS JOIN LATERAL (
        SELECT SUM(u.v) AS total,
               (MAX(ARRAY[(u.date - DATE '2000-01-01')::numeric,
                          COALESCE(u.approval_seq, 0)::numeric, u.v]))[3] AS last_value
        FROM (SELECT p.date, p.approval_seq, {_VALUE} AS v
              FROM programmes_progressupdate p
              WHERE p.indicator_id = t.indicator_id AND p.status = 'approved'
                AND p.date BETWEEN make_date(t.start_year, 1, 1) AND %(as_of)s) u
        WHERE u.v IS NOT NULL) c
    WHERE t.first_date <= %(as_of)s AND t.last_date > %(as_of)s{only("t.indicator_id")}
),
b AS MATERIALIZED (  -- each biennium's dates and the elapsed share of it, once
    SELECT id, start_year, make_date(start_year, 1, 1) AS s,
           make_date(start_year + 1, 12, 31) AS e,
           100.0 * (%(as_of)s - make_date(start_year, 1, 1))
               / (make_date(start_year + 1, 12, 31) - make_date(start_year, 1, 1) + 1)
               AS elapsed_pct
    FROM programmes_biennium
),
m AS (  -- every numeric milestone with the latest totals at or before its biennium: those
        -- of its own biennium when there are (most often), else those of an earlier one
    SELECT bm.indicator_id, bm.biennium_id, bm.value AS milestone, b.start_year,
           i.cpo_id, i.cumulative, i.direction, i.baseline_value AS baseline,
           b.s, b.e, b.elapsed_pct,
           COALESCE(own.start_year, earlier.start_year) AS data_year,
           COALESCE(own.total_before, earlier.total_before) AS total_before,
           COALESCE(own.value_before, earlier.value_before) AS value_before,
           COALESCE(cut.total, own.total, earlier.total) AS total,
           COALESCE(cut.last_value, own.last_value, earlier.last_value) AS last_v
    FROM programmes_biennialmilestone bm
    JOIN b ON b.id = bm.biennium_id
    JOIN programmes_indicator i ON i.id = bm.indicator_id
    LEFT JOIN programmes_updatetotal own
        ON own.indicator_id = bm.indicator_id AND own.start_year = b.start_year
       AND own.first_date <= %(as_of)s
    LEFT JOIN LATERAL (
        SELECT * FROM programmes_updatetotal t
        WHERE own.indicator_id IS NULL
          AND t.indicator_id = bm.indicator_id AND t.start_year < b.start_year
          AND t.first_date <= %(as_of)s
        ORDER BY t.start_year DESC LIMIT 1) earlier ON TRUE
    LEFT JOIN cut ON cut.indicator_id = bm.indicator_id
                 AND cut.start_year = COALESCE(own.start_year, earlier.start_year)
    WHERE i.unit <> 'qualitative' AND bm.value IS NOT NULL{only("bm.indicator_id")}
),
q AS (  -- start and actual
    SELECT m.*,
           CASE WHEN m.data_year = m.start_year THEN  -- data in the biennium
                    CASE WHEN m.cumulative THEN COALESCE(m.baseline, 0) + m.total_before
                         ELSE COALESCE(m.value_before, m.baseline) END
                WHEN m.data_year IS NOT NULL THEN  -- only earlier data
                    CASE WHEN m.cumulative
                         THEN COALESCE(m.baseline, 0) + m.total_before + m.total
                         ELSE m.last_v END
                WHEN m.cumulative THEN COALESCE(m.baseline, 0)
                ELSE m.baseline END AS start_v,
           CASE WHEN m.data_year IS DISTINCT FROM m.start_year THEN NULL
                WHEN m.cumulative THEN COALESCE(m.baseline, 0) + m.total_before + m.total
                ELSE m.last_v END AS actual_v
    FROM m OFFSET 0  -- computed once per row, not again in every expression using it
),
r AS (  -- reached and progress
    SELECT q.*,
           {reached_sql("q.actual_v", "q.milestone", "q.direction")} AS reached,
           CASE WHEN q.actual_v IS NULL OR q.start_v IS NULL THEN NULL
                ELSE {progress_sql("q.actual_v", "q.start_v", "q.milestone", "q.direction")}
           END AS progress
    FROM q OFFSET 0
),
tp AS (  -- progress toward the end target, with what is known at the as-of date
    SELECT i.id AS indicator_id,
           CASE WHEN tgt.target IS NULL OR i.baseline_value IS NULL THEN NULL
                ELSE {progress_sql("cur.v", "i.baseline_value", "tgt.target", "i.direction")}
           END AS target_progress
    FROM programmes_updatetotal t  -- the latest biennium with data at the as-of date
    JOIN programmes_indicator i ON i.id = t.indicator_id
    LEFT JOIN cut ON cut.indicator_id = t.indicator_id AND cut.start_year = t.start_year
    CROSS JOIN LATERAL (SELECT {end_target_sql("i")} AS target) tgt
    CROSS JOIN LATERAL (SELECT CASE WHEN i.cumulative
                                    THEN i.baseline_value + t.total_before
                                         + COALESCE(cut.total, t.total)
                                    ELSE COALESCE(cut.last_value, t.last_value) END AS v) cur
    WHERE i.unit <> 'qualitative' AND t.first_date <= %(as_of)s
      AND (t.next_first_date IS NULL OR t.next_first_date > %(as_of)s)
     {only("t.indicator_id")}
),
qualitative AS (  -- the latest approved statement of each qualitative indicator and biennium
    SELECT DISTINCT ON (p.indicator_id, {_START_YEAR})
           p.indicator_id, {_START_YEAR} AS start_year, p.reached
    FROM programmes_progressupdate p
    JOIN programmes_indicator i ON i.id = p.indicator_id AND i.unit = 'qualitative'
    WHERE p.status = 'approved' AND p.date <= %(as_of)s AND p.reached IS NOT NULL
     {only("p.indicator_id")}
    ORDER BY p.indicator_id, {_START_YEAR}, p.date DESC, p.approval_seq DESC
)
SELECT r.indicator_id, r.biennium_id, r.cpo_id,
       (CASE WHEN %(as_of)s < r.s THEN 'not_started'
             WHEN r.actual_v IS NULL THEN 'no_data'
             WHEN %(as_of)s > r.e THEN
                 CASE WHEN r.reached THEN 'achieved'
                      WHEN r.progress >= 50 THEN 'partly_achieved'
                      ELSE 'not_achieved' END
             WHEN (r.progress IS NOT NULL
                   AND r.progress >= r.elapsed_pct)
               OR (r.progress IS NULL AND r.reached) THEN 'on_track'
             ELSE 'off_track' END)::varchar(16) AS status,
       (CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.start_v END)::numeric(18, 4) AS start,
       (CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.actual_v END)::numeric(18, 4) AS actual,
       r.milestone::numeric(18, 4) AS milestone,
       (CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.progress END)::numeric(10, 1) AS progress,
       CASE WHEN %(as_of)s < r.s THEN NULL ELSE r.reached END AS reached,
       tp.target_progress::numeric(10, 1) AS target_progress
FROM r LEFT JOIN tp ON tp.indicator_id = r.indicator_id
UNION ALL
SELECT bm.indicator_id, bm.biennium_id, i.cpo_id,
       (CASE WHEN %(as_of)s < make_date(b.start_year, 1, 1) THEN 'not_started'
             WHEN qualitative.reached IS NULL THEN 'no_data'
             WHEN %(as_of)s > make_date(b.start_year + 1, 12, 31) THEN
                 CASE WHEN qualitative.reached THEN 'achieved' ELSE 'not_achieved' END
             WHEN qualitative.reached THEN 'on_track'
             ELSE 'off_track' END)::varchar(16),
       NULL, NULL, NULL, NULL,
       CASE WHEN %(as_of)s < make_date(b.start_year, 1, 1) THEN NULL
            ELSE qualitative.reached END,
       NULL
FROM programmes_biennialmilestone bm
JOIN programmes_biennium b ON b.id = bm.biennium_id
JOIN programmes_indicator i ON i.id = bm.indicator_id AND i.unit = 'qualitative'
LEFT JOIN qualitative ON qualitative.indicator_id = bm.indicator_id
                     AND qualitative.start_year = b.start_year
WHERE TRUE{only("bm.indicator_id")}
"""

def cpo_results(indicators: str) -> str:
    """CPO status over its indicators with a milestone in the biennium (rules.cpo_status),
    from the number of its indicators in each status (kept for the roll-ups), for the
    indicator rows of ``indicators`` (a table or subquery with cpo_id, biennium_id, status)."""
    return f"""
SELECT c.*,
       (CASE
         WHEN c.not_started = c.indicators THEN 'not_started'
         WHEN c.on_track + c.off_track > 0 THEN
             CASE WHEN c.no_data + c.not_started = c.indicators THEN 'no_data'
                  WHEN c.off_track > 0 THEN 'off_track'
                  ELSE 'on_track' END
         WHEN c.achieved = c.indicators THEN 'achieved'
         WHEN c.achieved + c.partly_achieved > 0 THEN 'partly_achieved'
         WHEN c.no_data + c.not_started < c.indicators THEN 'not_achieved'
         ELSE 'no_data'
       END)::varchar(16) AS status
FROM (SELECT cpo_id, biennium_id, COUNT(*)::int AS indicators,
{_per_status("             COUNT(*) FILTER (WHERE status = '{s}')::int AS {s}")}
      FROM {indicators}
      GROUP BY cpo_id, biennium_id) c
"""

def rollups(cpos: str) -> str:
    """Counts by status per country, region, P&B outcome and strategic objective (a CPO has
    at most one outcome link per biennium), and per P&B outcome the member States with a CPO
    achieved, over the CPO rows of ``cpos`` (with their indicators' counts, as
    :func:`cpo_results` gives them): summed per place, then per level."""
    return f"""
WITH fine AS (
    SELECT n.biennium_id, d.country_id, co.region_id, l.pb_outcome_id AS outcome_id,
           o.strategic_objective_id AS objective_id, n.status AS cpo_status,
           COUNT(*) AS cpos,
{_per_status("           SUM(n.{s}) AS {s}")}
    FROM {cpos} n
    JOIN programmes_countryprogrammeoutcome c ON c.id = n.cpo_id
    JOIN programmes_dwcp d ON d.id = c.dwcp_id
    JOIN constituents_country co ON co.id = d.country_id
    LEFT JOIN programmes_cpooutcomelink l
        ON l.cpo_id = n.cpo_id AND l.biennium_id = n.biennium_id
    LEFT JOIN programmes_pboutcome o ON o.id = l.pb_outcome_id
    GROUP BY 1, 2, 3, 4, 5, 6
),
rows AS (  -- one row per subject and status
    SELECT f.biennium_id, f.country_id, f.region_id, f.outcome_id, f.objective_id,
           u.subject, u.status, u.n
    FROM fine f
    CROSS JOIN LATERAL (VALUES
                ('cpo', f.cpo_status, f.cpos),
{_per_status("                ('indicator', '{s}', f.{s})")}) u (subject, status, n)
    WHERE u.n > 0
),
counted AS (
    SELECT subject, biennium_id, status,
           CASE WHEN GROUPING(country_id) = 0 THEN 'country'
                WHEN GROUPING(region_id) = 0 THEN 'region'
                WHEN GROUPING(outcome_id) = 0 THEN 'pb_outcome'
                ELSE 'strategic_objective' END AS level,
           COALESCE(country_id, region_id, outcome_id, objective_id) AS key,
           SUM(n) AS count
    FROM rows
    GROUP BY GROUPING SETS ((subject, biennium_id, status, country_id),
                            (subject, biennium_id, status, region_id),
                            (subject, biennium_id, status, outcome_id),
                            (subject, biennium_id, status, objective_id))
)
SELECT biennium_id, level::varchar(20), key::bigint, subject::varchar(14),
       status::varchar(16), count::int
FROM counted WHERE key IS NOT NULL
UNION ALL
SELECT biennium_id, 'pb_outcome', outcome_id, 'member_states', '',
       COUNT(DISTINCT country_id)::int
FROM fine
WHERE cpo_status = 'achieved' AND outcome_id IS NOT NULL
GROUP BY biennium_id, outcome_id
"""

# Only rows that differ are written: the computed rows are compared with the snapshot's in one
# full join, which keeps the differences (a new row, a changed row, a row no longer computed);
# the rows replaced or gone are deleted by id and the new versions inserted. ``old_rows``

"""The set-based SQL computation (PostgreSQL) gives exactly the results of the pure functions
that specify the rules, on random programmes: numbers, percentages and qualitative
indicators, rising and falling, cumulative or not, with or without baseline, updates before,
inside and after each biennium, ties on a date, and as-of dates before, inside and after —
whether the SQL engine fills a first snapshot or brings results computed for another date up
to date in place."""
import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.models import (
    BiennialMilestone,
    Biennium,
    CpoResult,
    Indicator,
    IndicatorResult,
    ProgressUpdate,
)
from programmes.services import results
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _build(rng: random.Random) -> None:
    biennia = list(Biennium.objects.filter(start_year__in=[2012, 2014, 2016]))
    seq = 0
    for c in range(rng.randint(1, 3)):
        cpo = CpoFactory(code=f"ALB{101 + c}")
        for n in range(rng.randint(1, 4)):
            unit = rng.choice(["number", "number", "percentage", "qualitative"])
            cumulative = unit == "number" and rng.random() < 0.4
            baseline = None if rng.random() < 0.2 or unit == "qualitative" else \
                Decimal(rng.randint(0, 80))
            indicator = Indicator.objects.create(
                cpo=cpo, code=f"{cpo.code}.{n + 1}", title="x", unit=unit,
                cumulative=cumulative, direction=rng.choice(["increase", "decrease"]),
                baseline_value=baseline,
                target_value=None if unit == "qualitative" or rng.random() < 0.3 else
                Decimal(rng.randint(0, 100)))
            for biennium in rng.sample(biennia, rng.randint(1, len(biennia))):
                value = None if unit == "qualitative" else Decimal(rng.randint(0, 100))
                if baseline is not None and rng.random() < 0.15:
                    value = baseline  # milestone equal to the start
                BiennialMilestone.objects.create(indicator=indicator, biennium=biennium,
                                                 value=value, statement="s")
            for _ in range(rng.randint(0, 8)):
                seq += 1
                day = dt.date(2011, 6, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
                if rng.random() < 0.2:
                    day = dt.date(2013, 12, 31)  # ties on a date, a biennium's last day
                fields = {}
                if unit == "qualitative":
                    fields["reached"] = rng.random() < 0.5
                elif unit == "percentage" and rng.random() < 0.5:
                    fields["denominator"] = Decimal(rng.randint(1, 400))
                    fields["numerator"] = Decimal(rng.randint(0, int(fields["denominator"])))
                else:
                    fields["value"] = Decimal(rng.randint(0, 120))
                ProgressUpdate.objects.create(
                    indicator=indicator, date=day, status=rng.choice(
                        ["approved", "approved", "approved", "submitted"]),
                    approval_seq=seq, **fields)


def _rows(snapshot):
    indicators = {(r.indicator_id, r.biennium_id): (
        r.status, r.start, r.actual, r.milestone, r.progress, r.reached, r.target_progress)
        for r in IndicatorResult.objects.filter(snapshot=snapshot)}
    cpos = {(r.cpo_id, r.biennium_id): (r.status, r.indicators)
            for r in CpoResult.objects.filter(snapshot=snapshot)}
    return indicators, cpos


@pytest.mark.postgres("the SQL engine")
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1),
       as_of=st.dates(dt.date(2011, 6, 1), dt.date(2018, 12, 31)),
       earlier=st.none() | st.dates(dt.date(2011, 6, 1), dt.date(2018, 12, 31)))
def test_sql_and_python_engines_agree(seed, as_of, earlier):
    """``earlier``: the SQL engine first computes results as of another date, then brings
    them to ``as_of`` in place (as the nightly run does); None: it fills a first snapshot."""
    try:
        with transaction.atomic():
            rng = random.Random(seed)
            _build(rng)
            _link_outcomes(rng)
            if earlier is not None:
                results.results_recompute_all(as_of=earlier, engine="sql")
            snapshot = results.results_recompute_all(as_of=as_of, engine="sql")
            by_sql = _rows(snapshot), _rollups(snapshot)
            assert snapshot.as_of == as_of
            by_python = results.results_recompute_all(as_of=as_of, engine="python")
            assert by_sql == (_rows(by_python), _rollups(by_python))
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.postgres("the SQL twins of the rules")
@settings(max_examples=100, deadline=None)
@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
       value=st.none() | st.decimals(-1000, 1000, places=4),
       numerator=st.none() | st.decimals(0, 10**6, places=4),
       denominator=st.none() | st.decimals(0, 10**6, places=4),
       baseline=st.none() | st.decimals(0, 1000, places=4),
       target=st.none() | st.decimals(0, 1000, places=4),
       pct=st.none() | st.decimals(-100, 500, places=2))
def test_the_sql_twins_of_the_rules_give_what_the_rules_give(day, value, numerator,
                                                             denominator, baseline, target,
                                                             pct):
    """The biennium of a date, the value of an update and the end target are written in SQL
    once, next to their rules (programmes/results/computation.py), and give the same."""
    from programmes.results import computation as rules

    if target is not None:
        pct = None  # an indicator has one or the other
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rules.biennium_start_year_sql('p.date')}, "
            f"{rules.measured_value_sql('p')}, {rules.end_target_sql('i')} "
            "FROM (SELECT %s::date AS date, %s::numeric AS value, %s::numeric AS numerator, "
            "%s::numeric AS denominator) p, "
            "(SELECT %s::numeric AS target_value, %s::numeric AS target_increase_pct, "
            "%s::numeric AS baseline_value) i",
            [day, value, numerator, denominator, target, pct, baseline])
        year, measured, end = cursor.fetchone()
    assert year == rules.biennium_start_year(day.year) == rules.Period.of(day).start_year
    assert measured == rules.measured_value(value=value, numerator=numerator,
                                            denominator=denominator)
    assert end == rules.end_target(target_value=target, target_increase_pct=pct,
                                   baseline=baseline)


@pytest.mark.postgres("the SQL twins of the rules")
@settings(max_examples=200, deadline=None)
@given(actual=st.decimals(-1000, 1000, places=4), start=st.decimals(-1000, 1000, places=4),
       milestone=st.decimals(-1000, 1000, places=4), at_start=st.booleans(),
       direction=st.sampled_from(["increase", "decrease"]))
def test_the_sql_twins_of_reached_and_progress_give_what_the_rules_give(
        actual, start, milestone, at_start, direction):
    """Including a milestone equal to the start, where the rule says 100 or 0."""
    from programmes.results import computation as rules

    if at_start:
        milestone = start
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rules.reached_sql('x.a', 'x.m', 'x.d')}, "
            f"{rules.progress_sql('x.a', 'x.s', 'x.m', 'x.d')} "
            "FROM (SELECT %s::numeric AS a, %s::numeric AS s, %s::numeric AS m, "
            "%s::text AS d) x", [actual, start, milestone, direction])
        reached, progress = cursor.fetchone()
    assert reached == rules.reached(actual, milestone, rules.Direction(direction))
    assert progress == rules.progress(actual, start, milestone, rules.Direction(direction))


def _link_outcomes(rng: random.Random) -> None:
    from programmes.models import CpoOutcomeLink, PBOutcome

    outcomes = list(PBOutcome.objects.order_by("id")[:3])
    for cpo_id in sorted({i.cpo_id for i in Indicator.objects.all()}):
        for biennium in Biennium.objects.filter(start_year__in=[2012, 2014]):
            if rng.random() < 0.7:
                CpoOutcomeLink.objects.create(cpo_id=cpo_id, biennium=biennium,
                                              pb_outcome=rng.choice(outcomes))


def _rollups(snapshot):
    from programmes.models import ResultRollup

    return sorted(ResultRollup.objects.filter(snapshot=snapshot).values_list(
        "biennium_id", "level", "key", "subject", "status", "count"))


@pytest.mark.parametrize("engine", [
    "python",
    pytest.param("sql", marks=pytest.mark.postgres("the SQL engine"))])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1),
       as_of=st.dates(dt.date(2012, 1, 1), dt.date(2018, 12, 31)),
       rounds=st.integers(1, 3))
def test_recomputing_a_few_indicators_equals_a_full_recompute(engine, seed, as_of, rounds):
    """In one or more rounds, approve some waiting updates (now and then revising a
    milestone), recompute only their indicators by the engine under test (on PostgreSQL the
    full recompute's SQL restricted to them, roll-ups by difference), and compare every
    result and roll-up with a full recompute by the same engine."""
    from django.db.models import Max

    rng = random.Random(seed)
    try:
        with transaction.atomic():
            _build(rng)
            _link_outcomes(rng)
            results.results_recompute_all(as_of=as_of, engine=engine)
            seq = ProgressUpdate.objects.aggregate(m=Max("approval_seq"))["m"] or 0
            for _ in range(rounds):
                waiting = list(ProgressUpdate.objects.filter(status="submitted"))
                chosen = (rng.sample(waiting, min(len(waiting), rng.randint(1, 3)))
                          if waiting else [])
                for update in chosen:
                    seq += 1
                    ProgressUpdate.objects.filter(pk=update.pk).update(
                        status="approved", approval_seq=seq + 1000)
                touched = {u.indicator_id for u in chosen}
                numeric = list(BiennialMilestone.objects.filter(value__isnull=False)
                               .order_by("pk"))
                revised = rng.choice(numeric) if numeric and rng.random() < 0.3 else None
                if revised is not None:
                    BiennialMilestone.objects.filter(pk=revised.pk).update(
                        value=Decimal(rng.randint(0, 100)))
                    touched.add(revised.indicator_id)
                snapshot = results.results_recompute_indicators(indicator_ids=touched,
                                                                engine=engine)
            incremental = (_rows(snapshot), _rollups(snapshot))
            full = results.results_recompute_all(as_of=as_of, engine=engine)
            assert incremental == (_rows(full), _rollups(full))
            raise _Rollback
    except _Rollback:
        pass

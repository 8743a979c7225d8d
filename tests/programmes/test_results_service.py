"""Computing results from the database: indicator and CPO statuses per biennium, progress
toward the end target, roll-ups, the atomic swap of a full recompute, and the recompute of
only the affected rows after an approval."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from core.models import TaskRun
from core.roles import Role
from programmes.models import (
    Biennium,
    CpoOutcomeLink,
    CpoResult,
    IndicatorResult,
    PBOutcome,
    PendingRecompute,
    ResultRollup,
    ResultSnapshot,
    Unit,
)
from programmes.services import indicators as svc
from programmes.services import results
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db
D = Decimal


def b(code: str) -> Biennium:
    return Biennium.objects.get(code=code)


@pytest.fixture
def approver(db):
    return UserFactory(username="approver", role=Role.MANAGER)


@pytest.fixture
def cpo():
    cpo = CpoFactory(code="ALB101")
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=b("2012-13"),
                                  pb_outcome=PBOutcome.objects.filter(
                                      framework__code="SPF 2010-15").order_by("id").first())
    return cpo


def _approved(indicator, user, approver, day, **values):
    update = svc.progress_update_create(user=user, indicator=indicator, date=day, submit=True,
                                        **values)
    return svc.progress_update_approve(user=approver, update=update)


def _indicator(cpo, user, **fields):
    return svc.indicator_create(user=user, cpo=cpo, title="Agreements", **fields)


def test_statuses_after_the_biennium_match_the_rules(cpo, field_user, approver):
    # Baseline 10, milestone 20 for 2012-13: 20 reached → achieved; 16 → 60 % → partly.
    achieved = _indicator(cpo, field_user, baseline_value=D("10"),
                          milestones={b("2012-13"): (D("20"), "")})
    partly = _indicator(cpo, field_user, baseline_value=D("10"),
                        milestones={b("2012-13"): (D("20"), "")})
    _approved(achieved, field_user, approver, dt.date(2013, 5, 1), value=D("21"))
    _approved(partly, field_user, approver, dt.date(2013, 5, 1), value=D("16"))

    results.results_recompute_all(as_of=dt.date(2014, 3, 1))

    rows = {r.indicator_id: r for r in IndicatorResult.objects.all()}
    assert (rows[achieved.pk].status, rows[achieved.pk].progress) == ("achieved", D("110.0"))
    assert (rows[partly.pk].status, rows[partly.pk].progress) == ("partly_achieved", D("60.0"))
    assert rows[partly.pk].start == D("10") and rows[partly.pk].actual == D("16")
    assert CpoResult.objects.get(cpo=cpo).status == "partly_achieved"


def test_only_approved_updates_count(cpo, field_user, approver):
    indicator = _indicator(cpo, field_user, baseline_value=D("10"),
                           milestones={b("2012-13"): (D("20"), "")})
    svc.progress_update_create(user=field_user, indicator=indicator,
                               date=dt.date(2013, 5, 1), value=D("25"), submit=True)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    assert IndicatorResult.objects.get(indicator=indicator).status == "no_data"
    assert CpoResult.objects.get(cpo=cpo).status == "no_data"


def test_during_the_biennium_progress_is_compared_with_elapsed_time(cpo, field_user, approver):
    indicator = _indicator(cpo, field_user, baseline_value=D("0"),
                           milestones={b("2012-13"): (D("100"), "")})
    _approved(indicator, field_user, approver, dt.date(2012, 6, 1), value=D("40"))
    # 1 January 2013 is day 366 of 731: 50.1 % of the biennium has elapsed.
    results.results_recompute_all(as_of=dt.date(2013, 1, 1))
    assert IndicatorResult.objects.get().status == "off_track"
    results.results_recompute_all(as_of=dt.date(2012, 9, 1))
    assert IndicatorResult.objects.get().status == "on_track"


def test_cumulative_and_percentage_indicators(cpo, field_user, approver):
    cumulative = _indicator(cpo, field_user, cumulative=True, baseline_value=D("100"),
                            target_value=D("200"),
                            milestones={b("2012-13"): (D("150"), "")})
    _approved(cumulative, field_user, approver, dt.date(2012, 5, 1), value=D("30"))
    _approved(cumulative, field_user, approver, dt.date(2013, 5, 1), value=D("30"))
    share = _indicator(cpo, field_user, unit=Unit.PERCENTAGE, baseline_value=D("20"),
                       milestones={b("2012-13"): (D("30"), "")})
    _approved(share, field_user, approver, dt.date(2013, 5, 1), numerator=D("36"),
              denominator=D("120"))

    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    rows = {r.indicator_id: r for r in IndicatorResult.objects.all()}
    assert rows[cumulative.pk].actual == D("160")
    assert rows[cumulative.pk].status == "achieved"
    assert rows[cumulative.pk].target_progress == D("60.0")  # (160 - 100) / (200 - 100)
    assert rows[share.pk].actual == D("30")
    assert rows[share.pk].status == "achieved"


def test_decreasing_and_qualitative_indicators(cpo, field_user, approver):
    falling = _indicator(cpo, field_user, direction="decrease", baseline_value=D("50"),
                         milestones={b("2012-13"): (D("30"), "")})
    _approved(falling, field_user, approver, dt.date(2013, 5, 1), value=D("28"))
    qualitative = svc.indicator_create(
        user=field_user, cpo=cpo, title="System in place", unit=Unit.QUALITATIVE,
        milestones={b("2012-13"): (None, "A monitoring system in place")})
    _approved(qualitative, field_user, approver, dt.date(2013, 5, 1), reached=False)

    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    rows = {r.indicator_id: r for r in IndicatorResult.objects.all()}
    assert rows[falling.pk].status == "achieved"
    assert rows[qualitative.pk].status == "not_achieved"
    assert CpoResult.objects.get(cpo=cpo).status == "partly_achieved"


def test_a_full_recompute_by_the_python_engine_swaps_in_a_new_snapshot(cpo, field_user,
                                                                        approver):
    _indicator(cpo, field_user, baseline_value=D("1"), milestones={b("2012-13"): (D("2"), "")})
    first = results.results_recompute_all(as_of=dt.date(2014, 1, 1), engine="python")
    second = results.results_recompute_all(as_of=dt.date(2014, 1, 2), engine="python")
    assert list(ResultSnapshot.objects.values_list("pk", "is_current")) == [(second.pk, True)]
    assert not IndicatorResult.objects.filter(snapshot_id=first.pk).exists()


@pytest.mark.postgres("the SQL engine")
def test_a_full_recompute_by_sql_rewrites_only_the_results_that_change(cpo, field_user,
                                                                       approver):
    """The nightly run brings the current snapshot to the new date in place: a result that
    stays the same keeps its row; one that changes is replaced; the snapshot's date moves."""
    steady = _indicator(cpo, field_user, baseline_value=D("0"),
                        milestones={b("2012-13"): (D("10"), "")})
    moving = _indicator(cpo, field_user, baseline_value=D("0"),
                        milestones={b("2014-15"): (D("10"), "")})
    _approved(steady, field_user, approver, dt.date(2012, 6, 1), value=D("10"))
    _approved(moving, field_user, approver, dt.date(2014, 3, 1), value=D("3"))
    first = results.results_recompute_all(as_of=dt.date(2014, 6, 1), engine="sql")
    rows = {r.indicator_id: r for r in IndicatorResult.objects.filter(snapshot=first)}
    assert rows[moving.pk].status == "on_track"  # 30 % done after 21 % of the time

    second = results.results_recompute_all(as_of=dt.date(2015, 1, 1), engine="sql")
    assert second.pk == first.pk and second.as_of == dt.date(2015, 1, 1)
    after = {r.indicator_id: r for r in IndicatorResult.objects.filter(snapshot=second)}
    assert after[steady.pk].pk == rows[steady.pk].pk  # unchanged: not rewritten
    assert after[moving.pk].status == "off_track"  # 30 % done after 50 % of the time
    assert after[moving.pk].pk != rows[moving.pk].pk
    assert CpoResult.objects.get(cpo=cpo, biennium=b("2014-15")).status == "off_track"
    assert ResultRollup.objects.get(snapshot=second, biennium=b("2014-15"), level="country",
                                    key=cpo.dwcp.country_id, subject="indicator",
                                    status="off_track").count == 1
    assert not ResultRollup.objects.filter(biennium=b("2014-15"), status="on_track").exists()
    assert ResultSnapshot.objects.count() == 1


@pytest.mark.postgres("the SQL engine")
def test_a_recompute_in_place_that_fails_midway_leaves_the_results_as_they_were(
        cpo, field_user, approver, monkeypatch):
    """The indicator results are rewritten, then writing the CPO results fails: nothing of
    the run remains, and readers still see the previous results and date."""
    from programmes.results import sql as results_sql

    indicator = _indicator(cpo, field_user, baseline_value=D("0"),
                           milestones={b("2014-15"): (D("10"), "")})
    _approved(indicator, field_user, approver, dt.date(2014, 3, 1), value=D("3"))
    snapshot = results.results_recompute_all(as_of=dt.date(2014, 6, 1), engine="sql")
    before = list(IndicatorResult.objects.values_list("pk", "status", "progress"))
    apply = results_sql._apply

    def failing(table, *args):
        if table == "programmes_cporesult":
            return "SELECT 1 / 0"
        return apply(table, *args)

    monkeypatch.setattr(results_sql, "_apply", failing)
    with pytest.raises(Exception, match="division by zero"):
        results.results_recompute_all(as_of=dt.date(2015, 1, 1), engine="sql")
    assert list(IndicatorResult.objects.values_list("pk", "status", "progress")) == before
    snapshot.refresh_from_db()
    assert snapshot.as_of == dt.date(2014, 6, 1) and snapshot.is_current


def test_rollups_count_by_country_region_and_outcome(cpo, field_user, approver):
    indicator = _indicator(cpo, field_user, baseline_value=D("10"),
                           milestones={b("2012-13"): (D("20"), "")})
    _approved(indicator, field_user, approver, dt.date(2013, 5, 1), value=D("20"))
    snapshot = results.results_recompute_all(as_of=dt.date(2014, 1, 1))

    def count(level, key, subject, status):
        return ResultRollup.objects.get(snapshot=snapshot, biennium=b("2012-13"), level=level,
                                        key=key, subject=subject, status=status).count

    albania = country("ALB")
    outcome = cpo.outcome_links.get().pb_outcome
    assert count("country", albania.pk, "cpo", "achieved") == 1
    assert count("region", albania.region_id, "indicator", "achieved") == 1
    assert count("pb_outcome", outcome.pk, "cpo", "achieved") == 1
    assert count("strategic_objective", outcome.strategic_objective_id, "cpo", "achieved") == 1
    assert count("pb_outcome", outcome.pk, "member_states", "") == 1


def test_recomputing_after_an_approval_touches_only_the_affected_cpo(cpo, field_user,
                                                                       approver):
    indicator = _indicator(cpo, field_user, baseline_value=D("10"),
                           milestones={b("2012-13"): (D("20"), "")})
    other_cpo = CpoFactory(code="ALB102", priority=cpo.priority, dwcp=cpo.dwcp)
    other = svc.indicator_create(user=field_user, cpo=other_cpo, title="Other",
                                 baseline_value=D("1"),
                                 milestones={b("2012-13"): (D("2"), "")})
    snapshot = results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    untouched = IndicatorResult.objects.get(indicator=other)

    _approved(indicator, field_user, approver, dt.date(2013, 5, 1), value=D("20"))
    results.results_recompute_indicators(indicator_ids=[indicator.pk])

    assert IndicatorResult.objects.get(indicator=indicator, snapshot=snapshot).status == \
        "achieved"
    assert IndicatorResult.objects.get(indicator=other).pk == untouched.pk
    assert ResultRollup.objects.get(snapshot=snapshot, level="country", subject="cpo",
                                    status="achieved").count == 1


def test_an_approval_queues_the_recompute_of_its_indicator(cpo, field_user, approver,
                                                           django_capture_on_commit_callbacks):
    indicator = _indicator(cpo, field_user, baseline_value=D("10"),
                           milestones={b("2012-13"): (D("20"), "")})
    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        _approved(indicator, field_user, approver, dt.date(2013, 5, 1), value=D("20"))
    # Tasks run in-process in tests: the recompute has happened and is recorded.
    run = TaskRun.objects.get(name="programmes.recompute_pending")
    assert run.status == TaskRun.Status.SUCCEEDED
    assert run.parameters == {"indicator_ids": [indicator.pk]}
    assert IndicatorResult.objects.get(indicator=indicator).status == "achieved"
    assert not PendingRecompute.objects.exists()


def test_a_burst_of_changes_is_recomputed_once(cpo, field_user, approver):
    from django.core.cache import cache

    first = _indicator(cpo, field_user, baseline_value=D("10"),
                       milestones={b("2012-13"): (D("20"), "")})
    second = _indicator(cpo, field_user, baseline_value=D("10"),
                        milestones={b("2012-13"): (D("20"), "")})
    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    # A run is already queued (the key is taken): changes only join the pending set.
    cache.set(results.SCHEDULED_KEY, 1)
    try:
        _approved(first, field_user, approver, dt.date(2013, 5, 1), value=D("20"))
        _approved(second, field_user, approver, dt.date(2013, 5, 1), value=D("12"))
        svc.milestone_set(user=field_user, indicator=first, biennium=b("2012-13"),
                          value=D("25"), reason="Revised")
    finally:
        cache.delete(results.SCHEDULED_KEY)
    assert set(PendingRecompute.objects.values_list("indicator_id", flat=True)) == {
        first.pk, second.pk}
    assert sorted(results.results_recompute_pending()) == sorted([first.pk, second.pk])
    statuses = dict(IndicatorResult.objects.values_list("indicator_id", "status"))
    # First: (20 - 10) / (25 - 10) = 66.7 %; second: (12 - 10) / (20 - 10) = 20 %.
    assert statuses == {first.pk: "partly_achieved", second.pk: "not_achieved"}
    assert not PendingRecompute.objects.exists()
    assert results.results_recompute_pending() == []


def test_a_full_recompute_settles_what_was_pending(cpo, field_user, approver):
    indicator = _indicator(cpo, field_user, baseline_value=D("10"),
                           milestones={b("2012-13"): (D("20"), "")})
    _approved(indicator, field_user, approver, dt.date(2013, 5, 1), value=D("20"))
    assert PendingRecompute.objects.exists()
    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    assert not PendingRecompute.objects.exists()


def test_compute_indicators_command(cpo, field_user, capsys):
    _indicator(cpo, field_user, baseline_value=D("1"), milestones={b("2012-13"): (D("2"), "")})
    call_command("compute_indicators", "--as-of", "2014-01-01")
    printed = capsys.readouterr().out
    assert "Results computed as of 2014-01-01: 1 indicator results, 1 CPO results" in printed
    assert ResultSnapshot.objects.get().as_of == dt.date(2014, 1, 1)
    with pytest.raises(CommandError, match="--as-of must be a date"):
        call_command("compute_indicators", "--as-of", "yesterday")


def _rollup_set(snapshot=None):
    snapshot = snapshot or ResultSnapshot.objects.get(is_current=True)
    return set(ResultRollup.objects.filter(snapshot=snapshot).values_list(
        "biennium_id", "level", "key", "subject", "status", "count"))


def test_incremental_rollups_equal_a_full_recompute(cpo, field_user, approver):
    from tests.programmes.factories import CountryPriorityFactory, DwcpFactory

    outcome = cpo.outcome_links.get().pb_outcome
    other_dwcp = DwcpFactory(country=country("MDA"), title="Moldova")
    other_cpo = CpoFactory(code="MDA101", priority=CountryPriorityFactory(dwcp=other_dwcp),
                           dwcp=other_dwcp)
    CpoOutcomeLink.objects.create(cpo=other_cpo, biennium=b("2012-13"), pb_outcome=outcome)
    moldova_staff = UserFactory(username="field.mda", role=Role.FIELD_STAFF,
                                countries=[country("MDA")])
    indicators = [
        _indicator(cpo, field_user, baseline_value=D("10"),
                   milestones={b("2012-13"): (D("20"), ""), b("2014-15"): (D("30"), "")}),
        _indicator(cpo, field_user, baseline_value=D("5"),
                   milestones={b("2012-13"): (D("8"), "")}),
        svc.indicator_create(user=moldova_staff, cpo=other_cpo, title="Moldova",
                             baseline_value=D("1"), milestones={b("2012-13"): (D("3"), "")}),
    ]
    _approved(indicators[2], moldova_staff, approver, dt.date(2013, 3, 1), value=D("3"))
    results.results_recompute_all(as_of=dt.date(2016, 1, 1))

    _approved(indicators[0], field_user, approver, dt.date(2013, 5, 1), value=D("20"))
    _approved(indicators[1], field_user, approver, dt.date(2013, 5, 1), value=D("8"))
    results.results_recompute_indicators(indicator_ids=[indicators[0].pk, indicators[1].pk])
    incremental = _rollup_set()

    results.results_recompute_all(as_of=dt.date(2016, 1, 1))
    assert incremental == _rollup_set()
    # Both member States now have an achieved CPO under the outcome in 2012-13.
    assert (b("2012-13").pk, "pb_outcome", outcome.pk, "member_states", "", 2) in incremental


def test_compute_indicators_for_one_biennium(cpo, field_user, approver, capsys):
    indicator = _indicator(cpo, field_user, baseline_value=D("10"),
                           milestones={b("2012-13"): (D("20"), "")})
    with pytest.raises(CommandError, match="No results have been computed yet"):
        call_command("compute_indicators", "--biennium", "2012-13")
    call_command("compute_indicators", "--as-of", "2014-01-01")
    snapshot = ResultSnapshot.objects.get()
    # An approval whose recompute never ran (no commit in this test): the command catches up.
    _approved(indicator, field_user, approver, dt.date(2013, 5, 1), value=D("20"))
    call_command("compute_indicators", "--biennium", "2012-13")
    assert "Recomputed 1 indicators with a milestone in 2012-13" in capsys.readouterr().out
    assert IndicatorResult.objects.get(indicator=indicator, snapshot=snapshot).status == \
        "achieved"
    with pytest.raises(CommandError, match="no biennium '2099-00'"):
        call_command("compute_indicators", "--biennium", "2099-00")
    with pytest.raises(CommandError, match="Use --full"):
        call_command("compute_indicators", "--biennium", "2012-13", "--as-of", "2015-01-01")

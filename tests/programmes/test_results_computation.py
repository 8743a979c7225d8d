"""The computation rules of docs/indicators.md, as examples and as properties."""
import datetime as dt
import random
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programmes.results.computation import (
    Direction,
    Period,
    Status,
    Update,
    actual,
    biennium_start_year,
    cpo_status,
    elapsed_share,
    end_target,
    measured_value,
    progress,
    qualitative_status,
    quantitative_status,
    start,
    target_progress,
)

B = Period(2020)
PREV = Period(2018)


def upd(day, value=None, seq=0, **kw):
    return Update(date=day, approved_seq=seq, value=None if value is None else D(value), **kw)


# --- examples -----------------------------------------------------------------------------

def test_biennium_runs_from_first_january_of_even_year_to_end_of_next_year():
    assert (B.start, B.end, B.days) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31), 731)


def test_a_date_falls_in_the_biennium_of_its_year():
    assert [biennium_start_year(y) for y in (2019, 2020, 2021, 2022)] == [2018, 2020, 2020,
                                                                           2022]
    assert Period.of(dt.date(2021, 12, 31)) == Period.of(dt.date(2020, 1, 1)) == B
    assert Period.of(dt.date(2022, 1, 1)) == Period(2022)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_the_biennium_of_a_date_contains_it(day):
    assert Period.of(day).contains(day)


def test_value_of_percentage_update_is_rounded_to_four_decimals_half_up():
    assert measured_value(value=None, numerator=D(1), denominator=D(3)) == D("33.3333")
    assert measured_value(value=None, numerator=D(1), denominator=D(160000)) == D("0.0006")
    assert measured_value(value=D("7.5"), numerator=D(1), denominator=D(3)) == D("7.5")
    assert measured_value(value=None, numerator=None, denominator=D(3)) is None


def test_end_target_is_the_value_or_the_baseline_raised_by_the_percentage():
    assert end_target(target_value=D(80), target_increase_pct=None, baseline=D(50)) == D(80)
    assert end_target(target_value=None, target_increase_pct=D(25), baseline=D(200)) == D(250)
    assert end_target(target_value=None, target_increase_pct=D(25), baseline=None) is None


def test_progress_toward_the_end_target_uses_the_latest_value_known_at_the_as_of_date():
    ups = [upd(dt.date(2020, 3, 1), "30", seq=2), upd(dt.date(2020, 3, 1), "40", seq=1),
           upd(dt.date(2022, 3, 1), "90", seq=3)]
    kw = {"baseline": D(20), "target": D(60), "direction": Direction.INCREASE,
          "as_of": dt.date(2021, 1, 1)}
    assert target_progress(ups, cumulative=False, **kw) == D("25.0")  # 30, approved last
    assert target_progress(ups, cumulative=True, **kw) == D("175.0")  # 20 + 30 + 40 = 90
    assert target_progress(ups, cumulative=False, **{**kw, "baseline": None}) is None
    assert target_progress([], cumulative=False, **kw) is None


def test_value_of_percentage_update_is_100_times_numerator_over_denominator():
    assert Update(date=B.start, approved_seq=1, numerator=D(3), denominator=D(8)).measured == \
        D("37.5")
    assert Update(date=B.start, approved_seq=1, numerator=D(3), denominator=D(0)).measured \
        is None


def test_non_cumulative_actual_is_latest_update_within_biennium_ties_by_last_approved():
    ups = [upd(dt.date(2020, 5, 1), 10, seq=1), upd(dt.date(2021, 3, 1), 30, seq=2),
           upd(dt.date(2021, 3, 1), 25, seq=3), upd(dt.date(2022, 1, 1), 99, seq=4)]
    assert actual(ups, B, cumulative=False, baseline=D(5)) == D(25)


def test_no_update_within_biennium_means_no_data_even_when_earlier_data_exists():
    ups = [upd(dt.date(2019, 5, 1), 10, seq=1)]
    assert actual(ups, B, cumulative=False, baseline=D(0)) is None
    assert actual(ups, B, cumulative=True, baseline=D(0)) is None


def test_cumulative_actual_is_baseline_plus_all_increments_to_end_of_biennium():
    ups = [upd(dt.date(2019, 5, 1), 4, seq=1), upd(dt.date(2020, 5, 1), 10, seq=2),
           upd(dt.date(2021, 12, 31), 6, seq=3), upd(dt.date(2022, 1, 1), 100, seq=4)]
    assert actual(ups, B, cumulative=True, baseline=D(50)) == D(70)
    assert start(ups, B, cumulative=True, baseline=D(50)) == D(54)
    assert actual(ups, B, cumulative=True, baseline=None) == D(20)


def test_start_is_latest_value_before_biennium_else_baseline():
    ups = [upd(dt.date(2019, 5, 1), 40, seq=1), upd(dt.date(2019, 2, 1), 35, seq=2)]
    assert start(ups, B, cumulative=False, baseline=D(20)) == D(40)
    assert start([], B, cumulative=False, baseline=D(20)) == D(20)


def test_progress_one_decimal_not_clamped():
    assert progress(D(75), D(50), D(100), Direction.INCREASE) == D("50.0")
    assert progress(D(1), D(0), D(3), Direction.INCREASE) == D("33.3")
    assert progress(D(2), D(0), D(3), Direction.INCREASE) == D("66.7")
    assert progress(D(150), D(50), D(100), Direction.INCREASE) == D("200.0")
    assert progress(D(40), D(50), D(100), Direction.INCREASE) == D("-20.0")
    assert progress(D(15), D(20), D(10), Direction.DECREASE) == D("50.0")


def test_progress_when_milestone_equals_start():
    assert progress(D(10), D(10), D(10), Direction.INCREASE) == D(100)
    assert progress(D(9), D(10), D(10), Direction.INCREASE) == D(0)
    assert progress(D(9), D(10), D(10), Direction.DECREASE) == D(100)


@pytest.mark.parametrize(("value", "expected"), [
    (90, Status.ACHIEVED), (80, Status.PARTLY_ACHIEVED), (75, Status.PARTLY_ACHIEVED),
    (74.9, Status.NOT_ACHIEVED), (60, Status.NOT_ACHIEVED)])
def test_status_after_the_biennium(value, expected):
    # seeds/004 indicator 1.1 style: start 70, milestone 80 -> 50 % progress at 75
    ups = [upd(dt.date(2019, 12, 1), 70, seq=1), upd(dt.date(2021, 6, 1), D(str(value)), seq=2)]
    result = quantitative_status(ups, B, milestone=D(80), direction=Direction.INCREASE,
                                 cumulative=False, baseline=D(60), as_of=dt.date(2022, 3, 1))
    assert result.status == (Status.ACHIEVED if value >= 80 else expected)


def test_status_after_the_biennium_without_data_is_no_data():
    result = quantitative_status([], B, milestone=D(80), direction=Direction.INCREASE,
                                 cumulative=False, baseline=D(60), as_of=dt.date(2022, 3, 1))
    assert result.status == Status.NO_DATA


def test_status_during_the_biennium_compares_progress_with_elapsed_share():
    as_of = dt.date(2021, 1, 1)  # 366 whole days of 731 elapsed: 50.07 %
    assert elapsed_share(B, as_of) == D(366) / D(731)
    ups_on = [upd(dt.date(2020, 6, 1), D("50.1"), seq=1)]  # progress 50.1 >= 50.07
    ups_off = [upd(dt.date(2020, 6, 1), D("50.0"), seq=1)]  # progress 50.0 < 50.07
    kw = {"milestone": D(100), "direction": Direction.INCREASE, "cumulative": False,
          "baseline": D(0), "as_of": as_of}
    assert quantitative_status(ups_on, B, **kw).status == Status.ON_TRACK
    assert quantitative_status(ups_off, B, **kw).status == Status.OFF_TRACK
    assert quantitative_status([], B, **kw).status == Status.NO_DATA


def test_status_before_the_biennium_is_not_started():
    result = quantitative_status([], B, milestone=D(1), direction=Direction.INCREASE,
                                 cumulative=False, baseline=D(0), as_of=dt.date(2019, 12, 31))
    assert result.status == Status.NOT_STARTED


def test_updates_after_the_as_of_date_are_ignored():
    ups = [upd(dt.date(2020, 3, 1), 10, seq=1), upd(dt.date(2021, 6, 1), 100, seq=2)]
    kw = {"milestone": D(100), "direction": Direction.INCREASE, "cumulative": False,
          "baseline": D(0)}
    assert quantitative_status(ups, B, as_of=dt.date(2021, 1, 1), **kw).actual == D(10)
    assert quantitative_status(ups, B, as_of=dt.date(2022, 1, 1), **kw).status == \
        Status.ACHIEVED


def test_decreasing_indicator_is_reached_at_or_below_milestone():
    ups = [upd(dt.date(2021, 6, 1), 12, seq=1)]
    kw = {"direction": Direction.DECREASE, "cumulative": False, "baseline": D(20),
          "as_of": dt.date(2022, 1, 5)}
    assert quantitative_status(ups, B, milestone=D(12), **kw).status == Status.ACHIEVED
    assert quantitative_status(ups, B, milestone=D(10), **kw).status == Status.PARTLY_ACHIEVED
    assert quantitative_status(ups, B, milestone=D(2), **kw).status == Status.NOT_ACHIEVED


def test_qualitative_milestone_reached_or_not_by_the_latest_approved_update():
    after, during = dt.date(2022, 2, 1), dt.date(2021, 2, 1)
    yes = [Update(date=dt.date(2020, 9, 1), approved_seq=1, reached=False),
           Update(date=dt.date(2021, 1, 1), approved_seq=2, reached=True)]
    assert qualitative_status(yes, B, as_of=after).status == Status.ACHIEVED
    assert qualitative_status(yes[:1], B, as_of=after).status == Status.NOT_ACHIEVED
    assert qualitative_status(yes, B, as_of=during).status == Status.ON_TRACK
    assert qualitative_status(yes[:1], B, as_of=during).status == Status.OFF_TRACK
    assert qualitative_status([], B, as_of=after).status == Status.NO_DATA
    assert qualitative_status(yes, B, as_of=dt.date(2019, 1, 1)).status == Status.NOT_STARTED


@pytest.mark.parametrize(("statuses", "expected"), [
    ([Status.ACHIEVED, Status.ACHIEVED], Status.ACHIEVED),
    ([Status.ACHIEVED, Status.NOT_ACHIEVED], Status.PARTLY_ACHIEVED),
    ([Status.PARTLY_ACHIEVED, Status.NO_DATA], Status.PARTLY_ACHIEVED),
    ([Status.NOT_ACHIEVED, Status.NO_DATA], Status.NOT_ACHIEVED),
    ([Status.NO_DATA, Status.NO_DATA], Status.NO_DATA),
    ([Status.ACHIEVED, Status.NO_DATA], Status.PARTLY_ACHIEVED),
    ([Status.ON_TRACK, Status.NO_DATA], Status.ON_TRACK),
    ([Status.ON_TRACK, Status.OFF_TRACK], Status.OFF_TRACK),
    ([Status.NOT_STARTED], Status.NOT_STARTED),
    ([], None),
])
def test_cpo_status(statuses, expected):
    assert cpo_status(statuses) == expected


# --- properties ---------------------------------------------------------------------------

values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False,
                     allow_infinity=False)
days = st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2023, 12, 31))
update_lists = st.lists(st.tuples(days, values), max_size=12).map(
    lambda rows: [upd(d, v, seq=i) for i, (d, v) in enumerate(rows)])


@given(update_lists, values, st.booleans(), st.randoms())
def test_result_does_not_depend_on_the_order_updates_arrive_in(ups, baseline, cumulative, rnd):
    shuffled = list(ups)
    rnd.shuffle(shuffled)
    assert actual(ups, B, cumulative=cumulative, baseline=baseline) == \
        actual(shuffled, B, cumulative=cumulative, baseline=baseline)
    assert start(ups, B, cumulative=cumulative, baseline=baseline) == \
        start(shuffled, B, cumulative=cumulative, baseline=baseline)


@given(update_lists, values, values, st.booleans(),
       st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2030, 1, 1)))
def test_after_the_biennium_achieved_exactly_when_reached(ups, baseline, milestone, cumulative,
                                                           as_of):
    for direction in Direction:
        r = quantitative_status(ups, B, milestone=milestone, direction=direction,
                                cumulative=cumulative, baseline=baseline, as_of=as_of)
        if r.actual is None:
            assert r.status == Status.NO_DATA
        else:
            reached = (r.actual >= milestone if direction == Direction.INCREASE
                       else r.actual <= milestone)
            assert (r.status == Status.ACHIEVED) == reached
            if not reached:
                assert (r.status == Status.PARTLY_ACHIEVED) == (r.progress >= 50)


@given(update_lists, values, values, st.booleans(), days)
def test_decrease_mirrors_increase_on_negated_values(ups, baseline, milestone, cumulative,
                                                      as_of):
    mirrored = [Update(date=u.date, approved_seq=u.approved_seq, value=-u.value) for u in ups]
    a = quantitative_status(ups, B, milestone=milestone, direction=Direction.INCREASE,
                            cumulative=cumulative, baseline=baseline, as_of=as_of)
    b = quantitative_status(mirrored, B, milestone=-milestone, direction=Direction.DECREASE,
                            cumulative=cumulative, baseline=-baseline, as_of=as_of)
    assert a.status == b.status
    assert a.progress == b.progress


@given(st.lists(values, min_size=1, max_size=10), values)
def test_cumulative_running_total(increments, baseline):
    ups = [upd(dt.date(2020, 1, 1) + dt.timedelta(days=30 * i), v, seq=i)
           for i, v in enumerate(increments)]
    assert actual(ups, B, cumulative=True, baseline=baseline) == baseline + sum(increments)


@given(values, values, values)
def test_progress_formula(a, s, m):
    p = progress(a, s, m, Direction.INCREASE)
    if m == s:
        assert p in (D(0), D(100))
    else:
        exact = (a - s) / (m - s) * 100
        assert abs(p - exact) <= D("0.05")


@settings(max_examples=200)
@given(st.lists(st.sampled_from([Status.ACHIEVED, Status.PARTLY_ACHIEVED, Status.NOT_ACHIEVED,
                                 Status.NO_DATA]), min_size=1, max_size=8))
def test_cpo_status_after_biennium_properties(statuses):
    result = cpo_status(statuses)
    assert (result == Status.ACHIEVED) == all(s == Status.ACHIEVED for s in statuses)
    if all(s == Status.NO_DATA for s in statuses):
        assert result == Status.NO_DATA
    random.shuffle(statuses)
    assert cpo_status(statuses) == result

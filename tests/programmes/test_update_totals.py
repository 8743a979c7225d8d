"""The per indicator and biennium totals of approved updates (programmes.UpdateTotal) that the
PostgreSQL trigger keeps: after any sequence of writes — created, approved, returned,
edited, moved to another date or indicator, deleted, one by one or in bulk — they equal the
totals summed again from the updates by the rules of docs/indicators.md, and two
transactions approving updates of the same indicator at once both count."""
import datetime as dt
import random
import threading
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import close_old_connections, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.models import Indicator, ProgressUpdate, UpdateTotal
from programmes.results import computation as rules
from tests.concurrency import backend_pid, wait_until_blocked
from tests.programmes.factories import CpoFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres("the totals are kept by a trigger"),
]


class _Rollback(Exception):
    pass


def expected_totals() -> dict:
    """The totals from the updates themselves, with the pure rules' value of an update."""
    groups: dict[tuple[int, int], list] = defaultdict(list)
    for u in ProgressUpdate.objects.filter(status="approved"):
        value = rules.Update(date=u.date, approved_seq=u.approval_seq or 0, value=u.value,
                             numerator=u.numerator, denominator=u.denominator).measured
        if value is not None:
            groups[(u.indicator_id, u.date.year - u.date.year % 2)].append(
                (u.date, u.approval_seq or 0, value))
    out = {}
    running: dict[int, tuple[Decimal, Decimal | None]] = {}
    keys = sorted(groups)
    for n, (indicator_id, year) in enumerate(keys):
        rows = groups[(indicator_id, year)]
        before, value_before = running.get(indicator_id, (Decimal(0), None))
        total = sum(v for _, _, v in rows)
        last = max(rows)[2]
        following = keys[n + 1] if n + 1 < len(keys) else None
        next_first = (min(groups[following])[0]
                      if following and following[0] == indicator_id else None)
        out[(indicator_id, year)] = (len(rows), total, last, min(rows)[0], max(rows)[0],
                                     before, value_before, next_first)
        running[indicator_id] = (before + total, last)
    return out


def stored_totals() -> dict:
    return {(t.indicator_id, t.start_year): (t.updates, t.total, t.last_value, t.first_date,
                                             t.last_date, t.total_before, t.value_before,
                                             t.next_first_date)
            for t in UpdateTotal.objects.all()}


def _indicators():
    cpo = CpoFactory(code="ALB101")
    return [Indicator.objects.create(cpo=cpo, code=f"ALB101.{n}", title="x", unit=unit)
            for n, unit in enumerate(["number", "percentage", "number"], start=1)]


OPERATIONS = ["create", "create", "approve", "approve", "return", "edit", "move", "delete",
              "bulk", "bulk_approve"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 2**16)),
                      min_size=1, max_size=30))
def test_totals_equal_the_updates_summed_again_after_any_writes(steps):
    try:
        with transaction.atomic():
            indicators = _indicators()
            for seq, (operation, seed) in enumerate(steps, start=1):
                rng = random.Random(seed)
                day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
                updates = list(ProgressUpdate.objects.order_by("pk"))
                chosen = rng.choice(updates) if updates else None
                if operation == "create" or chosen is None:
                    indicator = rng.choice(indicators)
                    fields = ({"numerator": Decimal(rng.randint(0, 50)),
                               "denominator": Decimal(rng.randint(1, 3))}
                              if indicator.unit == "percentage" and rng.random() < 0.6
                              else {"value": Decimal(rng.randint(-5, 100))})
                    ProgressUpdate.objects.create(
                        indicator=indicator, date=day, approval_seq=seq,
                        status=rng.choice(["draft", "submitted", "approved"]), **fields)
                elif operation == "approve":
                    chosen.status, chosen.approval_seq = "approved", seq
                    chosen.save()
                elif operation == "return":
                    ProgressUpdate.objects.filter(pk=chosen.pk).update(status="returned")
                elif operation == "edit":
                    chosen.date = day
                    if chosen.value is not None:
                        chosen.value = Decimal(rng.randint(0, 100))
                    chosen.save()
                elif operation == "move":
                    ProgressUpdate.objects.filter(pk=chosen.pk).update(
                        indicator=rng.choice(indicators))
                elif operation == "delete":
                    chosen.delete()
                elif operation == "bulk":
                    ProgressUpdate.objects.bulk_create(
                        ProgressUpdate(indicator=rng.choice(indicators), status="approved",
                                       date=day + dt.timedelta(days=rng.randint(0, 400)),
                                       value=Decimal(rng.randint(0, 100)),
                                       approval_seq=1000 * seq + k)
                        for k in range(rng.randint(1, 6)))
                else:  # every waiting update approved in one statement
                    ProgressUpdate.objects.filter(status="submitted").update(status="approved")
                assert stored_totals() == expected_totals(), operation
            raise _Rollback
    except _Rollback:
        pass


def test_ties_on_a_date_take_the_update_approved_last(cpo_indicator):
    day = dt.date(2014, 3, 1)
    ProgressUpdate.objects.create(indicator=cpo_indicator, date=day, value=5, status="approved",
                                  approval_seq=2)
    ProgressUpdate.objects.create(indicator=cpo_indicator, date=day, value=9, status="approved",
                                  approval_seq=1)
    total = UpdateTotal.objects.get(indicator=cpo_indicator, start_year=2014)
    assert (total.updates, total.total, total.last_value) == (2, 14, 5)


def test_editing_what_no_total_depends_on_leaves_the_totals_alone(cpo_indicator):
    update = ProgressUpdate.objects.create(indicator=cpo_indicator, date=dt.date(2014, 3, 1),
                                           value=40, status="approved", approval_seq=1)
    rows = list(UpdateTotal.objects.values_list("pk", "total"))
    update.narrative = "Survey of 2014 confirmed by the ministry."
    update.save()
    assert list(UpdateTotal.objects.values_list("pk", "total")) == rows  # not rebuilt
    update.value = 45
    update.save()
    assert list(UpdateTotal.objects.values_list("total", flat=True)) == [45]


def test_a_percentage_without_a_denominator_has_no_value(cpo_indicator):
    ProgressUpdate.objects.create(indicator=cpo_indicator, date=dt.date(2014, 3, 1),
                                  numerator=3, status="approved", approval_seq=1)
    assert not UpdateTotal.objects.exists()


@pytest.fixture
def cpo_indicator():
    return Indicator.objects.create(cpo=CpoFactory(code="ALB101"), code="ALB101.1", title="x",
                                    unit="percentage")


@pytest.mark.django_db(transaction=True)
def test_two_approvals_of_the_same_indicator_at_once_both_count():
    """The second transaction's trigger waits for the first to commit, then sums both."""
    indicator = Indicator.objects.create(cpo=CpoFactory(code="ALB101"), code="ALB101.1",
                                         title="x")
    first, second = (ProgressUpdate.objects.create(indicator=indicator, value=value,
                                                   date=dt.date(2014, 5, day),
                                                   status="submitted")
                     for value, day in [(10, 1), (20, 2)])
    second_pid: list[int] = []
    errors: list[BaseException] = []

    def approve(update, seq, before_commit=None):
        try:
            with transaction.atomic():
                if before_commit is None:  # the second: let the first see it wait
                    second_pid.append(backend_pid())
                ProgressUpdate.objects.filter(pk=update.pk).update(status="approved",
                                                                   approval_seq=seq)
                if before_commit:
                    before_commit()
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            close_old_connections()
            connections.close_all()

    started = threading.Event()
    one = threading.Thread(target=approve, args=(first, 1),
                           kwargs={"before_commit": lambda: (started.set(),
                                                             wait_until_blocked(second_pid))})
    one.start()
    started.wait(10)
    two = threading.Thread(target=approve, args=(second, 2))
    two.start()
    one.join(30)
    two.join(30)
    assert not errors
    total = UpdateTotal.objects.get(indicator=indicator, start_year=2014)
    assert (total.updates, total.total, total.last_value) == (2, 30, 20)

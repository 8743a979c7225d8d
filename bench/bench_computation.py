"""Benchmark: the results computation rules (pure functions) over many indicators.

The worker computes every indicator's status for every biennium; this measures how many
indicator-biennium results per second the rules themselves produce (no database).
Run with `make bench`."""
from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from programmes.results.computation import (  # noqa: E402
    Direction,
    Period,
    Update,
    quantitative_status,
)

INDICATORS = 20_000
UPDATES_PER_INDICATOR = 12


def make_indicators(rng: random.Random) -> list[tuple[list[Update], Decimal]]:
    indicators = []
    for _ in range(INDICATORS):
        updates = [
            Update(date=dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 6 * 365)),
                   approved_seq=seq, value=Decimal(rng.randrange(0, 200)))
            for seq in range(UPDATES_PER_INDICATOR)
        ]
        indicators.append((updates, Decimal(rng.randrange(50, 250))))
    return indicators


def main() -> None:
    rng = random.Random(2026)
    indicators = make_indicators(rng)
    periods = [Period(2018), Period(2020), Period(2022)]
    as_of = dt.date(2023, 6, 30)
    started = time.perf_counter()
    count = 0
    for updates, milestone in indicators:
        for period in periods:
            quantitative_status(updates, period, milestone=milestone,
                                direction=Direction.INCREASE, cumulative=False,
                                baseline=Decimal(10), as_of=as_of)
            count += 1
    elapsed = time.perf_counter() - started
    print(f"{count} indicator-biennium results in {elapsed:.2f} s "
          f"({count / elapsed:,.0f} per second, {UPDATES_PER_INDICATOR} updates each)")


if __name__ == "__main__":
    main()

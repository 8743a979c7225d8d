"""manage.py seed_synthetic --scale N — synthetic programme data for benchmarks.

At scale 1: DWCPs in every member State (about 150), 2,000 CPOs, 6,000 indicators with a
milestone for each biennium their DWCP spans, and 100,000 approved progress updates; scale N
multiplies the counts. Rows are written with bulk inserts and *without* history records: this
is load for a benchmark database, not programme data, so the command refuses to run outside
demo mode unless given ``--force``. ``--clear`` removes earlier synthetic data first (every
synthetic DWCP's title starts with "Synthetic").
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from constituents.models import Country
from core.management.base import ServiceCommand
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    DwcpStatus,
    Indicator,
    ProgressUpdate,
    UpdateStatus,
)
from programmes.results.computation import biennium_start_year

PER_SCALE = {"dwcps": 150, "cpos": 2_000, "indicators": 6_000, "updates": 100_000}
PREFIX = "Synthetic"
BATCH = 5_000


class Command(ServiceCommand):
    help = "Create synthetic DWCPs, CPOs, indicators and approved updates for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiplier (default 1)")
        parser.add_argument("--clear", action="store_true",
                            help="delete earlier synthetic data first")
        parser.add_argument("--force", action="store_true",
                            help="run even though DWCP_DEMO_MODE is off")
        parser.add_argument("--random-seed", type=int, default=2026, help="random seed")

    def handle(self, *args, scale: int, clear: bool, force: bool, random_seed: int,
               **options):
        if scale < 1 or scale > 50:
            raise CommandError("--scale must be between 1 and 50.")
        if not settings.DEMO_MODE and not force:
            raise CommandError("Synthetic data is for benchmark databases: set "
                               "DWCP_DEMO_MODE=true or pass --force.")
        if clear:
            deleted = seed_clear()
            self.stdout.write(f"Removed {deleted} synthetic DWCPs.")
        counts = seed(scale=scale, rng=random.Random(random_seed))
        self.stdout.write(self.style.SUCCESS(
            "Synthetic data: " + ", ".join(f"{n:,} {name}" for name, n in counts.items())))


def seed_clear() -> int:
    synthetic = Dwcp.objects.filter(title__startswith=PREFIX)
    ids = list(synthetic.values_list("id", flat=True))
    ProgressUpdate.objects.filter(indicator__cpo__dwcp_id__in=ids).delete()
    BiennialMilestone.objects.filter(indicator__cpo__dwcp_id__in=ids).delete()
    Indicator.objects.filter(cpo__dwcp_id__in=ids).delete()
    CountryProgrammeOutcome.objects.filter(dwcp_id__in=ids).delete()
    CountryPriority.objects.filter(dwcp_id__in=ids).delete()
    synthetic.delete()
    return len(ids)


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@transaction.atomic
def _count(name: str, scale: float) -> int:
    return max(1, round(PER_SCALE[name] * scale))


def seed(*, scale: float, rng: random.Random) -> dict[str, int]:
    """Add synthetic data of ``scale`` (fractions allowed, for tests)."""
    countries = list(Country.objects.order_by("id").values_list("id", "iso3"))
    biennia = {b.start_year: b for b in Biennium.objects.all()}
    today = timezone.localdate()
    n_dwcps = _count("dwcps", scale)
    batch_no = Dwcp.objects.filter(title__startswith=PREFIX).count()

    dwcps = []
    for i in range(n_dwcps):
        country_id, iso3 = countries[i % len(countries)]
        start = 2012 + 2 * rng.randrange(0, 6)  # 2012 … 2022
        length = rng.choice((4, 5))
        dwcps.append(Dwcp(country_id=country_id, start_year=start, end_year=start + length - 1,
                          title=f"{PREFIX} DWCP {batch_no + i + 1} of {iso3}",
                          status=DwcpStatus.COMPLETED))
    Dwcp.objects.bulk_create(dwcps, batch_size=BATCH)

    priorities = [CountryPriority(dwcp=d, code="1", title="Synthetic priority") for d in dwcps]
    CountryPriority.objects.bulk_create(priorities, batch_size=BATCH)

    cpos = []
    for dwcp, priority, count in zip(dwcps, priorities,
                                     _spread(_count("cpos", scale), n_dwcps), strict=True):
        for n in range(count):
            cpos.append(CountryProgrammeOutcome(
                dwcp=dwcp, priority=priority, code=f"S{dwcp.pk}C{n + 1}",
                title=f"Synthetic outcome {n + 1}"))
    CountryProgrammeOutcome.objects.bulk_create(cpos, batch_size=BATCH)

    indicators, milestones = [], []
    for cpo, count in zip(cpos, _spread(_count("indicators", scale), len(cpos)),
                          strict=True):
        for k in range(count):
            cumulative = rng.random() < 0.2
            baseline = Decimal(rng.randrange(0, 100))
            indicators.append(Indicator(
                cpo=cpo, code=f"{cpo.code}.{k + 1}", title=f"Synthetic indicator {k + 1}",
                cumulative=cumulative, baseline_value=baseline,
                direction="decrease" if rng.random() < 0.15 else "increase",
                target_value=baseline + rng.randrange(10, 200)))
    Indicator.objects.bulk_create(indicators, batch_size=BATCH)
    dwcp_of = {c.pk: c.dwcp for c in cpos}
    for indicator in indicators:
        dwcp = dwcp_of[indicator.cpo_id]
        first = biennium_start_year(dwcp.start_year)
        for year in range(first, dwcp.end_year + 1, 2):
            if year in biennia:
                step = Decimal(rng.randrange(5, 60))
                value = (indicator.baseline_value - step if indicator.direction == "decrease"
                         else indicator.baseline_value + step)
                milestones.append(BiennialMilestone(indicator=indicator,
                                                    biennium=biennia[year], value=value))
    BiennialMilestone.objects.bulk_create(milestones, batch_size=BATCH)

    seq = (ProgressUpdate.objects.aggregate(m=Max("approval_seq"))["m"] or 0)
    updates: list[ProgressUpdate] = []
    written = 0
    for indicator, count in zip(indicators, _spread(_count("updates", scale),
                                                    len(indicators)), strict=True):
        dwcp = dwcp_of[indicator.cpo_id]
        start = dt.date(dwcp.start_year, 1, 1)
        end = min(dt.date(dwcp.end_year, 12, 31), today)
        days = max((end - start).days, 1)
        for _ in range(count):
            seq += 1
            value = Decimal(rng.randrange(0, 20)) if indicator.cumulative else \
                Decimal(rng.randrange(0, 300))
            updates.append(ProgressUpdate(
                indicator=indicator, date=start + dt.timedelta(days=rng.randrange(days)),
                value=value, status=UpdateStatus.APPROVED, approval_seq=seq))
        if len(updates) >= BATCH:
            ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
            written += len(updates)
            updates = []
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    written += len(updates)
    return {"DWCPs": len(dwcps), "CPOs": len(cpos), "indicators": len(indicators),
            "milestones": len(milestones), "updates": written}

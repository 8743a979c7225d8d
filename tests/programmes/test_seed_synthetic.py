"""Synthetic benchmark data: the promised proportions, milestones inside each DWCP's period,
approved updates, and results the worker's code can compute."""
import random

import pytest
from django.core.management import CommandError, call_command

from programmes.management.commands.seed_synthetic import seed, seed_clear
from programmes.models import (
    BiennialMilestone,
    CountryProgrammeOutcome,
    Dwcp,
    Indicator,
    IndicatorResult,
    ProgressUpdate,
)
from programmes.services.results import results_recompute_all

pytestmark = pytest.mark.django_db


def test_a_small_scale_has_the_proportions_of_scale_one():
    counts = seed(scale=0.02, rng=random.Random(1))
    assert counts["DWCPs"] == 3 and counts["CPOs"] == 40 and counts["indicators"] == 120
    assert counts["updates"] == 2000
    assert ProgressUpdate.objects.filter(status="approved").count() == 2000
    assert Indicator.objects.values("code").distinct().count() == 120
    for milestone in BiennialMilestone.objects.select_related("indicator__cpo__dwcp",
                                                              "biennium"):
        dwcp = milestone.indicator.cpo.dwcp
        assert milestone.biennium.start_year <= dwcp.end_year
        assert milestone.biennium.end_year >= dwcp.start_year
    results_recompute_all()
    assert IndicatorResult.objects.count() == BiennialMilestone.objects.count()


def test_clear_removes_only_synthetic_data():
    seed(scale=0.01, rng=random.Random(2))
    assert seed_clear() == 2
    assert not Dwcp.objects.exists()
    assert not CountryProgrammeOutcome.objects.exists()


def test_the_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="benchmark databases"):
        call_command("seed_synthetic")
    with pytest.raises(CommandError, match="between 1 and 50"):
        call_command("seed_synthetic", "--scale", "0", "--force")

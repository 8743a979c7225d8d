"""Charts (issue 11): values drawn exactly where they are, a source line under every figure."""
import pytest
from matplotlib import pyplot as plt

from reporting.document.builder import DocumentBuilder
from reporting.renderers.charts import score_lines_figure, stacked_bars_figure
from tests.reporting.helpers import front


def test_capacity_score_points_are_drawn_at_their_scores():
    rounds = ["Baseline 2012", "Follow-up 2013", "Follow-up 2014"]
    # Two dimensions with the same scores: their lines overlap, neither is moved.
    series = [("Governance", [2, 4, None]), ("Services", [2, 4, 5]), ("Finance", [3, 3, 3])]
    fig = score_lines_figure(rounds=rounds, series=series, ylabel="Score")
    try:
        lines = fig.axes[0].lines
        assert [list(line.get_ydata()) for line in lines] == [[2, 4], [2, 4, 5], [3, 3, 3]]
        assert [list(line.get_xdata()) for line in lines] == [[0, 1], [0, 1, 2], [0, 1, 2]]
        # Overlapping lines stay distinguishable by their dash pattern.
        assert lines[0].get_linestyle() != lines[1].get_linestyle()
    finally:
        plt.close(fig)


def test_stacked_bars_are_as_long_as_the_counts():
    fig = stacked_bars_figure(categories=["2020-21", "2022-23"],
                              series=[("achieved", "Achieved", [3, 1]),
                                      ("not_achieved", "Not achieved", [2, 0])],
                              xlabel="CPOs")
    try:
        bars = fig.axes[0].patches
        assert [(b.get_x(), b.get_width()) for b in bars] == [(0, 3), (0, 1), (3, 2), (1, 0)]
    finally:
        plt.close(fig)


def test_a_figure_without_a_source_is_refused():
    builder = DocumentBuilder(front())
    builder.section("Results")
    with pytest.raises(ValueError, match="source"):
        builder.figure("Status", "<svg/>", alt="A chart.", source=" ")

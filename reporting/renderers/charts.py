"""Charts drawn with matplotlib as SVG (vector, sharp in print). Only this module produces
markup that reaches the PDF unescaped; labels are drawn as paths, never parsed as HTML."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Status colours of the web pages (static/css/results.css), with a pattern-free legend.
STATUS_COLOURS = {
    "achieved": "#17693a", "partly_achieved": "#c27c0e", "not_achieved": "#a4161a",
    "on_track": "#2e8b57", "off_track": "#d4501e", "no_data": "#9aa1b1",
    "not_started": "#d9dde6",
    # Participants by sex.
    "women": "#1e2dbe", "men": "#8c9bd9", "not_recorded": "#d9dde6",
}
# Lines of the capacity profile (one per dimension): distinct in colour and in marker, so
# they stay apart in black and white too.
LINE_COLOURS = ["#1e2dbe", "#c27c0e", "#17693a", "#a4161a", "#5b2a86", "#0e7c86", "#6b6f7a",
                "#d4501e"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def stacked_bars_figure(*, categories: list[str], series: list[tuple[str, str, list[int]]],
                        xlabel: str) -> Figure:
    """The matplotlib figure of :func:`stacked_bars` (the caller closes it)."""
    height = max(1.6, 0.42 * len(categories) + 1.1)
    fig, ax = plt.subplots(figsize=(6.3, height))
    left = [0] * len(categories)
    positions = list(range(len(categories)))
    for key, label, values in series:
        ax.barh(positions, values, left=left, color=STATUS_COLOURS.get(key, "#1e2dbe"),
                label=label, height=0.6, edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, categories, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if series:
        fig.legend(fontsize=7, frameon=False, ncol=min(4, len(series)), loc="lower center")
    fig.tight_layout(rect=(0, 0.08 if series else 0, 1, 1))
    return fig


def stacked_bars(*, categories: list[str], series: list[tuple[str, str, list[int]]],
                 xlabel: str) -> str:
    """Horizontal stacked bars: one bar per category, one segment per (key, label, values)
    series. Returns the SVG text."""
    return _svg(stacked_bars_figure(categories=categories, series=series, xlabel=xlabel))


# Line styles cycled with the colours: lines on the same scores overlap exactly (values are
# drawn where they are, never shifted), and the dash patterns and marker sizes let each one
# still be told apart.
LINE_STYLES = ["-", "--", ":", "-."]


def score_lines_figure(*, rounds: list[str], series: list[tuple[str, list[int | None]]],
                       ylabel: str) -> Figure:
    """The matplotlib figure of :func:`score_lines` (the caller closes it)."""
    legend_rows = (len(series) + 1) // 2
    height = 2.4 + 0.18 * legend_rows
    fig, ax = plt.subplots(figsize=(6.3, height))
    positions = list(range(len(rounds)))
    for n, (label, values) in enumerate(series):
        points = [(x, v) for x, v in zip(positions, values, strict=True) if v is not None]
        ax.plot([p[0] for p in points], [p[1] for p in points],
                color=LINE_COLOURS[n % len(LINE_COLOURS)], marker=MARKERS[n % len(MARKERS)],
                markersize=max(3.0, 7.5 - 0.6 * n), linewidth=1.4,
                linestyle=LINE_STYLES[n % len(LINE_STYLES)], label=label,
                markerfacecolor="none" if n % 2 else LINE_COLOURS[n % len(LINE_COLOURS)])
    ax.set_xticks(positions, rounds, fontsize=8)
    ax.set_xlim(-0.4, max(len(rounds) - 1, 0) + 0.4)
    ax.set_ylim(0.7, 5.3)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", color="#d9dde6", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if series:
        fig.legend(fontsize=7, frameon=False, ncol=2, loc="lower center")
    fig.tight_layout(rect=(0, (0.18 * legend_rows + 0.1) / height if series else 0, 1, 1))
    return fig


def score_lines(*, rounds: list[str], series: list[tuple[str, list[int | None]]],
                ylabel: str) -> str:
    """Scores (1–5) of each dimension over the assessment rounds: one line per (label,
    values) series, a value per round (None where the dimension was not scored), each point
    drawn exactly at its score. Returns the SVG text."""
    return _svg(score_lines_figure(rounds=rounds, series=series, ylabel=ylabel))


def _svg(fig: Figure) -> str:
    """The figure as SVG text (reproducible ids, no date), closed afterwards."""
    try:
        plt.rcParams["svg.hashsalt"] = "dwcp"
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        return out.getvalue()
    finally:
        plt.close(fig)
